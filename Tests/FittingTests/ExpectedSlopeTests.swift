import Foundation
import Testing
@testable import Fitting

/// E ψ′ of the curvature's τ² (Huber): P(|r| ≤ δ) under a Gaussian kernel density of the
/// residuals. A large sweep's version (chunked sums, negligible terms left out) against the
/// formula summed run by run here, and both against the closed form for normal residuals.
struct ExpectedSlopeTests {
    /// n residuals at the normal quantiles of N(0, σ²), weights 0, 1, 2 in turn.
    static func normalResiduals(_ n: Int, sigma: Double) -> (residuals: [Double], weights: [Double]) {
        let r = (0..<n).map { i in sigma * Statistics.normalQuantile((Double(i) + 0.5) / Double(n)) }
        // Interleaved so that weights do not follow the residuals' order.
        let order = (0..<n).map { ($0 * 7_919) % n }
        return (order.map { r[$0] }, (0..<n).map { Double($0 % 3) })
    }

    static func bruteForce(delta: Double, residuals r: [Double], weights w: [Double]) -> (slope: Double, h: Double) {
        let total = w.reduce(0, +)
        var mean = 0.0
        for i in r.indices { mean += w[i] * r[i] }
        mean /= total
        var variance = 0.0
        for i in r.indices { variance += w[i] * (r[i] - mean) * (r[i] - mean) }
        variance /= total
        let h = 1.06 * variance.squareRoot() * pow(total, -0.2)
        var p = 0.0
        for i in r.indices {
            p += w[i] * 0.5 * (erfc(-(delta - r[i]) / h / 2.0.squareRoot()) - erfc(-(-delta - r[i]) / h / 2.0.squareRoot()))
        }
        return (p / total, h)
    }

    @Test func largeSweepSlopeIsTheFormulasValue() {
        let (r, w) = Self.normalResiduals(60_001, sigma: 0.01)
        let delta = 1e-3
        let slope = AsymptoticCovariance.expectedSlope(.huber(delta: delta), residuals: r, weights: w)
        let (expected, h) = Self.bruteForce(delta: delta, residuals: r, weights: w)
        #expect(abs(slope - expected) <= 1e-12 * expected, "\(slope) vs \(expected)")
        // Normal residuals smoothed by a normal kernel: P(|X| ≤ δ), X ~ N(0, σ² + h²).
        let s = (0.01 * 0.01 + h * h).squareRoot()
        let closed = erf(delta / s / 2.0.squareRoot())
        #expect(abs(slope - closed) <= 2e-3 * closed, "\(slope) vs \(closed)")
    }

    @Test func smallSweepSlopeIsTheFormulasValue() {
        let (r, w) = Self.normalResiduals(2_001, sigma: 0.02)
        let slope = AsymptoticCovariance.expectedSlope(.huber(delta: 1e-3), residuals: r, weights: w)
        let expected = Self.bruteForce(delta: 1e-3, residuals: r, weights: w).slope
        #expect(abs(slope - expected) <= 1e-12 * expected)
    }
}
