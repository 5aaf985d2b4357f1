import Foundation

/// The objective of Muennighoff et al.'s data-constrained law as the law itself predicts —
/// U_N from the law's own parameters, the half-lives as parameters like the others — so the
/// law a fit reports is the law it saves and `predict` uses.
///
/// Working parameters φ = (a, b, e, α, β, κ_D, κ_N): A = eᵃ, B = eᵇ, E = eᵉ, and the
/// half-lives as decay rates κ = 1/R* ≥ 0 (κ = 0: no decay, R* = ∞). For each run,
///
///     log L̂ = LSE(a − α·log N′, b − β·log D′, e)
///     D′ = U·(1 + f(κ_D, R)),  R = D/U − 1,          f(κ, x) = (1 − e^(−κx))/κ,  f(0, x) = x
///     N′ = N                          if log N ≤ s
///     N′ = U_N·(1 + f(κ_N, N/U_N − 1)), U_N = eˢ,  otherwise
///     s = log N_opt(U) = [a − b + log α − log β + β·log U]/α
///
/// (s is log G + (β/α)·log(G·U) with G = (αA/(βB))^(1/(α+β)), simplified). N′ is C¹ in s
/// across log N = s (∂ log N′/∂s = 1 − e^(−κx)(1 + x)/(1 + f) vanishes at x = 0), so the
/// objective is smooth enough for Newton. Gradients are analytic; the Hessian is forward
/// differences of the analytic gradient (seven parameters: seven more gradient passes).
struct DataConstrainedObjective: PolishObjective {
    let logParams: [Double]
    let logUnique: [Double]
    /// Repetitions R = D/U − 1 (≥ 0; U is capped at D).
    let repetitions: [Double]
    var loss: [Double]
    var logLoss: [Double]
    var weights: [Double]

    var parameterCount: Int { 7 }
    var count: Int { loss.count }

    init(params: [Double], tokens: [Double], unique: [Double], loss: [Double], logLoss: [Double], weights: [Double]) {
        logParams = params.map { log($0) }
        let u = zip(unique, tokens).map { min($0, $1) }
        logUnique = u.map { log($0) }
        repetitions = zip(tokens, u).map { max(0, $0 / $1 - 1) }
        self.loss = loss; self.logLoss = logLoss; self.weights = weights
    }

    private init(logParams: [Double], logUnique: [Double], repetitions: [Double], loss: [Double], logLoss: [Double], weights: [Double]) {
        self.logParams = logParams; self.logUnique = logUnique; self.repetitions = repetitions
        self.loss = loss; self.logLoss = logLoss; self.weights = weights
    }

    func subset(_ runs: [Int]) -> DataConstrainedObjective {
        DataConstrainedObjective(logParams: runs.map { logParams[$0] }, logUnique: runs.map { logUnique[$0] },
                                 repetitions: runs.map { repetitions[$0] }, loss: runs.map { loss[$0] },
                                 logLoss: runs.map { logLoss[$0] }, weights: runs.map { weights[$0] })
    }

    func makeEvaluation() -> ObjectiveEvaluation { ObjectiveEvaluation(parameterCount: 7, runs: count) }

    /// f(κ, x) = (1 − e^(−κx))/κ and ∂f/∂κ, by series where κx is small (no cancellation).
    @inline(__always)
    static func decay(_ kappa: Double, _ x: Double) -> (f: Double, dKappa: Double, dX: Double) {
        let y = kappa * x
        if abs(y) < 1e-2 {
            // g(y) = (1 − e^(−y))/y = Σ (−y)ᵏ/(k+1)!,  f = x·g(y),  ∂f/∂κ = x²·g′(y).
            var g = 0.0, dg = 0.0, term = 1.0   // term = (−y)ᵏ/(k+1)!
            for k in 0..<8 {
                g += term
                if k + 1 < 8 { dg += Double(k + 1) * (-1) * term / Double(k + 2) }   // d/dy of (−y)^(k+1)/(k+2)!
                term *= -y / Double(k + 2)
            }
            return (x * g, x * x * dg, exp(-y))
        }
        let em = -expm1(-y)            // 1 − e^(−y)
        return (em / kappa, (y * exp(-y) - em) / (kappa * kappa), exp(-y))
    }

