import Foundation
import LinearAlgebra

/// Standard errors from the curvature at the optimum: the asymptotic covariance of a
/// regression M-estimator (Huber 1981, §7.6),
///
///     Cov(θ̂) = τ² (JᵀWJ)⁻¹,   τ² = [Σ wᵢ ψ(rᵢ)² / (n − p)] / (E ψ′)²
///
/// with J the Jacobian of the residuals. For squared loss ψ′ = 1 and this is the familiar
/// σ²(JᵀJ)⁻¹. For Huber, E ψ′ = P(|r| ≤ δ); with δ = 10⁻³ only a handful of residuals fall
/// in that band, so it is estimated from a Gaussian kernel density of the residuals
/// (Silverman's bandwidth) rather than by counting them.
struct AsymptoticCovariance {
    /// Covariance in θ (row-major p×p) and the number of directions the pseudo-inverse
    /// dropped (0 when JᵀWJ was safely invertible).
    struct Result {
        var covariance: Matrix
        var droppedDirections: Int
        var conditionNumber: Double
        /// τ² and E ψ′ of the formula above (the influence diagnostics reuse them).
        var tau2: Double
        var meanSlope: Double
        /// The residuals at θ, in the objective's space (the diagnostics reuse them).
        var residuals: [Double]
    }

    /// `lastPass`: a pass of ∇F at `theta` that summed the Gauss–Newton matrix (a large sweep's
    /// finish), whose residuals and matrix are those this would compute: no pass of its own.
    static func estimate<Data: PolishObjective>(_ data: Data, objective: FitObjective, theta: [Double],
                                                lastPass: ObjectiveEvaluation? = nil) throws -> Result {
        let p = theta.count
        let jtj: Matrix, residuals: [Double]
        if let pass = lastPass, pass.gaussNewton.count == p * p, pass.residuals.count == data.count {
            jtj = Matrix(rows: p, columns: p, columnMajor: pass.gaussNewton)
            residuals = pass.residuals
        } else {
            // With squared loss the majoriser is exactly JᵀWJ; for Huber we need the unweighted
            // Gauss–Newton matrix, so evaluate once with the squared loss at the same θ.
            var e = data.makeEvaluation()
            let squared = FitObjective(loss: .squared, space: objective.space)
            data.evaluate(theta, objective: squared, need: .gradient, into: &e)
            jtj = Matrix(rows: p, columns: p, columnMajor: e.majorizer)
            residuals = e.residuals
        }
        // The weights once (through a mapped objective each read is a copy out of its base).
        let weights = data.weights
        let totalWeight = weights.reduce(0, +)
        let dof = max(1, totalWeight - Double(p))
        let psiSquared = sumOfSquaredPsi(objective.loss, residuals: residuals, weights: weights)
        let meanSlope = expectedSlope(objective.loss, residuals: residuals, weights: weights)
        let tau2 = (psiSquared / dof) / (meanSlope * meanSlope)
        let svd = try singularValueDecomposition(jtj)
        let (inv, dropped) = try pseudoInverse(jtj, rcond: 1e-13)
        var cov = inv
        for j in 0..<cov.elements.count { cov.elements[j] *= tau2 }
        return Result(covariance: cov, droppedDirections: dropped, conditionNumber: svd.conditionNumber,
                      tau2: tau2, meanSlope: meanSlope, residuals: residuals)
    }

    /// Σ wᵢ ψ(rᵢ)², in run order.
    static func sumOfSquaredPsi(_ loss: RobustLoss, residuals: [Double], weights: [Double]) -> Double {
        var sum = 0.0
        residuals.withUnsafeBufferPointer { r in
            weights.withUnsafeBufferPointer { w in
                switch loss {
                case let .huber(delta):
                    for i in r.indices { let s = min(max(r[i], -delta), delta); sum += w[i] * s * s }
                case .squared:
                    for i in r.indices { let s = r[i]; sum += w[i] * s * s }
                }
            }
        }
        return sum
    }

