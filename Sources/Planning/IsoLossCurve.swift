import Foundation
import ScalingLaws

/// All models of one quality ℓ under a Chinchilla law: the curve L(N, D) = ℓ.
///
/// Along it the reducible loss R = ℓ − E is split between model size and data. Write
/// s = A·N^−α / R for the share due to finite N (so B·D^−β = (1 − s)·R), and parametrise by
/// its log-odds t = log(s / (1 − s)):
///
///     N(t) = (A / (R·s))^(1/α),   D(t) = (B / (R·(1 − s)))^(1/β),   s = 1 / (1 + e^−t)
///
/// t runs over the whole real line: t → −∞ is the infinitely large model (D → D_min), t → +∞
/// the smallest one that can reach ℓ (N → N_min = (A/R)^(1/α), D → ∞). log s and log(1 − s)
/// are computed as −softplus(∓t), so even 10^16 tokens of demand (s within 1e-12 of 1) keep
/// full precision, which solving for N or D directly would lose to cancellation.
public struct IsoLossCurve: Sendable {
    public let law: ChinchillaLaw
    public let loss: Double
    /// log(ℓ − E).
    let logReducible: Double
    let logA: Double, logB: Double
    /// log N and log D of Chinchilla's model of this loss (every plan needs them).
    let chinchillaLogParams: Double, chinchillaLogTokens: Double

    public init(law: ChinchillaLaw, loss: Double) throws {
        guard loss.isFinite, loss > law.E else { throw PlanningError.unreachableLoss(target: loss, floor: law.E) }
        self.law = law; self.loss = loss
        let logReducible = log(loss - law.E), logA = log(law.A), logB = log(law.B)
        self.logReducible = logReducible; self.logA = logA; self.logB = logB
        // At t₀ = log(β/α): s = β/(α+β), so −log s = log((α+β)/β) and −log(1−s) = log((α+β)/α).
        chinchillaLogParams = (logA - logReducible + log((law.alpha + law.beta) / law.beta)) / law.alpha
        chinchillaLogTokens = (logB - logReducible + log((law.alpha + law.beta) / law.alpha)) / law.beta
    }

    /// Chinchilla's model of this loss: N and D at t₀.
    public var chinchilla: (params: Double, tokens: Double) { (exp(chinchillaLogParams), exp(chinchillaLogTokens)) }

    /// The Chinchilla-optimal point: αA·N^−α = βB·D^−β (Hoffmann et al. 2022, App. D.2),
    /// i.e. s = β/(α + β), t = log(β/α).
    public var chinchillaT: Double { log(law.beta / law.alpha) }

    public func logParams(_ t: Double) -> Double { (logA - logReducible + softplus(-t)) / law.alpha }
    public func logTokens(_ t: Double) -> Double { (logB - logReducible + softplus(t)) / law.beta }
    public func params(_ t: Double) -> Double { exp(logParams(t)) }
    public func tokens(_ t: Double) -> Double { exp(logTokens(t)) }

    /// The t of the model with `params` parameters; throws when it cannot reach ℓ.
    public func t(params n: Double) throws -> Double {
        // s = A·N^−α / R must be < 1; t = log s − log(1 − s).
        let logS = logA - law.alpha * log(n) - logReducible
        guard logS < 0 else {
            throw PlanningError.paramsTooSmall(params: n, target: loss, bestLoss: law.E + law.A * pow(n, -law.alpha))
        }
        return logS - log(-expm1(logS))
    }

    /// The t of the model trained on `tokens` tokens; throws when no model size reaches ℓ.
    public func t(tokens d: Double) throws -> Double {
        let logOneMinusS = logB - law.beta * log(d) - logReducible
        guard logOneMinusS < 0 else {
            throw PlanningError.tokensTooFew(tokens: d, target: loss, bestLoss: law.E + law.B * pow(d, -law.beta))
        }
        return log(-expm1(logOneMinusS)) - logOneMinusS
    }

