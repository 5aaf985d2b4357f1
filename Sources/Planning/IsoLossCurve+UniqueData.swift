import Foundation

/// The optimum along the curve of one loss when the data is capped at U unique tokens and
/// repeated beyond (`UniqueData`). On the curve, D(t) is the effective data D′ the law sees; the
/// cost is paid on the raw tokens D_raw(D′), so d D_raw/dt = D′·(s/β)·e^(R/R*) and the
/// optimality condition of `optimalityResidual` becomes
///
///     e^t·α/β = (k_ND·D_raw + k_N)·N / ((k_ND·N + k_D)·D′·e^(R/R*))
///
/// With no repetition (D_raw = D′, R = 0) it is the uncapped condition. The right side still
/// falls as t grows (N falls; D_raw/(D′·e^(R/R*)) = (1 + R*x)/((1 + R*)e^x − R*) with x = R/R*
/// falls too), so the residual is strictly increasing with one root, and it tends to +∞ at the
/// end of the curve, t_max, where D′ reaches U·(1 + R*) and D_raw becomes infinite.
///
/// With excess parameters discounted too (`ExcessParams`), N(t) is the effective N′ and the
/// costs take the raw N_raw(N′): d N_raw/dt = −N′·((1 − s)/α)·e^(R_N/R*_N), so
///
///     e^t·α/β = (k_ND·D_raw + k_N)·N′·e^(R_N/R*_N) / ((k_ND·N_raw + k_D)·D′·e^(R/R*))
///
/// N′·e^(R_N/R*_N)/N_raw = ((1 + R*_N)e^y − R*_N)/(1 + R*_N·y), y = R_N/R*_N, rises with N, so it
/// falls with t: the residual stays strictly increasing, and tends to −∞ at the other end of
/// the curve, t_min, where N′ reaches U_N·(1 + R*_N) and N_raw becomes infinite.
extension IsoLossCurve {
    func repeatedDataResidual(_ t: Double, _ k: CostCoefficients, _ data: UniqueData,
                              _ excess: ExcessParams? = nil) -> Double {
        let n = params(t), effective = tokens(t)
        let raw = data.rawTokens(effective: effective)
        let rawN = excess?.rawParams(effective: n) ?? n
        let perN = excess?.rawPerEffective(raw: rawN) ?? 1
        let rhs = (k.perParamToken * raw + k.perParam) * n * perN
            / ((k.perParamToken * rawN + k.perToken) * effective * data.rawPerEffective(raw: raw))
        return log(law.alpha / law.beta) + t - log(rhs)
    }

    /// The t where D′ reaches U·(1 + R*): models at or beyond it cannot be trained. Throws when
    /// no model of this loss can be trained on the capped data.
    func lastTrainableT(_ data: UniqueData) throws -> Double {
        // With R*_D = ∞ repetition costs nothing: the whole curve is trainable.
        guard data.maxEffectiveTokens.isFinite else { return .infinity }
        do {
            return try t(tokens: data.maxEffectiveTokens)
        } catch PlanningError.tokensTooFew(_, _, let best) {
            throw PlanningError.notEnoughUniqueData(unique: data.uniqueTokens, maxEffective: data.maxEffectiveTokens,
                                                    target: loss, bestLoss: best)
        }
    }

    /// The t where N′ reaches U_N·(1 + R*_N): larger models do not exist on the curve. Throws
    /// when even that N′ cannot reach ℓ, whatever the data.
    func firstReachableT(_ excess: ExcessParams, _ data: UniqueData) throws -> Double {
        do { return try t(params: excess.maxEffectiveParams) } catch PlanningError.paramsTooSmall {
            throw unreachable(data, excess)
        }
    }

    /// No model reaches ℓ: the largest effective size with the most effective data falls short.
    func unreachable(_ data: UniqueData, _ excess: ExcessParams) -> PlanningError {
        let best = law.E + law.A * pow(excess.maxEffectiveParams, -law.alpha) + law.B * pow(data.maxEffectiveTokens, -law.beta)
        return .notEnoughUniqueDataForParams(unique: data.uniqueTokens, maxEffectiveParams: excess.maxEffectiveParams,
                                             target: loss, bestLoss: best)
    }

    /// The t of the cheapest model of quality ℓ under cost k, with the data capped and repeated.
    /// The bracket comes from the same bound as `cheapestT` (the residual rises at least as fast
    /// as t), cut at t_max (and at t_min with excess parameters); Brent's method solves it to
    /// full precision.
    func cheapestT(_ k: CostCoefficients, uniqueData data: UniqueData, excess: ExcessParams? = nil) throws -> Double {
        guard k.perParamToken > 0, k.perParam >= 0, k.perToken >= 0 else {
            throw PlanningError.invalidInput("the cost model needs a positive training cost and non-negative other costs")
        }
        let tMax = try lastTrainableT(data)
        let tMin = try excess.map { try firstReachableT($0, data) } ?? -.infinity
        if tMin >= tMax, let excess { throw unreachable(data, excess) }
        let residual = { (t: Double) in repeatedDataResidual(t, k, data, excess) }
        // The highest t below t_max whose residual is finite and positive, and (with excess
        // parameters) the lowest above t_min whose residual is finite and negative.
        func inside(_ edge: Double, _ direction: Double, _ sign: Double) -> Double {
            for gap in [1e-3, 1e-6, 1e-9, 1e-12] {
                let t = edge + direction * gap * max(1, abs(edge))
                let r = residual(t)
                if r.isFinite && r * sign > 0 { return t }
            }
            return edge
        }
        let top = tMax.isFinite ? inside(tMax, -1, 1) : .infinity
        let bottom = tMin.isFinite ? inside(tMin, 1, -1) : -Double.infinity
        let t0 = chinchillaT
        var lo: Double, hi: Double
        if t0 < top, t0 > bottom, case let r0 = residual(t0), r0.isFinite {
            if r0 == 0 { return t0 }
            // residual(t) ≥ t − t₀ + r₀ above t₀ and ≤ it below: the root lies within |r₀| of t₀.
            let far = t0 - r0 * (1 + 1e-12) + (r0 < 0 ? 1e-12 : -1e-12)
            (lo, hi) = r0 < 0 ? (t0, min(far, top)) : (max(far, bottom), t0)
        } else if t0 <= bottom {
            // Chinchilla's point needs more effective parameters than any size gives: step up from t_min.
            (lo, hi) = try stepOut(from: bottom, direction: 1, limit: top, residual)
        } else {
            // Chinchilla's point needs more effective data than repetition gives: step down from t_max.
            (lo, hi) = try stepOut(from: top, direction: -1, limit: bottom, residual)
        }
        guard let t = Brent.root(in: lo, hi, tolerance: 1e-13, residual) else {
            throw PlanningError.noSolution("the optimality condition with repeated data did not change sign on its bracket")
        }
        return t
    }

    /// A bracket from an end of the curve where the residual has the right sign, stepping
    /// inwards in doubling steps until it changes sign.
    private func stepOut(from edge: Double, direction: Double, limit: Double,
                         _ residual: (Double) -> Double) throws -> (Double, Double) {
        var step = 1.0
        while step < 1e4 {
            let t = direction < 0 ? max(edge - step, limit) : min(edge + step, limit)
            let r = residual(t)
            if direction < 0 ? r < 0 : r > 0 { return direction < 0 ? (t, edge) : (edge, t) }
            if t == limit { break }
            step *= 2
        }
        throw PlanningError.noSolution("no cheapest model found on the curve of loss \(fmt(loss)) with repeated data")
    }
}
