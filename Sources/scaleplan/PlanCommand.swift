import ArgumentParser
import Planning
import Reporting
import ScalingLaws
import Foundation

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
        // With --link, the metric the link gives the plan's loss, next to it.
        let linked = try spec.link.map { path -> (name: String, metric: Double) in
            let file = try LawFile.read(path: path)
            return (file.metric ?? "metric", try file.link().metric(loss: plan.recommended.loss))
        }
        if spec.format == .json {
            var o = plan.jsonObject
            if let linked { o["metric"] = linked.metric; o["metric_name"] = linked.name }
            print(JSON.text(o), terminator: "")
        } else {
            print(Table(plan: plan).render(spec.format), terminator: "")
            if let linked, spec.format == .text || spec.format == .markdown {
                print("\(linked.name) at the plan's loss \(String(format: "%.4g", plan.recommended.loss)): \(String(format: "%.4g", linked.metric)) (by the link in \(spec.link!))")
            }
        }
    }
}