    /// Residual of the optimality condition for cost = k·(N, D) along the curve; increasing
    /// in t, zero at the cheapest model. Tangency of the cost's and the loss's level sets:
    ///
    ///     αA·N^−α / (βB·D^−β) = (k_ND·D + k_N)·N / ((k_ND·N + k_D)·D)
    ///
    /// whose left side is α·s / (β·(1 − s)) = e^t·α/β. For FLOPs (k_ND = 6, k_N = 2·D_inf)
    /// the right side is 1 + D_inf/(3·D_tr): Sardana & Frankle 2024, eq. 4. Both factors of
    /// the right side grow with N, i.e. fall with t, so the residual is strictly increasing.
    func optimalityResidual(_ t: Double, _ k: CostCoefficients) -> Double {
        let n = params(t), d = tokens(t)
        let rhs = (k.perParamToken * d + k.perParam) * n / ((k.perParamToken * n + k.perToken) * d)
        return log(law.alpha / law.beta) + t - log(rhs)
    }

    /// The t of the cheapest model of quality ℓ under cost k (k_ND > 0, others ≥ 0).
    ///
    /// At Chinchilla's point t₀ the residual is −log rhs(t₀), and since rhs only falls as t
    /// grows, residual(t) ≥ t − t₀ − log rhs(t₀) for t ≥ t₀ and ≤ it for t ≤ t₀. So the root
    /// lies between t₀ and t₀ + log rhs(t₀): a closed-form bracket (above t₀ when inference
    /// costs dominate, below when a per-token cost does), solved by Brent's method to full
    /// precision. With no cost beyond training (k_N = k_D = 0) it is t₀ itself: the
    /// Chinchilla closed form, exactly.
    public func cheapestT(_ k: CostCoefficients, start: Double? = nil) throws -> Double {
        guard k.perParamToken > 0, k.perParam >= 0, k.perToken >= 0 else {
            throw PlanningError.invalidInput("the cost model needs a positive training cost and non-negative other costs")
        }
        let t0 = chinchillaT
        if k.perParam == 0 && k.perToken == 0 { return t0 }
        // log rhs(t₀); without a per-token cost it is log(1 + k_N/(k_ND·D₀)).
        let logRHS0 = k.perToken == 0 ? log1p(k.perParam / k.perParamToken * exp(-chinchillaLogTokens))
                                      : -optimalityResidual(t0, k)
        guard logRHS0.isFinite else { throw PlanningError.noSolution("the cost of a model of loss \(fmt(loss)) is not finite") }
        if logRHS0 == 0 { return t0 }
        // Widen by a relative and absolute hair so rounding cannot leave the root just outside.
        let far = t0 + logRHS0 * (1 + 1e-12) + (logRHS0 > 0 ? 1e-12 : -1e-12)
        if k.perToken == 0, let t = cheapestTWithoutTokenCost(k, bracket: t0, far, start: start ?? t0) { return t }
        guard let t = Brent.root(in: min(t0, far), max(t0, far), tolerance: 1e-13, { optimalityResidual($0, k) }) else {
            throw PlanningError.noSolution("the optimality condition for loss \(fmt(loss)) did not change sign on its bracket")
        }
        return t
    }
}

extension IsoLossCurve {
    /// The paper's case, costs k_ND·N·D + k_N·N (no per-token term): with q = k_N/(k_ND·D),
    /// the residual is h(t) = log(α/β) + t − log(1 + q) and, since d log D/dt = s/β,
    /// h'(t) = 1 + (q/(1 + q))·(s/β) ≥ 1. Safeguarded Newton on the same bracket as Brent's
    /// converges in a few steps (and warm-started from a neighbouring sweep point, in one or two).
    func cheapestTWithoutTokenCost(_ k: CostCoefficients, bracket a: Double, _ b: Double, start: Double) -> Double? {
        let ratio = k.perParam / k.perParamToken
        let logAlphaOverBeta = log(law.alpha / law.beta)
        let base = logB - logReducible, beta = law.beta
        return SafeguardedNewton.root(in: min(a, b), max(a, b), start: start, tolerance: 1e-13) { t in
            let e = exp(-abs(t))
            let s = t >= 0 ? 1 / (1 + e) : e / (1 + e)
            let logD = (base + max(t, 0) + log1p(e)) / beta
            let q = ratio * exp(-logD)
            return (logAlphaOverBeta + t - log1p(q), 1 + q / (1 + q) * s / beta)
        }
    }
}

/// log(1 + e^x), without overflow for large x or loss of precision for very negative x.
@inline(__always)
func softplus(_ x: Double) -> Double { max(x, 0) + log1p(exp(-abs(x))) }
