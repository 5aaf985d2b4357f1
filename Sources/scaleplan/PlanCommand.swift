import ArgumentParser
import Planning
import Reporting

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Recommend model size and training tokens for a quality or budget, counting inference.",
        discussion: """
        Minimises training + inference cost (Sardana & Frankle 2024) and compares with the \
        Chinchilla-optimal model of the same quality.

        Examples:
          scaleplan plan --preset chinchilla-sardana --quality-of 30B --inference-tokens 1e13
          scaleplan plan --preset chinchilla-sardana --quality-of 70B --inference-tokens 1e13 --objective cost --train-gpu h100-sxm
          scaleplan plan --law law.json --budget-flops 1e23 --requests 1e9 --max-params 13B
        """)

    @OptionGroup var options: PlanOptions

    func run() throws {
        try reportingPlanErrors {
            let spec = options.spec
            let format = try spec.tableFormat
            let plan = try spec.makePlan()
            print(format == .json ? try jsonText(plan.jsonObject) : Table(plan: plan).render(format), terminator: "")
        }
    }
}
