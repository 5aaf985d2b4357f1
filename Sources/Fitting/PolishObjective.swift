import Foundation

/// What the polish minimises: F(x) = Σ wᵢ ρ(rᵢ(x)) over some vector x, with its derivatives in
/// one pass over the runs. `FitData` is the log-sum-exp forms' objective in their own θ; a
/// `MappedObjective` presents it in the free variables of a constrained fit; the
/// data-constrained law has an objective of its own.
protocol PolishObjective: Sendable {
    var parameterCount: Int { get }
    /// Runs.
    var count: Int { get }
    var loss: [Double] { get }
    /// Per-run weights (1, or a bootstrap resample's multiplicity).
    var weights: [Double] { get set }
    /// Scratch sized for this objective (and whatever it wraps).
    func makeEvaluation() -> ObjectiveEvaluation
    func evaluate(_ x: [Double], objective: FitObjective, need: ObjectiveEvaluation.Need,
                  into e: inout ObjectiveEvaluation)
    /// ∇ log L̂ᵢ for every run, row-major (run i's gradient at [i·p, (i+1)·p)); allocating,
    /// for diagnostics, not for optimisers.
    func logPredictionGradients(_ x: [Double]) -> [Double]
    /// The same for the runs in `runs` alone (row k for run runs.lowerBound + k): diagnostics of
    /// a large sweep take them a chunk at a time instead of n × p at once.
    func logPredictionGradients(_ x: [Double], runs: Range<Int>) -> [Double]
}

extension PolishObjective {
    /// By default the rows of the whole set (the small objectives: curves, joint fits).
    func logPredictionGradients(_ x: [Double], runs: Range<Int>) -> [Double] {
        let all = logPredictionGradients(x)
        let p = count > 0 ? all.count / count : 0
        return Array(all[(runs.lowerBound * p)..<(runs.upperBound * p)])
    }

    /// The objective's value alone.
    func value(_ x: [Double], objective: FitObjective, scratch e: inout ObjectiveEvaluation) -> Double {
        evaluate(x, objective: objective, need: .value, into: &e)
        return e.value
    }
}

extension FitData: PolishObjective {
    var parameterCount: Int { model.parameterCount }
    func makeEvaluation() -> ObjectiveEvaluation { ObjectiveEvaluation(parameterCount: model.parameterCount, runs: count) }
}

/// Scratch of a wrapped objective, kept inside the wrapper's own evaluation (a class, so that
/// `ObjectiveEvaluation` can hold one without holding itself).
final class InnerEvaluation {
    var e: ObjectiveEvaluation
    init(_ e: ObjectiveEvaluation) { self.e = e }
}
