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
extension IsoLossCurve {
    func repeatedDataResidual(_ t: Double, _ k: CostCoefficients, _ data: UniqueData) -> Double {
        let n = params(t), effective = tokens(t)
        let raw = data.rawTokens(effective: effective)
        let rhs = (k.perParamToken * raw + k.perParam) * n
            / ((k.perParamToken * n + k.perToken) * effective * data.rawPerEffective(raw: raw))
        return log(law.alpha / law.beta) + t - log(rhs)
    }

    /// The t where D′ reaches U·(1 + R*): models at or beyond it cannot be trained. Throws when
    /// no model of this loss can be trained on the capped data.
    func lastTrainableT(_ data: UniqueData) throws -> Double {
        do {
            return try t(tokens: data.maxEffectiveTokens)
        } catch PlanningError.tokensTooFew(_, _, let best) {
            throw PlanningError.notEnoughUniqueData(unique: data.uniqueTokens, maxEffective: data.maxEffectiveTokens,
                                                    target: loss, bestLoss: best)
        }
    }

    /// The t of the cheapest model of quality ℓ under cost k, with the data capped and repeated.
    /// The bracket comes from the same bound as `cheapestT` (the residual rises at least as fast
    /// as t), cut at t_max; Brent's method solves it to full precision.
    func cheapestT(_ k: CostCoefficients, uniqueData data: UniqueData) throws -> Double {
        guard k.perParamToken > 0, k.perParam >= 0, k.perToken >= 0 else {
            throw PlanningError.invalidInput("the cost model needs a positive training cost and non-negative other costs")
        }
        let tMax = try lastTrainableT(data)
        let residual = { (t: Double) in repeatedDataResidual(t, k, data) }
        // The highest t below t_max whose residual is finite and positive.
        var top = tMax
        for gap in [1e-3, 1e-6, 1e-9, 1e-12] {
            let t = tMax - gap * max(1, abs(tMax))
            let r = residual(t)
            if r.isFinite && r > 0 { top = t; break }
        }
        let t0 = chinchillaT
        var lo: Double, hi: Double
        if t0 < top, case let r0 = residual(t0), r0.isFinite {
            if r0 == 0 { return t0 }
            // residual(t) ≥ t − t₀ + r₀ above t₀ and ≤ it below: the root lies within |r₀| of t₀.
            let far = t0 - r0 * (1 + 1e-12) + (r0 < 0 ? 1e-12 : -1e-12)
            (lo, hi) = r0 < 0 ? (t0, min(far, top)) : (far, t0)
        } else {
            // Chinchilla's point needs more effective data than repetition gives: step down from t_max.
            hi = top
            var step = 1.0
            lo = top - step
            while !(residual(lo) < 0) {
                step *= 2
                lo = top - step
                guard step < 1e4 else { throw PlanningError.noSolution("no cheapest model found below t = \(fmt(top)) with repeated data") }
            }
        }
        guard let t = Brent.root(in: lo, hi, tolerance: 1e-13, residual) else {
            throw PlanningError.noSolution("the optimality condition with repeated data did not change sign on its bracket")
        }
        return t
    }
}
