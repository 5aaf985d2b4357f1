import ArgumentParser
import Planning
import Reporting

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Recommend model size and training tokens for a quality or budget, counting inference.",
        discussion: """
        Minimises training + inference cost (Sardana & Frankle 2024) and compares with the \
        Chinchilla-optimal model of the same quality. Numbers take suffixes (7B, 2T) or \
        exponents (1e13).

        Examples:
          scaleplan plan --preset chinchilla-sardana --quality-of 30B \\
              --inference-tokens 1e13
          scaleplan plan --preset chinchilla-sardana --quality-of 70B \\
              --requests 5e10 --objective cost --train-gpu h100-sxm \\
              --infer-gpu l40s --format json
          scaleplan plan --preset chinchilla-sardana --quality-of 13B \\
              --inference-tokens 2T --params 7B
        """)

    @OptionGroup var options: PlanOptions

    func run() throws {
        _ = try options.tableFormat
        let spec = options.spec
        let plan = try spec.makePlan()
        print(spec.format == .json ? JSON.text(plan.jsonObject) : Table(plan: plan).render(spec.format), terminator: "")
    }
}
