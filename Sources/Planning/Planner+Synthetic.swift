import Foundation
import ScalingLaws

extension Planner {
    /// Plans with rephrased synthetic data in the pool (`SyntheticData`): the pool of U + S raw
    /// tokens at a data multiplier w̄ = (U + k·S)/(U + S), then this run's share of the
    /// generation cost added to the training costs of both the recommendation and Chinchilla's
    /// model (both train on the same pool). The cost is fixed — it does not move the optimum —
    /// but it decides whether the rephrasing was worth it: `breakEvenReuses`.
    func planWithSynthetic(_ target: PlanTarget, _ synthetic: SyntheticData) throws -> Plan {
        try synthetic.validate()
        try checkRephraserServable(synthetic)
        guard let data = uniqueData else {
            throw PlanningError.invalidInput("synthetic tokens join a cap of unique data: give the unique tokens (the real data) too")
        }
        // --quality-of means the quality on the law's own data, whatever the pool.
        let resolved: PlanTarget
        if case let .qualityOf(n) = target { resolved = .loss(Self.qualityLoss(ofParams: n, law: law)) } else { resolved = target }
        var inner = self
        inner.synthetic = nil
        let pool = synthetic.pool(unique: data.uniqueTokens)
        inner.uniqueData = UniqueData(uniqueTokens: pool.raw, halfLife: data.halfLife, paramsHalfLife: data.paramsHalfLife)
        inner.dataMultiplier = dataMultiplier * pool.multiplier
        var plan = try inner.plan(resolved)
        plan.dataMultiplier = dataMultiplier

        var summary = generationCost(synthetic)
        for path in [\Plan.recommended, \Plan.chinchilla] { add(summary, share: 1 / synthetic.reuse, to: &plan[keyPath: path].costs) }
        plan.savings = Savings(recommended: plan.recommended, chinchilla: plan.chinchilla)

        // Break-even: the same plan without the synthetic data, in the plan's objective.
        var bare = self
        bare.synthetic = nil
        if let without = try? bare.plan(resolved) {
            if let base = objectiveValue(of: without.recommended.costs), let with = objectiveValue(of: plan.recommended.costs),
               let generation = generationValue(summary) {
                summary.breakEvenReuses = Self.breakEvenReuses(generation: generation, without: base, with: with, reuse: synthetic.reuse)
            }
        } else {
            summary.breakEvenReuses = 0   // the target needs the synthetic data
        }
        plan.synthetic = summary
        return plan
    }

    /// Runs sharing a generation cost G before it pays: G over what each run saves against the
    /// plan without synthetic data, base − (with − G/R) (`with` carrying this run's share G/R).
    /// A saving within 1e-9 of the base is rounding between two plans of the same model, not a
    /// saving: nil, it never pays.
    static func breakEvenReuses(generation: Double, without base: Double, with: Double, reuse: Double) -> Double? {
        let saving = base - (with - generation / reuse)
        return saving > 1e-9 * abs(base) ? generation / saving : nil
    }

    /// The corpus's generation cost (`CostModel.generationCost`).
    func generationCost(_ s: SyntheticData) -> SyntheticSummary { costModel.generationCost(s) }

    /// Adds `share` of the generation cost to a training cost.
    func add(_ s: SyntheticSummary, share: Double, to costs: inout CostBreakdown) { costs.addTraining(s, share: share) }

    /// The generation's cost in the plan's objective (nil when its unit is not priced).
    func generationValue(_ s: SyntheticSummary) -> Double? {
        switch objective {
        case .flops: return s.generationFLOPs
        case .cost: return s.generationUSD
        case .energy: return s.generationKWh
        case .co2: return s.generationCO2Tonnes
        }
    }
}
