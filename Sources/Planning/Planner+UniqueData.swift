import Foundation

extension Planner {
    /// A model of loss ℓ when the data is capped at U unique tokens and repeated beyond one
    /// epoch (`UniqueData`): the law is evaluated on the effective data D′ (and, with R*_N, on
    /// the effective parameters N′), the cost on the raw tokens D and parameters N. Chinchilla's
    /// model of the same loss is trained on the same data, so it repeats it too when it needs
    /// more than U tokens.
    func plan(loss l: Double, _ k: CostCoefficients, repeating data: UniqueData) throws -> Plan {
        guard !constraints.contains(where: { $0.kind == .deadline }) else {
            throw PlanningError.invalidInput("a training deadline with a cap on unique data is not supported: plan without one of them")
        }
        let curve = try IsoLossCurve(law: law, loss: l)
        let tMax = try curve.lastTrainableT(data)
        let excess = data.excessParams(law: law)
        func raw(params effective: Double) -> Double { excess?.rawParams(effective: effective) ?? effective }
        func effective(params raw: Double) -> Double { excess?.effectiveParams(raw: raw) ?? raw }
        let nEffective: Double, dEffective: Double, t: Double?, binding: [ConstraintKind]
        if let fixed = fixedParams {
            let tFixed = try curve.t(params: effective(params: fixed))
            guard tFixed < tMax else {
                throw PlanningError.notEnoughUniqueData(unique: data.uniqueTokens, maxEffective: data.maxEffectiveTokens,
                                                        target: l, bestLoss: law.E + law.A * pow(effective(params: fixed), -law.alpha) + law.B * pow(data.maxEffectiveTokens, -law.beta))
            }
            (nEffective, dEffective, t, binding) = (effective(params: fixed), curve.tokens(tFixed), nil, [])
            try checkFixed(params: fixed, tokens: data.rawTokens(effective: dEffective))
            try checkServable(params: fixed)
        } else {
            // --max-tokens limits the raw tokens D and --max-params the raw N; on the curve they
            // are D′ ≤ D′(limit) and N′ ≤ N′(limit).
            let limits: [any AllocationConstraint] = constraints.map { c in
                if let tokens = c as? MaxTokens { return MaxTokens(data.effectiveTokens(raw: tokens.limit)) }
                if let params = c as? MaxParams { return MaxParams(effective(params: params.limit)) }
                return c
            }
            // Roofline serving: its cost per token is not bilinear (`cheapestRooflineT`).
            let clamped = needsRooflineSearch ? try cheapestRooflineT(on: curve, k, repeating: data, excess: excess, limits: limits)
                : try limits.clamp(try curve.cheapestT(k, uniqueData: data, excess: excess), on: curve)
            (t, binding) = (clamped.t, clamped.binding)
            (nEffective, dEffective) = (curve.params(clamped.t), curve.tokens(clamped.t))
        }
        let n = fixedParams ?? raw(params: nEffective)
        let d = data.rawTokens(effective: dEffective)
        let (nc, dc) = curve.chinchilla
        let rawChinchilla = (params: raw(params: nc), tokens: data.rawTokens(effective: dc))
        guard rawChinchilla.tokens.isFinite else {
            throw PlanningError.invalidInput("Chinchilla's model of loss \(fmt(l)) needs \(fmt(dc)) effective tokens, more than \(fmt(data.uniqueTokens)) unique tokens give however often repeated (\(fmt(data.maxEffectiveTokens))): there is no Chinchilla-optimal model to compare with; add unique data or aim for a higher loss")
        }
        guard rawChinchilla.params.isFinite else {
            throw PlanningError.invalidInput("Chinchilla's model of loss \(fmt(l)) needs \(fmt(nc)) effective parameters, more than any model gives on \(fmt(data.uniqueTokens)) unique tokens (\(fmt(excess?.maxEffectiveParams ?? .nan))): there is no Chinchilla-optimal model to compare with; add unique data or aim for a higher loss")
        }
        let withExcess = excess != nil
        var plan = Plan(objective: objective, targetLoss: l, demand: demand,
                        recommended: Allocation(params: n, tokens: d, loss: l, costs: costModel.breakdown(params: n, tokens: d),
                                                effectiveTokens: dEffective, effectiveParams: withExcess ? nEffective : nil),
                        chinchilla: Allocation(params: rawChinchilla.params, tokens: rawChinchilla.tokens, loss: l,
                                               costs: costModel.breakdown(params: rawChinchilla.params, tokens: rawChinchilla.tokens),
                                               effectiveTokens: dc, effectiveParams: withExcess ? nc : nil),
                        binding: binding)
        plan.curvePosition = t
        plan.uniqueData = data
        plan.supportedParams = excess?.supportedParams
        return plan
    }
}
