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

    /// The same quantile by selection (Hoare 1961's FIND: partitions around a pivot into the
    /// side holding the order statistic) instead of a sort: O(n) expected, in place, for the
    /// quantiles of a million residuals. `x` is left partially ordered.
    static func quantileBySelection(_ x: inout [Double], _ q: Double) -> Double {
        guard !x.isEmpty else { return .nan }
        let h = Double(x.count - 1) * q
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, x.count - 1)
        let low = select(&x, lo)
        // Everything after position lo is ≥ the lo-th: the next order statistic is their minimum.
        let high = hi == lo ? low : x[(lo + 1)...].min()!
        if high == low || h == Double(lo) { return low }
        return low + (h - Double(lo)) * (high - low)
    }

    /// The k-th smallest of `x` (0-based), leaving it at index k with no larger element before
    /// it and no smaller after it.
    static func select(_ x: inout [Double], _ k: Int) -> Double {
        x.withUnsafeMutableBufferPointer { a in
            var left = 0, right = a.count - 1
            while right > left {
                // Median of three as the pivot (sorted data is not the worst case).
                let mid = left + (right - left) / 2
                if a[mid] < a[left] { a.swapAt(mid, left) }
                if a[right] < a[left] { a.swapAt(right, left) }
                if a[right] < a[mid] { a.swapAt(right, mid) }
                let pivot = a[mid]
                var i = left, j = right
                while i <= j {
                    while a[i] < pivot { i += 1 }
                    while pivot < a[j] { j -= 1 }
                    if i <= j { a.swapAt(i, j); i += 1; j -= 1 }
                }
                if k <= j { right = j } else if k >= i { left = i } else { break }
            }
            return a[k]
        }
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
