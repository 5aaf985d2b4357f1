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

    static func estimate<Data: PolishObjective>(_ data: Data, objective: FitObjective, theta: [Double]) throws -> Result {
        let p = theta.count
        var e = data.makeEvaluation()
        // With squared loss the majoriser is exactly JᵀWJ; for Huber we need the unweighted
        // Gauss–Newton matrix, so evaluate once with the squared loss at the same θ.
        let squared = FitObjective(loss: .squared, space: objective.space)
        data.evaluate(theta, objective: squared, need: .gradient, into: &e)
        let jtj = Matrix(rows: p, columns: p, columnMajor: e.majorizer)
        let residuals = e.residuals
        let totalWeight = data.weights.reduce(0, +)
        let dof = max(1, totalWeight - Double(p))
        var psiSquared = 0.0
        for i in 0..<data.count { let s = objective.loss.psi(residuals[i]); psiSquared += data.weights[i] * s * s }
        let meanSlope = expectedSlope(objective.loss, residuals: residuals, weights: data.weights)
        let tau2 = (psiSquared / dof) / (meanSlope * meanSlope)
        let svd = try singularValueDecomposition(jtj)
        let (inv, dropped) = try pseudoInverse(jtj, rcond: 1e-13)
        var cov = inv
        for j in 0..<cov.elements.count { cov.elements[j] *= tau2 }
        return Result(covariance: cov, droppedDirections: dropped, conditionNumber: svd.conditionNumber,
                      tau2: tau2, meanSlope: meanSlope, residuals: residuals)
    }

    /// E ψ′(r): 1 for squared loss; P(|r| ≤ δ) under a kernel density of the residuals for
    /// Huber.
    static func expectedSlope(_ loss: RobustLoss, residuals: [Double], weights: [Double]) -> Double {
        guard case let .huber(delta) = loss else { return 1 }
        let total = weights.reduce(0, +)
        guard total > 0 else { return 1 }
        let mean = zip(residuals, weights).reduce(0) { $0 + $1.0 * $1.1 } / total
        let variance = zip(residuals, weights).reduce(0) { $0 + $1.1 * ($1.0 - mean) * ($1.0 - mean) } / total
        let h = max(1.06 * variance.squareRoot() * pow(total, -0.2), 1e-300)
        // Each run's term on all cores, then summed in order (the same sum as one loop's).
        let terms = residuals.concurrentMap { r in normalCDF((delta - r) / h) - normalCDF((-delta - r) / h) }
        var p = 0.0
        for (t, w) in zip(terms, weights) where w > 0 {
            p += w * t
        }
        return max(p / total, 1e-12)
    }

    static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
}
