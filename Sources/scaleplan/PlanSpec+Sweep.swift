import Foundation
import Planning
import ScalingLaws

/// The plans of a sweep: the options with each point's values set, planned in order, each
/// solve warm-started from the optimum extrapolated from the two points before it (a faster
/// solve; the bracket, not the guess, guarantees the answer).
///
/// The plans are made in one chain, in order: the last bits of a solve depend on where it
/// starts (Newton stops within 1e-13 of the root in t), so splitting a sweep into independently
/// started pieces would change last digits of the CSV. What runs in parallel is the output
/// (`CSVRowPipeline`).
struct SweepSolver {
    let options: PlanSpec
    let keyPaths: [WritableKeyPath<PlanSpec, Double?>]
    let points: [[(name: String, value: Double)]]
    let law: ChinchillaLaw
    let lawFile: LawFile
    let samples: [ChinchillaLaw]
    /// When only the demand varies: the first point's planner, whose cost model each point
    /// re-serves for its demand (no cost model, hardware look-up or limits rebuilt per point).
    let demandOnlyPlanner: Planner?
    /// The target, when no axis changes it.
    let fixedTarget: PlanTarget?

    /// Options a sweep can vary that change nothing but the demand. With roofline serving the
    /// context follows from the request shape, so there only the token total qualifies.
    static let demandAxes: Set<String> = ["inference-tokens", "requests", "input-tokens", "output-tokens"]
    static let targetAxes: Set<String> = ["target-loss", "quality-of", "budget-flops", "budget-usd", "target-metric"]

    init(options: PlanSpec, axes: [VaryAxis], points: [[(name: String, value: Double)]],
         law: ChinchillaLaw, lawFile: LawFile, samples: [ChinchillaLaw]) {
        self.options = options; self.keyPaths = axes.map(\.keyPath); self.points = points
        self.law = law; self.lawFile = lawFile; self.samples = samples
        var first = options
        if let point = points.first { for (keyPath, (_, value)) in zip(keyPaths, point) { first[keyPath: keyPath] = value } }
        let names = Set(axes.map(\.name))
        let roofline = (options.serving ?? "fixed-mfu").lowercased() != "fixed-mfu"
        let demandOnly = names.isSubset(of: roofline ? ["inference-tokens"] : Self.demandAxes)
        // Built from the first point; if that fails, every point is built from scratch, so the
        // error is the one the first point gives.
        demandOnlyPlanner = demandOnly ? try? first.planner(law: law, lawFile: lawFile) : nil
        fixedTarget = names.isDisjoint(with: Self.targetAxes) ? try? first.target() : nil
    }

    /// Plans the points of `range` in order, calling `each` with each point's index and plan.
    func solve(_ range: Range<Int>, _ each: (Int, Plan) throws -> Void) throws {
        var o = options   // every point sets the same axes, so one copy serves them all
        var planner = demandOnlyPlanner
        var previous: Double?, beforePrevious: Double?
        for i in range {
            for (keyPath, (_, value)) in zip(keyPaths, points[i]) { o[keyPath: keyPath] = value }
            if let base = demandOnlyPlanner {
                planner!.costModel = base.costModel.serving(try o.demand())
            } else {
                planner = try o.planner(law: law, lawFile: lawFile)
            }
            planner!.warmStart = previous.map { p in beforePrevious.map { 2 * p - $0 } ?? p }
            let plan = try planner!.plan(try fixedTarget ?? o.target(), samples: samples, confidence: o.confidence ?? 0.9)
            (beforePrevious, previous) = (previous, plan.curvePosition)
            try each(i, plan)
        }
    }
}
