import Foundation

extension Planner {
    /// A model of loss ℓ when the data is capped at U unique tokens and repeated beyond one
    /// epoch (`UniqueData`): the law is evaluated on the effective data D′, the cost on the raw
    /// tokens D. Chinchilla's model of the same loss is trained on the same data, so it repeats
    /// it too when it needs more than U tokens.
    func plan(loss l: Double, _ k: CostCoefficients, repeating data: UniqueData) throws -> Plan {
        let curve = try IsoLossCurve(law: law, loss: l)
        let tMax = try curve.lastTrainableT(data)
        let n: Double, effective: Double, t: Double?, binding: [ConstraintKind]
        if let fixed = fixedParams {
            let tFixed = try curve.t(params: fixed)
            guard tFixed < tMax else {
                throw PlanningError.notEnoughUniqueData(unique: data.uniqueTokens, maxEffective: data.maxEffectiveTokens,
                                                        target: l, bestLoss: law.E + law.A * pow(fixed, -law.alpha) + law.B * pow(data.maxEffectiveTokens, -law.beta))
            }
            (n, effective, t, binding) = (fixed, curve.tokens(tFixed), nil, [])
            try checkFixed(params: n, tokens: data.rawTokens(effective: effective))
        } else {
            // --max-tokens limits the raw tokens D; on the curve that is D′ ≤ D′(limit).
            let limits: [any AllocationConstraint] = constraints.map { c in
                (c as? MaxTokens).map { MaxTokens(data.effectiveTokens(raw: $0.limit)) } ?? c
            }
            let clamped = try limits.clamp(try curve.cheapestT(k, uniqueData: data), on: curve)
            (t, binding) = (clamped.t, clamped.binding)
            (n, effective) = (curve.params(clamped.t), curve.tokens(clamped.t))
        }
        let raw = data.rawTokens(effective: effective)
        let (nc, dc) = curve.chinchilla
        let rawChinchilla = data.rawTokens(effective: dc)
        guard rawChinchilla.isFinite else {
            throw PlanningError.invalidInput("Chinchilla's model of loss \(fmt(l)) needs \(fmt(dc)) effective tokens, more than \(fmt(data.uniqueTokens)) unique tokens give however often repeated (\(fmt(data.maxEffectiveTokens))): there is no Chinchilla-optimal model to compare with; add unique data or aim for a higher loss")
        }
        var plan = Plan(objective: objective, targetLoss: l, demand: demand,
                        recommended: Allocation(params: n, tokens: raw, loss: l, costs: costModel.breakdown(params: n, tokens: raw),
                                                effectiveTokens: effective),
                        chinchilla: Allocation(params: nc, tokens: rawChinchilla, loss: l,
                                               costs: costModel.breakdown(params: nc, tokens: rawChinchilla), effectiveTokens: dc),
                        binding: binding)
        plan.curvePosition = t
        plan.uniqueData = data
        return plan
    }
}
