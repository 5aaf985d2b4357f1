import Foundation

/// Small descriptive statistics used by the bootstrap and the diagnostics.
enum Statistics {
    static func mean(_ x: [Double]) -> Double { x.isEmpty ? .nan : x.reduce(0, +) / Double(x.count) }

    /// Sample standard deviation (n − 1 in the denominator).
    static func standardDeviation(_ x: [Double]) -> Double {
        guard x.count > 1 else { return 0 }
        let m = mean(x)
        return (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)).squareRoot()
    }

    /// The q-quantile by linear interpolation between order statistics (numpy's default,
    /// Hyndman & Fan type 7).
    static func quantile(_ x: [Double], _ q: Double) -> Double {
        let s = x.sorted()
        guard !s.isEmpty else { return .nan }
        let h = Double(s.count - 1) * q
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, s.count - 1)
        // Equal or infinite neighbours (a half-life of ∞) interpolate to themselves.
        if s[hi] == s[lo] || h == Double(lo) { return s[lo] }
        return s[lo] + (h - Double(lo)) * (s[hi] - s[lo])
    }

    /// The equal-tailed percentile interval at `confidence`.
    static func percentileInterval(_ x: [Double], confidence: Double) -> Interval {
        let tail = (1 - confidence) / 2
        return Interval(quantile(x, tail), quantile(x, 1 - tail))
    }

    /// The standard normal quantile Φ⁻¹(p), by bisection on erfc (to 1e-12; not a hot path).
    static func normalQuantile(_ p: Double) -> Double {
        var lo = -40.0, hi = 40.0
        for _ in 0..<100 {
            let mid = 0.5 * (lo + hi)
            if 0.5 * erfc(-mid / 2.0.squareRoot()) < p { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }

    /// The χ² quantile with one degree of freedom: (Φ⁻¹((1 + c)/2))².
    static func chiSquaredOneQuantile(_ c: Double) -> Double {
        let z = normalQuantile((1 + c) / 2)
        return z * z
    }

    static func median(_ x: [Double]) -> Double { quantile(x, 0.5) }

    static func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let mx = mean(x), my = mean(y)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) { sxy += (a - mx) * (b - my); sxx += (a - mx) * (a - mx); syy += (b - my) * (b - my) }
        guard sxx > 0, syy > 0 else { return 0 }
        return sxy / (sxx * syy).squareRoot()
    }
}