    /// E ψ′(r): 1 for squared loss; P(|r| ≤ δ) under a kernel density of the residuals for
    /// Huber.
    static func expectedSlope(_ loss: RobustLoss, residuals: [Double], weights: [Double]) -> Double {
        guard case let .huber(delta) = loss else { return 1 }
        let total = weights.reduce(0, +)
        guard total > 0 else { return 1 }
        if residuals.count >= FitData.parallelThreshold {
            return largeSweepSlope(delta: delta, residuals: residuals, weights: weights, total: total)
        }
        // The sums in run order, on raw buffers (zip's iterators cost as much as the arithmetic
        // at a million runs).
        var mean = 0.0, variance = 0.0
        residuals.withUnsafeBufferPointer { r in
            weights.withUnsafeBufferPointer { w in
                for i in r.indices { mean += r[i] * w[i] }
                mean /= total
                for i in r.indices { variance += w[i] * (r[i] - mean) * (r[i] - mean) }
            }
        }
        variance /= total
        let h = max(1.06 * variance.squareRoot() * pow(total, -0.2), 1e-300)
        // Each run's term on all cores, then summed in order (the same sum as one loop's).
        let terms = residuals.concurrentMap { r in normalCDF((delta - r) / h) - normalCDF((-delta - r) / h) }
        var p = 0.0
        terms.withUnsafeBufferPointer { t in
            weights.withUnsafeBufferPointer { w in
                for i in t.indices where w[i] > 0 { p += w[i] * t[i] }
            }
        }
        return max(p / total, 1e-12)
    }

    /// `expectedSlope` of a large sweep: each sum one chunk of runs per core, the chunks' sums
    /// added in order (so not the serial loop's rounding, and not dependent on thread timing),
    /// and no array of the million terms. A run's term Φ((δ − r)/h) − Φ((−δ − r)/h) is left out
    /// when it is 0 (both arguments beyond 8.5: Φ is 1 to double precision) or below Φ(−11.4)
    /// ≈ 2·10⁻³⁰ (r far above δ): n such terms change a sum of order n·E ψ′ by far less than
    /// its rounding. About half the runs of a sweep with 1% noise need no `erfc`.
    static func largeSweepSlope(delta: Double, residuals: [Double], weights: [Double], total: Double) -> Double {
        let n = residuals.count
        let mean = chunkedSum(n) { range in
            residuals.withUnsafeBufferPointer { r in weights.withUnsafeBufferPointer { w in
                var s = 0.0
                for i in range { s += r[i] * w[i] }
                return s
            }}
        } / total
        let variance = chunkedSum(n) { range in
            residuals.withUnsafeBufferPointer { r in weights.withUnsafeBufferPointer { w in
                var s = 0.0
                for i in range { s += w[i] * (r[i] - mean) * (r[i] - mean) }
                return s
            }}
        } / total
        let h = max(1.06 * variance.squareRoot() * pow(total, -0.2), 1e-300)
        let p = chunkedSum(n) { range in
            residuals.withUnsafeBufferPointer { r in weights.withUnsafeBufferPointer { w in
                var s = 0.0
                for i in range where w[i] > 0 {
                    let upper = (delta - r[i]) / h, lower = (-delta - r[i]) / h
                    if upper < -11.4 || lower > 8.5 { continue }
                    s += w[i] * (normalCDF(upper) - normalCDF(lower))
                }
                return s
            }}
        }
        return max(p / total, 1e-12)
    }

    /// Σ of `part` over one chunk of 0..<n per core, added in chunk order.
    static func chunkedSum(_ n: Int, _ part: @escaping @Sendable (Range<Int>) -> Double) -> Double {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let chunk = (n + workers - 1) / workers
        let slots = ResampleSlots<Double>(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            slots.set(w, part((w * chunk)..<min(n, (w + 1) * chunk)))
        }
        return slots.values.reduce(0) { $0 + $1! }
    }

    static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
}
