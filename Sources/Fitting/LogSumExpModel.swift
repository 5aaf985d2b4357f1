import Foundation

/// A law whose log-prediction is a log-sum-exp of terms affine in the parameters θ:
///
///     log L̂ᵢ = log Σₖ exp(tₖᵢ),   tₖᵢ = θ[interceptₖ] − θ[slopeₖ] · xₖᵢ
///
/// Chinchilla in Hoffmann et al.'s parametrisation (A = eᵃ, B = eᵇ, E = eᵉ) is the case
/// t₁ = a − α·log N, t₂ = b − β·log D, t₃ = e; a saturating power law is t₁ = a − α·log x,
/// t₂ = e. Writing the law this way keeps A, B, E positive without bounds and makes the
/// evaluation overflow-free (the largest term is factored out), as Hoffmann et al. did.
///
/// Storage is flat (term k's xₖᵢ at `x[k * runs + i]`) because the objective evaluates it
/// hundreds of times per fit, thousands of fits per bootstrap.
struct LogSumExpModel: Sendable {
    struct Term: Sendable {
        var intercept: Int
        var slope: Int?
        /// xₖᵢ for each run (ignored without a slope).
        var x: [Double]
    }

    let parameterCount: Int
    let termCount: Int
    let runs: Int
    let intercepts: [Int]
    /// Index of the slope parameter, or −1 for a constant term.
    let slopes: [Int]
    let x: [Double]

    init(terms: [Term], parameterCount: Int) {
        precondition(parameterCount <= 8 && terms.count <= 8, "the objective's scratch holds at most 8 parameters and terms")
        self.parameterCount = parameterCount
        termCount = terms.count
        runs = terms.first { $0.slope != nil }?.x.count ?? 0
        intercepts = terms.map(\.intercept)
        slopes = terms.map { $0.slope ?? -1 }
        var flat = [Double](repeating: 0, count: terms.count * runs)
        for (k, term) in terms.enumerated() where term.slope != nil {
            for i in 0..<runs { flat[k * runs + i] = term.x[i] }
        }
        x = flat
    }

    /// log L̂ for run `i`, with the softmax weights sₖ = exp(tₖ − log L̂) written into `s`.
    @inline(__always)
    func logPrediction(_ theta: UnsafePointer<Double>, run i: Int, softmax s: UnsafeMutablePointer<Double>,
                       x: UnsafePointer<Double>) -> Double {
        var m = -Double.infinity
        for k in 0..<termCount {
            var t = theta[intercepts[k]]
            let j = slopes[k]
            if j >= 0 { t -= theta[j] * x[k * runs + i] }
            s[k] = t
            if t > m { m = t }
        }
        var sum = 0.0
        for k in 0..<termCount { s[k] = exp(s[k] - m); sum += s[k] }
        let inverse = 1 / sum
        for k in 0..<termCount { s[k] *= inverse }
        return m + log(sum)
    }

    /// ∇ log L̂ = Σₖ sₖ ∇tₖ, with ∇tₖ = +1 at the intercept and −xₖᵢ at the slope.
    @inline(__always)
    func gradient(run i: Int, softmax s: UnsafePointer<Double>, x: UnsafePointer<Double>,
                  into g: UnsafeMutablePointer<Double>) {
        for j in 0..<parameterCount { g[j] = 0 }
        for k in 0..<termCount {
            g[intercepts[k]] += s[k]
            let j = slopes[k]
            if j >= 0 { g[j] -= s[k] * x[k * runs + i] }
        }
    }

    /// Adds `weight` · ∇² log L̂ into the row-major p×p `h`. The terms are affine in θ, so
    /// only the log-sum-exp curves: ∇² log L̂ = Σₖ sₖ ∇tₖ∇tₖᵀ − ḡḡᵀ.
    @inline(__always)
    func addHessian(run i: Int, softmax s: UnsafePointer<Double>, gradient g: UnsafePointer<Double>,
                    weight: Double, x: UnsafePointer<Double>, into h: UnsafeMutablePointer<Double>) {
        let p = parameterCount
        for k in 0..<termCount {
            let w = weight * s[k]
            let a = intercepts[k]
            h[a * p + a] += w
            let j = slopes[k]
            if j >= 0 {
                let xi = x[k * runs + i]
                h[a * p + j] -= w * xi
                h[j * p + a] -= w * xi
                h[j * p + j] += w * xi * xi
            }
        }
        for u in 0..<p where g[u] != 0 {
            let gu = weight * g[u]
            for v in 0..<p { h[u * p + v] -= gu * g[v] }
        }
    }
}
