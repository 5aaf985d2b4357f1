import Foundation

/// The global minimum of a cost c(t) along a piece [lower, upper] of the curve of models (either
/// end may be infinite), by branch and bound, for costs with more than one local minimum
/// (`planWithSyntheticFraction`). It needs a lower bound on c over any [a, b] that tightens as
/// the piece shrinks: along the curve N falls and D rises, so with non-negative cost coefficients
/// c(N(b), D(a)) is one. Infinite ends are first pulled in until the bound on each tail exceeds
/// the best cost found; then every piece whose bound is below the best cost less `relativeGap`
/// is halved (its midpoint priced) and the others dropped, until none is left or pieces reach
/// 1e-12 in t. So nothing dropped costs less than the answer by more than the gap, whatever the
/// number of local minima. Last, Brent's method on dc/dt polishes the best point within its
/// neighbourhood when the slope changes sign there (full precision in the winning basin).
struct CurveSearch {
    var lower: Double
    var upper: Double
    var start: Double
    /// The cost at t.
    var cost: (Double) -> Double
    /// A lower bound on the cost over [a, b] (either end may be infinite).
    var bound: (Double, Double) -> Double
    /// dc/dt, for the final polish.
    var slope: (Double) -> Double
    var relativeGap = 1e-7

    func minimum() throws -> Double {
        var best = (t: Double.nan, c: Double.infinity)
        func consider(_ t: Double) {
            let c = cost(t)
            if c < best.c || best.t.isNaN { best = (t, c) }
        }
        let t0 = min(max(start, lower), upper)
        consider(t0)
        if lower.isFinite { consider(lower) }
        if upper.isFinite { consider(upper) }
        // Widen to a finite range whose tails cannot hold anything cheaper.
        var lo = lower, hi = upper
        if !hi.isFinite {
            var step = 1.0
            repeat {
                hi = t0 + step; consider(hi); step *= 2
                guard step < 1e5 else { throw PlanningError.noSolution("the cost along the curve does not grow toward small models") }
            } while !(bound(hi, .infinity) >= best.c)
        }
        if !lo.isFinite {
            var step = 1.0
            repeat {
                lo = t0 - step; consider(lo); step *= 2
                guard step < 1e5 else { throw PlanningError.noSolution("the cost along the curve does not grow toward large models") }
            } while !(bound(-.infinity, lo) >= best.c)
        }
        guard best.c.isFinite else { throw PlanningError.noSolution("no model on the curve has a finite cost") }
        var pieces = [(lo, hi)], width = hi - lo
        while !pieces.isEmpty {
            var next: [(Double, Double)] = []
            for (a, b) in pieces where bound(a, b) < best.c * (1 - relativeGap) {
                guard b - a > 1e-12 * max(1, abs(a)) else { continue }
                let mid = 0.5 * (a + b)
                consider(mid)
                next.append((a, mid)); next.append((mid, b))
            }
            if !next.isEmpty { width = next[0].1 - next[0].0 }
            pieces = next
        }
        // Polish: the slope's root next to the best point, when it changes sign there.
        let a = max(lo, best.t - 2 * width), b = min(hi, best.t + 2 * width)
        if a < b, slope(a) < 0, slope(b) > 0, let root = Brent.root(in: a, b, tolerance: 1e-14, slope) {
            let c = cost(root)
            if c <= best.c { best = (root, c) }
        }
        return best.t
    }
}
