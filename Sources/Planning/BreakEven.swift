import Foundation
import ScalingLaws

/// Demand volumes at which the inference-aware answer departs from Chinchilla's.
///
/// Both searches scale the whole demand (prompt and generated tokens alike) by a factor and
/// solve in log10 of the factor: the quantity compared is monotone in demand, so the crossing
/// is bracketed by stepping outward in decades and then solved by Brent's method.
public struct BreakEven: Sendable {
    public var law: ChinchillaLaw
    public var objective: PlanObjective
    /// The demand whose shape (prompt/generation split) is scaled; its size does not matter.
    public var demandShape: InferenceDemand
    /// The cost model whose demand is varied (hardware and prices kept).
    public var costModel: CostModel

    public init(law: ChinchillaLaw, objective: PlanObjective, demandShape: InferenceDemand, costModel: CostModel) {
        self.law = law; self.objective = objective; self.costModel = costModel
        let total = demandShape.tokens
        self.demandShape = total > 0 ? demandShape.scaled(by: 1 / total) : InferenceDemand(tokens: 1)
    }

    /// The smallest demand (in tokens) at which the recommended model for loss ℓ is smaller
    /// than Chinchilla's by `fraction` (N_rec = (1 − fraction)·N_chinchilla).
    public func demandForShrink(_ fraction: Double, loss l: Double) throws -> InferenceDemand {
        guard fraction > 0, fraction < 1 else {
            throw PlanningError.invalidInput("--break-even must be a fraction between 0 and 1, not \(fraction)")
        }
        let target = log(1 - fraction)
        // g(x) = log(N_rec / N_chin) − log(1 − fraction) at demand 10^x tokens: decreasing in x.
        return try solve { x in
            let plan = try self.planner(tokens: pow(10, x)).plan(.loss(l))
            return log(plan.recommended.params / plan.chinchilla.params) - target
        }
    }

    /// The smallest demand (in tokens) at which a model of `params` parameters trained to loss
    /// ℓ costs less to own (train plus serve, in the objective) than Chinchilla's of loss ℓ.
    public func demandForCandidate(params n: Double, loss l: Double) throws -> InferenceDemand {
        let curve = try IsoLossCurve(law: law, loss: l)
        let nc = curve.params(curve.chinchillaT)
        guard n < nc else {
            throw PlanningError.invalidInput("--candidate-params \(fmt(n)) is not smaller than Chinchilla's \(fmt(nc)) for this quality: a larger model never becomes cheaper to own")
        }
        let d = curve.tokens(try curve.t(params: n))
        let dc = curve.tokens(curve.chinchillaT)
        // g(x) = log(cost of candidate / cost of Chinchilla's) at demand 10^x: decreasing in x.
        return try solve { x in
            let model = self.costModel.serving(self.demandShape.scaled(by: pow(10, x)))
            let k = try model.coefficients(for: self.objective)
            // With roofline serving the decode cost is added per model (not bilinear).
            let planner = Planner(law: self.law, costModel: model, objective: self.objective)
            guard let candidate = planner.objectiveValue(params: n, tokens: d, k) else {
                try model.checkServable(params: n)
                throw PlanningError.noSolution("a \(fmt(n))-parameter model cannot be served within the limits")
            }
            let chinchilla = planner.objectiveValue(params: nc, tokens: dc, k, enforcingLimits: false) ?? .nan
            return log(candidate) - log(chinchilla)
        }
    }

    private func planner(tokens: Double) -> Planner {
        Planner(law: law, costModel: costModel.serving(demandShape.scaled(by: tokens)), objective: objective)
    }

    /// The root of a decreasing g over log10 demand in [−10, 40], bracketed by decades.
    private func solve(_ g: (Double) throws -> Double) throws -> InferenceDemand {
        var lo = -10.0
        guard try g(lo) > 0 else { return demandShape.scaled(by: pow(10, lo)) }
        var hi = lo + 1
        while try g(hi) > 0 {
            lo = hi; hi += 1
            guard hi <= 40 else { throw PlanningError.noSolution("no demand up to 1e40 tokens reaches the break-even point") }
        }
        var failure: Error?
        let x = Brent.root(in: lo, hi, tolerance: 1e-12) { x in
            do { return try g(x) } catch { failure = error; return .nan }
        }
        if let failure { throw failure }
        guard let x else { throw PlanningError.noSolution("the break-even equation did not change sign") }
        return demandShape.scaled(by: pow(10, x))
    }
}
