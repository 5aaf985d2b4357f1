import Foundation
import ScalingLaws

extension Planner {
    /// The lowest loss whose cheapest model costs `budget` (training plus inference).
    ///
    /// The minimum cost K(ℓ) falls strictly as ℓ rises, so with y = log(ℓ − E) the equation
    /// log K(E + e^y) = log budget has one root: bracket it by stepping y outward from 0 in
    /// doubling steps, then solve with Brent's method. This makes a budget plan the mirror of
    /// a quality plan: planning for the loss it reaches costs exactly the budget.
    func plan(budget: Double, _ k: CostCoefficients) throws -> Plan {
        if let n = fixedParams { return try planFixedParams(n, budget: budget, k) }
        let logBudget = log(budget)
        // f(y) = log K − log budget, decreasing in y; nil where the constraints admit no model.
        func f(_ y: Double) -> Double? {
            guard let candidate = try? self.plan(loss: law.E + exp(y), k) else { return nil }
            guard let cost = objectiveValue(params: candidate.recommended.params, tokens: candidate.recommended.tokens, k) else { return nil }
            return cost > 0 && cost.isFinite ? log(cost) - logBudget : nil
        }
        var lo = 0.0, hi = 0.0   // f(lo) ≥ 0 ≥ f(hi)
        if let f0 = f(0), f0 < 0 {
            // Cheap at R = 1 nat: lower the loss until the budget is used up.
            var step = 1.0, good = 0.0
            while true {
                let y = good - step
                guard y > -80 else { throw PlanningError.noSolution("the budget \(fmt(budget)) buys a loss within e^-80 of E") }
                if let fy = f(y) {
                    if fy >= 0 { lo = y; hi = good; break }
                    good = y; step *= 2
                } else {
                    // The constraints end the curve between y and good: find where, and if the
                    // budget is still not used up there, the constrained corner is the answer.
                    var bad = y, found = false
                    for _ in 0..<200 where good - bad > 1e-13 {
                        let mid = 0.5 * (good + bad)
                        guard let fm = f(mid) else { bad = mid; continue }
                        if fm < 0 { good = mid } else { lo = mid; hi = good; found = true; break }
                    }
                    if found { break }
                    var corner = try self.plan(loss: law.E + exp(good), k)
                    corner.binding = constraints.map(\.kind)
                    return corner
                }
            }
        } else {
            // Expensive (or infeasible) at R = 1 nat: raise the loss until the budget suffices.
            var step = 1.0, y = 0.0
            while true {
                let next = y + step
                guard next < 700 else { throw PlanningError.budgetTooSmall("\(fmt(budget)) does not buy any model of this law") }
                if let fy = f(next), fy <= 0 { hi = next; lo = y; break }
                y = next; step *= 2
            }
            if f(lo) == nil {
                // Infeasible at lo: move lo up to the feasible side, keeping f(lo) ≥ 0.
                var bad = lo, good = hi, found = false
                for _ in 0..<200 where good - bad > 1e-13 {
                    let mid = 0.5 * (good + bad)
                    guard let fm = f(mid) else { bad = mid; continue }
                    if fm >= 0 { lo = mid; found = true; break } else { good = mid }
                }
                guard found else { throw PlanningError.noSolution("could not bracket the budget \(fmt(budget))") }
                hi = good
            }
        }
        guard let y = Brent.root(in: lo, hi, tolerance: 1e-14, { f($0) ?? .nan }) else {
            throw PlanningError.noSolution("the budget equation did not change sign on its bracket")
        }
        let result = try self.plan(loss: law.E + exp(y), k)
        try checkBuysAModel(result, budget: budget)
        return result
    }

    /// `--params N` with a budget: D = (budget − k_N·N − k_0) / (k_ND·N + k_D).
    private func planFixedParams(_ n: Double, budget: Double, _ k: CostCoefficients) throws -> Plan {
        let serving = (objectiveValue(params: n, tokens: 0, k) ?? .infinity) - k.value(params: n, tokens: 0)
        let rest = budget - k.perParam * n - k.fixed - serving
        guard rest > 0 else {
            throw PlanningError.budgetTooSmall("serving the demand with \(fmt(n)) parameters alone costs \(fmt(k.perParam * n + k.fixed)), more than the budget \(fmt(budget)); raise the budget or choose a smaller --params")
        }
        let d = rest / (k.perParamToken * n + k.perToken)
        try checkFixed(params: n, tokens: d)
        let l = law.loss(params: n, tokens: d)
        let result = makePlan(loss: l, params: n, tokens: d, binding: [], curve: try IsoLossCurve(law: law, loss: l))
        try checkBuysAModel(result, budget: budget)
        return result
    }

    private func checkBuysAModel(_ plan: Plan, budget: Double) throws {
        guard plan.recommended.params >= 1, plan.recommended.tokens >= 1 else {
            throw PlanningError.budgetTooSmall("\(fmt(budget)) buys only a model of \(fmt(plan.recommended.params)) parameters on \(fmt(plan.recommended.tokens)) tokens")
        }
    }
}
