import Foundation

extension Planner {
    /// The amount of rephrased data that makes the plan cheapest (`--optimise-synthetic`):
    /// minimises c(S) = cost of the plan on the pool U + S, with this run's share of the
    /// generation, over S ≥ 0. More data lowers the training-and-serving cost with diminishing
    /// returns while generation grows linearly, so c is scanned on a grid of S = 0 and
    /// U·10^(−3 … 2) (41 points), and the best point's neighbourhood refined by golden-section
    /// search on log S (to 1e-6 relative). Returns the plan at the best S (S = 0 when rephrasing
    /// never pays).
    func planOptimisingSynthetic(_ target: PlanTarget, _ template: SyntheticData) throws -> Plan {
        guard let data = uniqueData else {
            throw PlanningError.invalidInput("choosing synthetic data needs a cap of unique data: give the unique tokens too")
        }
        try checkRephraserServable(template)
        var search = self
        search.optimiseSynthetic = nil
        func plan(_ s: Double) -> Plan? {
            var planner = search
            var synthetic = template
            synthetic.tokens = s
            planner.synthetic = synthetic
            return try? planner.plan(target)
        }
        func cost(_ s: Double) -> Double {
            guard let p = plan(s) else { return .infinity }
            return objectiveValue(of: p.recommended.costs) ?? .infinity
        }
        let u = data.uniqueTokens
        let grid = [0] + (0...40).map { u * pow(10, -3 + 5 * Double($0) / 40) }
        let costs = grid.map(cost)
        guard let best = costs.indices.min(by: { costs[$0] < costs[$1] }), costs[best].isFinite else {
            throw PlanningError.noSolution("no amount of synthetic data (up to 100× the unique tokens) reaches the target")
        }
        var s = grid[best]
        if best > 0 {
            // Golden-section on log S between the best point's grid neighbours.
            var a = log(grid[max(1, best - 1)]), b = log(grid[min(grid.count - 1, best + 1)])
            let ratio = (5.0.squareRoot() - 1) / 2
            var c = b - ratio * (b - a), d = a + ratio * (b - a)
            var fc = cost(exp(c)), fd = cost(exp(d))
            while b - a > 1e-6 {
                if fc < fd { b = d; d = c; fd = fc; c = b - ratio * (b - a); fc = cost(exp(c)) }
                else { a = c; c = d; fc = fd; d = a + ratio * (b - a); fd = cost(exp(d)) }
            }
            let refined = exp(0.5 * (a + b))
            if cost(refined) < costs[best] { s = refined }
        }
        guard var chosen = plan(s) else { throw PlanningError.noSolution("the plan at the chosen amount of synthetic data failed") }
        chosen.syntheticOptimised = true
        return chosen
    }

    /// A cost in the plan's objective (nil when its unit is not priced).
    func objectiveValue(of c: CostBreakdown) -> Double? {
        switch objective {
        case .flops: return c.totalFLOPs
        case .cost: return c.totalUSD
        case .energy: return c.totalKWh
        case .co2: return c.totalCO2Tonnes
        }
    }
}
