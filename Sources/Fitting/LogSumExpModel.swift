import Foundation

/// A law whose log-prediction is a log-sum-exp of terms affine in the parameters θ:
///
///     log L̂ᵢ = log Σₖ exp(tₖᵢ),   tₖᵢ = θ[interceptₖ] − θ[slopeₖ] · xₖᵢ
///
/// Chinchilla in Hoffmann et al.'s parametrisation (A = eᵃ, B = eᵇ, E = eᵉ) is the case
/// t₁ = a − α·log N, t₂ = b − β·log D, t₃ = e; a saturating power law is t₁ = a − α·log x,
/// t₂ = e. Writing the law this way keeps A, B, E positive without bounds and makes the
/// evaluation overflow-free (the largest term is factored out), as Hoffmann et al. did.
struct LogSumExpModel: Sendable {
    struct Term: Sendable {
        var intercept: Int
        var slope: Int?
        /// xₖᵢ for each run (ignored without a slope).
        var x: [Double]
    }

    let terms: [Term]
    let parameterCount: Int

    /// log L̂ and the softmax weights sₖ = exp(tₖ − log L̂) for run `i`, written into `s`.
    @inline(__always)
    func logPrediction(_ theta: [Double], run i: Int, softmax s: inout [Double]) -> Double {
        var m = -Double.infinity
        for k in terms.indices {
            let term = terms[k]
            var t = theta[term.intercept]
            if let j = term.slope { t -= theta[j] * term.x[i] }
            s[k] = t
            if t > m { m = t }
        }
        var sum = 0.0
        for k in terms.indices { s[k] = exp(s[k] - m); sum += s[k] }
        for k in terms.indices { s[k] /= sum }
        return m + log(sum)
    }

    /// ∂tₖ/∂θ as a sparse pair: +1 at the intercept, −xₖᵢ at the slope.
    @inline(__always)
    func accumulateGradient(run i: Int, softmax s: [Double], into g: inout [Double]) {
        for j in g.indices { g[j] = 0 }
        for k in terms.indices {
            let term = terms[k]
            g[term.intercept] += s[k]
            if let j = term.slope { g[j] -= s[k] * term.x[i] }
        }
    }

    /// ∇² log L̂ = Σₖ sₖ ∇tₖ ∇tₖᵀ − ḡ ḡᵀ (the terms are affine, so only the LSE curves),
    /// added with factor `weight` into the p×p row-major `h`.
    @inline(__always)
    func accumulateHessian(run i: Int, softmax s: [Double], gradient g: [Double],
                           weight: Double, into h: inout [Double]) {
        let p = parameterCount
        for k in terms.indices {
            let term = terms[k]
            let w = weight * s[k]
            let a = term.intercept
            h[a * p + a] += w
            if let j = term.slope {
                let x = term.x[i]
                h[a * p + j] -= w * x
                h[j * p + a] -= w * x
                h[j * p + j] += w * x * x
            }
        }
        for u in 0..<p where g[u] != 0 {
            let gu = weight * g[u]
            for v in 0..<p { h[u * p + v] -= gu * g[v] }
        }
    }
}
