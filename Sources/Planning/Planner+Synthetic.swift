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
               let generation = value(summary) {
                let saving = base - (with - generation / synthetic.reuse)
                summary.breakEvenReuses = saving > 0 ? generation / saving : nil
            }
        } else {
            summary.breakEvenReuses = 0   // the target needs the synthetic data
        }
        plan.synthetic = summary
        return plan
    }

    /// The corpus's generation cost: FLOPs, and where serving is priced, GPU-hours, dollars,
    /// energy and emissions (reading at the prefill's pricing, writing at the decode's).
    func generationCost(_ s: SyntheticData) -> SyntheticSummary {
        var out = SyntheticSummary(data: s, generationFLOPs: s.generationFLOPs)
        guard var read = costModel.prefillPricing, var write = costModel.decodePricing else { return out }
        if let u = s.utilisation { read.utilisation = u; write.utilisation = u }
        let readFLOPs = 2 * s.rephraserParams * s.promptRatio * s.tokens, writeFLOPs = 2 * s.rephraserParams * s.tokens
        let hours = (read: read.gpuHours(flops: readFLOPs), write: rooflineWritingGPUHours(s) ?? write.gpuHours(flops: writeFLOPs))
        out.generationGPUHours = hours.read + hours.write
        out.generationUSD = hours.read * read.priceUSDPerGPUHour + hours.write * write.priceUSDPerGPUHour
        if let pr = read.boardPowerW, let pw = write.boardPowerW {
            let kWh = costModel.energy.kWh(gpuHours: hours.read, boardPowerW: pr) + costModel.energy.kWh(gpuHours: hours.write, boardPowerW: pw)
            out.generationKWh = kWh
            out.generationCO2Tonnes = costModel.energy.co2Tonnes(kWh: kWh)
        }
        return out
    }

    /// Adds `share` of the generation cost to a training cost.
    private func add(_ s: SyntheticSummary, share: Double, to costs: inout CostBreakdown) {
        costs.trainingFLOPs += share * s.generationFLOPs
        if let h = s.generationGPUHours { costs.trainingGPUHours = costs.trainingGPUHours.map { $0 + share * h } }
        if let x = s.generationUSD { costs.trainingUSD = costs.trainingUSD.map { $0 + share * x } }
        if let k = s.generationKWh { costs.trainingKWh = costs.trainingKWh.map { $0 + share * k } }
        if let c = s.generationCO2Tonnes { costs.trainingCO2Tonnes = costs.trainingCO2Tonnes.map { $0 + share * c } }
    }

    private func value(_ s: SyntheticSummary) -> Double? {
        switch objective {
        case .flops: return s.generationFLOPs
        case .cost: return s.generationUSD
        case .energy: return s.generationKWh
        case .co2: return s.generationCO2Tonnes
        }
    }
}
