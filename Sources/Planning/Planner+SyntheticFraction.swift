import Foundation
import ScalingLaws

extension Planner {
    /// Plans with a share f of every training token synthetic (`SyntheticFraction`): the law
    /// sees m·D_eff(D) (m the data multiplier), training and serving pay for the raw N and D,
    /// and generating f·D tokens — 2·N_g·(1 + r)·f·D FLOPs, priced like `generationCost` — is
    /// a cost per training token, shared by the `reuse` runs. f = 0 is today's plan, exactly
    /// (it is planned by today's path). Chinchilla's model of the same loss trains on the same
    /// mix and pays its own generation.
    ///
    /// **Why a global search, and why it is exact.** Along the curve of models of loss ℓ
    /// (`IsoLossCurve`, parameter t) the effective size N′(t) falls and the effective data
    /// D_eff(t) rises; D_eff(D) is strictly increasing (`SyntheticFraction`), so the raw D(t)
    /// rises too, and the raw N(t) falls (N(N′) is increasing, `ExcessParams`). Every cost
    /// coefficient is ≥ 0, so the cost c(N, D) is non-decreasing in both, and on any piece
    /// [a, b] of the curve c(t) ≥ c(N(b), D(a)): a lower bound needing only those monotonicities.
    /// The repeated-data condition's residual, by contrast, is not monotone here: its right
    /// side carries the elasticity E = D·D_eff′/D_eff, which falls as the real share repeats and
    /// rises back to 1 once the synthetic share k·f·D dominates — a cost with two local minima
    /// (a many-epoch model, and one where the synthetic data carries it) is possible, and a
    /// root-finder on one bracket could return the wrong one. So the cheapest t is found by
    /// branch and bound with that bound: the search range is widened until the bound on each
    /// tail exceeds the best cost found (c → ∞ at both ends of the curve), then pieces whose
    /// bound is below the best cost less a relative 1e-7 are halved, the others discarded. No
    /// discarded piece holds a cost below the returned one by more than that gap: the answer is
    /// the global minimum to 1e-7 relative, whatever the shape. The best point is then polished
    /// to full precision by Brent's method on dc/dt within its last piece's neighbourhood
    /// when the slope changes sign there.
    func planWithSyntheticFraction(_ target: PlanTarget, _ s: SyntheticData, fraction f: Double) throws -> Plan {
        try s.validate()
        var bare = self
        bare.synthetic = nil
        if f == 0 {
            var plan = try bare.plan(target)
            var none = s
            none.tokens = 0
            plan.synthetic = generationCost(none)
            return plan
        }
        let l: Double
        switch target {
        case let .loss(x): l = x
        case let .qualityOf(n): l = Self.qualityLoss(ofParams: n, law: law)
        case .budgetFLOPs, .budgetUSD:
            throw PlanningError.invalidInput("--synthetic-fraction plans for a quality: give --target-loss, --target-metric or --quality-of (a budget is not supported with it)")
        }
        guard l.isFinite, l > 0 else { throw PlanningError.invalidInput("the target loss must be a positive number, not \(l)") }
        guard costModel.roofline == nil else {
            throw PlanningError.invalidInput("roofline serving with --synthetic-fraction is not supported: plan with fixed-utilisation serving")
        }
        guard !constraints.contains(where: { $0.kind == .deadline }) else {
            throw PlanningError.invalidInput("a training deadline with --synthetic-fraction is not supported: plan without one of them")
        }
        let m = dataMultiplier
        guard m > 0, m.isFinite else { throw PlanningError.invalidInput("the data multiplier must be a positive number, not \(m)") }
        if let u = uniqueData?.uniqueTokens, !(u > 0 && u.isFinite) {
            throw PlanningError.invalidInput("--unique-tokens must be a positive number, not \(u)")
        }
        // The law on D_eff: L(N, m·D_eff) is `withDataMultiplier(m)` at D_eff.
        let onMix = law.withDataMultiplier(m)
        let curve = try IsoLossCurve(law: onMix, loss: l)
        let mix = SyntheticFraction(fraction: f, worth: s.worth, unique: uniqueData)
        let excess = uniqueData?.excessParams(law: onMix)

        // The objective's cost per training token of generating its f synthetic tokens.
        var k = try costModel.coefficients(for: objective)
        var perToken = s
        perToken.tokens = f / s.reuse
        guard let generation = generationValue(generationCost(perToken)) else {
            throw PlanningError.missingPricing("the \(objective.rawValue) objective needs the inference hardware's prices to price the rephraser")
        }
        k.perToken += generation

        func rawParams(_ t: Double) -> Double { let n = curve.params(t); return excess?.rawParams(effective: n) ?? n }
        func rawTokens(_ t: Double) -> Double { mix.rawTokens(effective: curve.tokens(t)) }

        let t: Double?, binding: [ConstraintKind]
        if let fixed = fixedParams {
            guard fixed > 0, fixed.isFinite else { throw PlanningError.invalidInput("--params must be a positive number, not \(fixed)") }
            let tFixed = try curve.t(params: excess?.effectiveParams(raw: fixed) ?? fixed)
            try checkFixed(params: fixed, tokens: rawTokens(tFixed))
            (t, binding) = (tFixed, [])
        } else {
            // The curve's feasible piece: N′ below its ceiling and --max-params, D below --max-tokens.
            var lower = -Double.infinity, upper = Double.infinity
            var lowerKind: ConstraintKind?, upperKind: ConstraintKind?
            if let excess, let data = uniqueData { lower = try curve.firstReachableT(excess, data) }
            for c in constraints {
                if let p = c as? MaxParams {
                    guard p.limit > 0, p.limit.isFinite else { throw PlanningError.invalidInput("--max-params must be a positive number, not \(p.limit)") }
                    let tp = try curve.t(params: excess?.effectiveParams(raw: p.limit) ?? p.limit)
                    if tp > lower { (lower, lowerKind) = (tp, .maxParams) }
                } else if let d = c as? MaxTokens {
                    guard d.limit > 0, d.limit.isFinite else { throw PlanningError.invalidInput("--max-tokens must be a positive number, not \(d.limit)") }
                    let td = try curve.t(tokens: mix.effectiveTokens(raw: d.limit))
                    if td < upper { (upper, upperKind) = (td, .maxTokens) }
                }
            }
            guard lower < upper else {
                throw PlanningError.contradictoryConstraints("no model of loss \(fmt(l)) meets --max-params and --max-tokens together with \(fmt(f)) of its tokens synthetic: relax one of them, or aim for a higher loss")
            }
            // c(N(b), D(a)) on [a, b]; at the open ends N(+∞) = (A/R)^(1/α) and D_eff(−∞) = (B/R)^(1/β).
            let reducible = l - onMix.E
            let nFloor = upper.isFinite ? rawParams(upper) : {
                let n = pow(onMix.A / reducible, 1 / onMix.alpha); return excess?.rawParams(effective: n) ?? n }()
            let dFloor = lower.isFinite ? rawTokens(lower) : mix.rawTokens(effective: pow(onMix.B / reducible, 1 / onMix.beta))
            let search = CurveSearch(lower: lower, upper: upper, start: curve.chinchillaT,
                                     cost: { k.value(params: rawParams($0), tokens: rawTokens($0)) },
                                     bound: { a, b in k.value(params: b.isFinite ? rawParams(b) : nFloor, tokens: a.isFinite ? rawTokens(a) : dFloor) },
                                     slope: { t in
                                         // dc/dt = (k_ND·D + k_N)·dN/dt + (k_ND·N + k_D)·dD/dt.
                                         let s = 1 / (1 + exp(-t)), n = rawParams(t), d = rawTokens(t)
                                         let dN = -curve.params(t) * (1 - s) / onMix.alpha * (excess?.rawPerEffective(raw: n) ?? 1)
                                         let dD = curve.tokens(t) * s / onMix.beta / mix.effectivePerRaw(raw: d)
                                         return (k.perParamToken * d + k.perParam) * dN + (k.perParamToken * n + k.perToken) * dD
                                     })
            let found = try search.minimum()
            t = found
            binding = found == lower ? lowerKind.map { [$0] } ?? [] : found == upper ? upperKind.map { [$0] } ?? [] : []
        }
        let tPlan = t!
        let n = fixedParams ?? rawParams(tPlan), d = rawTokens(tPlan)
        let (nc, dcEffective) = curve.chinchilla
        let ncRaw = excess?.rawParams(effective: nc) ?? nc, dc = mix.rawTokens(effective: dcEffective)
        guard ncRaw.isFinite else {
            throw PlanningError.invalidInput("Chinchilla's model of loss \(fmt(l)) needs \(fmt(nc)) effective parameters, more than any model gives on \(fmt(uniqueData?.uniqueTokens ?? .nan)) unique tokens: there is no Chinchilla-optimal model to compare with; aim for a higher loss")
        }
        var recommended = Allocation(params: n, tokens: d, loss: l, costs: costModel.breakdown(params: n, tokens: d),
                                     effectiveTokens: m * curve.tokens(tPlan), effectiveParams: excess == nil ? nil : curve.params(tPlan))
        var chinchilla = Allocation(params: ncRaw, tokens: dc, loss: l, costs: costModel.breakdown(params: ncRaw, tokens: dc),
                                    effectiveTokens: m * dcEffective, effectiveParams: excess == nil ? nil : nc)
        var made = s
        made.tokens = f * d
        var summary = generationCost(made)
        add(summary, share: 1 / s.reuse, to: &recommended.costs)
        var chinchillaMade = s
        chinchillaMade.tokens = f * dc
        add(generationCost(chinchillaMade), share: 1 / s.reuse, to: &chinchilla.costs)

        var plan = Plan(objective: objective, targetLoss: l, demand: demand, recommended: recommended, chinchilla: chinchilla, binding: binding)
        plan.curvePosition = fixedParams == nil ? tPlan : nil
        plan.uniqueData = uniqueData
        plan.supportedParams = excess?.supportedParams
        plan.dataMultiplier = m
        // Break-even against the same plan without synthetic tokens (as `planWithSynthetic`),
        // for this allocation: re-planning for more runs sharing the generation only pays sooner.
        if let without = try? bare.plan(.loss(l)) {
            if let base = objectiveValue(of: without.recommended.costs), let with = objectiveValue(of: plan.recommended.costs),
               let generation = generationValue(summary) {
                summary.breakEvenReuses = Self.breakEvenReuses(generation: generation, without: base, with: with, reuse: s.reuse)
            }
        } else {
            summary.breakEvenReuses = 0
        }
        plan.synthetic = summary
        try Self.requireFinite(plan)
        return plan
    }
}
