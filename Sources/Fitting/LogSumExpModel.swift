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
/// Kaplan et al.'s law needs two extensions: a term may have a fixed slope (t = θ[a] − c·x),
/// and the whole log-sum-exp may be scaled by a parameter q: log L̂ = q · log Σ exp(tₖ).
///
/// Storage is flat (term k's xₖᵢ at `x[k * runs + i]`) because the objective evaluates it
/// hundreds of times per fit, thousands of fits per bootstrap.
struct LogSumExpModel: Sendable {
    struct Term: Sendable {
        var intercept: Int
        var slope: Int?
        /// xₖᵢ for each run (ignored for a constant term).
        var x: [Double]
        /// The slope when it is not a parameter (`slope == nil`); 0 makes a constant term.
        var fixedSlope: Double = 0
    }

    let parameterCount: Int
    let termCount: Int
    let runs: Int
    let intercepts: [Int]
    /// Index of the slope parameter, or −1 for a constant term.
    let slopes: [Int]
    let fixedSlopes: [Double]
    /// Index of the outer scale q, or −1 when log L̂ is the plain log-sum-exp.
    let outerScale: Int
    let x: [Double]

    init(terms: [Term], parameterCount: Int, outerScale: Int? = nil) {
        precondition(parameterCount <= 8 && terms.count < 8, "the objective's scratch holds at most 8 parameters and 7 terms")
        self.parameterCount = parameterCount
        self.outerScale = outerScale ?? -1
        termCount = terms.count
        runs = terms.first { !$0.x.isEmpty }?.x.count ?? 0
        intercepts = terms.map(\.intercept)
        slopes = terms.map { $0.slope ?? -1 }
        fixedSlopes = terms.map { $0.slope == nil ? $0.fixedSlope : 0 }
        var flat: [Double] = []
        flat.reserveCapacity(terms.count * runs)
        for term in terms {
            if term.x.isEmpty { flat.append(contentsOf: repeatElement(0, count: runs)) } else { flat.append(contentsOf: term.x) }
        }
        x = flat
    }

    /// log L̂ for run `i`, with the softmax weights sₖ = exp(tₖ − ℓ) written into s[0..<K]
    /// and the log-sum-exp ℓ itself into s[K].
    @inline(__always)
    func logPrediction(_ theta: UnsafePointer<Double>, run i: Int, softmax s: UnsafeMutablePointer<Double>,
                       x: UnsafePointer<Double>) -> Double {
        var m = -Double.infinity
        for k in 0..<termCount {
            var t = theta[intercepts[k]]
            let j = slopes[k]
            if j >= 0 { t -= theta[j] * x[k * runs + i] } else if fixedSlopes[k] != 0 { t -= fixedSlopes[k] * x[k * runs + i] }
            s[k] = t
            if t > m { m = t }
        }
        var sum = 0.0
        for k in 0..<termCount { s[k] = exp(s[k] - m); sum += s[k] }
        let inverse = 1 / sum
        for k in 0..<termCount { s[k] *= inverse }
        let lse = m + log(sum)
        s[termCount] = lse
        return outerScale >= 0 ? theta[outerScale] * lse : lse
    }

    /// ∇ log L̂. For the plain log-sum-exp ∇ℓ = Σₖ sₖ ∇tₖ, with ∇tₖ = +1 at the intercept and
    /// −xₖᵢ at the slope; with an outer scale, ∇(qℓ) = q∇ℓ + ℓ·e_q.
    @inline(__always)
    func gradient(_ theta: UnsafePointer<Double>, run i: Int, softmax s: UnsafePointer<Double>,
                  x: UnsafePointer<Double>, into g: UnsafeMutablePointer<Double>) {
        for j in 0..<parameterCount { g[j] = 0 }
        for k in 0..<termCount {
            g[intercepts[k]] += s[k]
            let j = slopes[k]
            if j >= 0 { g[j] -= s[k] * x[k * runs + i] }
        }
        if outerScale >= 0 {
            let q = theta[outerScale]
            for j in 0..<parameterCount { g[j] *= q }
            g[outerScale] = s[termCount]
        }
    }

    /// Adds `weight` · ∇² log L̂ into the row-major p×p `h`, given ∇ log L̂ in `g`. The terms
    /// are affine in θ, so only the log-sum-exp curves: ∇²ℓ = Σₖ sₖ ∇tₖ∇tₖᵀ − ∇ℓ∇ℓᵀ; with an
    /// outer scale, ∇²(qℓ) = q∇²ℓ + e_q∇ℓᵀ + ∇ℓ e_qᵀ. `work` holds p scratch values.
    @inline(__always)
    func addHessian(_ theta: UnsafePointer<Double>, run i: Int, softmax s: UnsafePointer<Double>,
                    gradient g: UnsafePointer<Double>, weight outerWeight: Double, x: UnsafePointer<Double>,
                    work inner: UnsafeMutablePointer<Double>, into h: UnsafeMutablePointer<Double>) {
        let p = parameterCount
        // ∇ℓ from ∇(qℓ): divide by q, and ℓ does not depend on q.
        let q = outerScale >= 0 ? theta[outerScale] : 1
        for j in 0..<p { inner[j] = g[j] / q }
        if outerScale >= 0 {
            inner[outerScale] = 0
            for j in 0..<p {
                h[outerScale * p + j] += outerWeight * inner[j]
                h[j * p + outerScale] += outerWeight * inner[j]
            }
        }
        let weight = outerWeight * q
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
        for u in 0..<p where inner[u] != 0 {
            let gu = weight * inner[u]
            for v in 0..<p { h[u * p + v] -= gu * inner[v] }
        }
    }
}