    /// log L̂ for run i and, when `gradient` is non-nil, ∇ log L̂ in φ.
    @inline(__always)
    func logPrediction(_ phi: UnsafePointer<Double>, run i: Int, gradient g: UnsafeMutablePointer<Double>?) -> Double {
        let a = phi[0], b = phi[1], e = phi[2], alpha = phi[3], beta = phi[4], kD = phi[5], kN = phi[6]
        let logN = logParams[i], logU = logUnique[i]
        // Effective data.
        let dd = Self.decay(kD, repetitions[i])
        let logD = logU + log1p(dd.f)
        // Effective parameters.
        let s = (a - b + log(alpha) - log(beta) + beta * logU) / alpha
        var logNe = logN, dLogNds = 0.0, dLogNdkN = 0.0
        if logN > s {
            let x = expm1(logN - s)
            let dn = Self.decay(kN, x)
            logNe = s + log1p(dn.f)
            dLogNds = 1 - dn.dX * (1 + x) / (1 + dn.f)
            dLogNdkN = dn.dKappa / (1 + dn.f)
        }
        let t1 = a - alpha * logNe, t2 = b - beta * logD, t3 = e
        let m = max(t1, t2, t3)
        let e1 = exp(t1 - m), e2 = exp(t2 - m), e3 = exp(t3 - m)
        let sum = e1 + e2 + e3
        if let g {
            let p1 = e1 / sum, p2 = e2 / sum, p3 = e3 / sum
            let dsda = 1 / alpha, dsdb = -1 / alpha
            let dsdalpha = (1 / alpha - s) / alpha, dsdbeta = (-1 / beta + logU) / alpha
            let k = -p1 * alpha * dLogNds   // ∂ log L̂ / ∂s
            g[0] = p1 + k * dsda
            g[1] = p2 + k * dsdb
            g[2] = p3
            g[3] = -p1 * logNe + k * dsdalpha
            g[4] = -p2 * logD + k * dsdbeta
            g[5] = -p2 * beta * dd.dKappa / (1 + dd.f)
            g[6] = -p1 * alpha * dLogNdkN
        }
        return m + log(sum)
    }

    func evaluate(_ phi: [Double], objective: FitObjective, need: ObjectiveEvaluation.Need,
                  into e: inout ObjectiveEvaluation) {
        gradientPass(phi, objective: objective, majorizer: need != .value, into: &e)
        guard need == .hessian else { return }
        DifferencedHessian.fill(&e, at: phi, scratch: makeEvaluation()) { x, scratch in
            gradientPass(x, objective: objective, majorizer: false, into: &scratch)
        }
    }

    /// F, ∇F and (when asked) the majoriser Σ wᵢ (ψ(rᵢ)/rᵢ) ∇rᵢ∇rᵢᵀ at φ.
    private func gradientPass(_ phi: [Double], objective: FitObjective, majorizer: Bool, into e: inout ObjectiveEvaluation) {
        let p = 7, rho = objective.loss, linear = objective.space == .linear
        var value = 0.0
        for j in 0..<p { e.gradient[j] = 0 }
        if majorizer { for j in 0..<(p * p) { e.majorizer[j] = 0 } }
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 8) { gb in
            let g = gb.baseAddress!
            phi.withUnsafeBufferPointer { th in
                for i in 0..<count {
                    let logPred = logPrediction(th.baseAddress!, run: i, gradient: g)
                    var scale = 1.0
                    let r: Double
                    if linear { scale = exp(logPred); r = scale - loss[i] } else { r = logPred - logLoss[i] }
                    e.residuals[i] = r
                    let w = weights[i]
                    if w == 0 { continue }
                    value += w * rho.rho(r)
                    let psi = w * rho.psi(r) * scale
                    for j in 0..<p { e.gradient[j] += psi * g[j] }
                    if majorizer {
                        let omega = w * rho.majorizerWeight(r) * scale * scale
                        for u in 0..<p where g[u] != 0 { let du = omega * g[u]; for v in 0..<p { e.majorizer[u * p + v] += du * g[v] } }
                    }
                }
            }
        }
        e.value = value
    }

    func logPredictionGradients(_ phi: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: count * 7)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 8) { gb in
            phi.withUnsafeBufferPointer { th in
                for i in 0..<count {
                    _ = logPrediction(th.baseAddress!, run: i, gradient: gb.baseAddress!)
                    for j in 0..<7 { out[i * 7 + j] = gb[j] }
                }
            }
        }
        return out
    }
}
