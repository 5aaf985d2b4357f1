import Foundation

/// Brent's method (Brent 1973, "Algorithms for Minimization without Derivatives", ch. 4):
/// a root of a continuous f on a bracket [a, b] with f(a)·f(b) ≤ 0.
///
/// Each step tries inverse quadratic interpolation or the secant, and falls back to bisection
/// whenever the interpolated point would leave the bracket or shrink it too slowly, so it never
/// does worse than bisection and never leaves the bracket (unlike a raw Newton step). It stops
/// when the bracket is below `tolerance` (absolute, plus 2 ulps relative) or f hits 0 exactly.
public enum Brent {
    /// The root, or nil when f(a) and f(b) have the same strict sign or f is not finite there.
    public static func root(in a: Double, _ b: Double, tolerance: Double = 1e-14,
                            maxIterations: Int = 200, _ f: (Double) -> Double) -> Double? {
        var a = a, b = b
        var fa = f(a), fb = f(b)
        guard fa.isFinite, fb.isFinite else { return nil }
        if fa == 0 { return a }
        if fb == 0 { return b }
        guard (fa < 0) != (fb < 0) else { return nil }
        // c is the previous iterate; b always the best estimate, [b, c] always brackets the root.
        var c = a, fc = fa
        var d = b - a, e = d
        for _ in 0..<maxIterations {
            if (fb < 0) == (fc < 0) { c = a; fc = fa; d = b - a; e = d }
            if abs(fc) < abs(fb) { a = b; b = c; c = a; fa = fb; fb = fc; fc = fa }
            let tol = 2 * Double.ulpOfOne * abs(b) + 0.5 * tolerance
            let m = 0.5 * (c - b)
            if abs(m) <= tol || fb == 0 { return b }
            if abs(e) >= tol && abs(fa) > abs(fb) {
                // Interpolate: secant when a == c, inverse quadratic otherwise.
                let s = fb / fa
                var p: Double, q: Double
                if a == c {
                    p = 2 * m * s; q = 1 - s
                } else {
                    let qa = fa / fc, r = fb / fc
                    p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1))
                    q = (qa - 1) * (r - 1) * (s - 1)
                }
                if p > 0 { q = -q } else { p = -p }
                // Accept only a step that stays well inside the bracket and shrinks fast enough.
                if 2 * p < min(3 * m * q - abs(tol * q), abs(e * q)) {
                    e = d; d = p / q
                } else {
                    d = m; e = m
                }
            } else {
                d = m; e = m
            }
            a = b; fa = fb
            b += abs(d) > tol ? d : (m > 0 ? tol : -tol)
            fb = f(b)
            guard fb.isFinite else { return nil }
        }
        return b
    }

    /// Expands [lower, lower + step] upward (doubling the step) until f changes sign, then
    /// solves. For increasing f with f(lower) ≤ 0 whose root is not known to lie in a finite
    /// closed-form bracket. Returns nil when no sign change appears within `maxExpansions`.
    public static func rootExpandingUpward(from lower: Double, step: Double = 1, maxExpansions: Int = 60,
                                           tolerance: Double = 1e-14, _ f: (Double) -> Double) -> Double? {
        var lo = lower, width = step
        let flo = f(lo)
        guard flo.isFinite else { return nil }
        if flo == 0 { return lo }
        let sign = flo < 0
        for _ in 0..<maxExpansions {
            let hi = lo + width
            let fhi = f(hi)
            guard fhi.isFinite else { return nil }
            if (fhi < 0) != sign || fhi == 0 { return root(in: lo, hi, tolerance: tolerance, f) }
            lo = hi
            width *= 2
        }
        return nil
    }
}

/// Newton's method kept inside a bracket ("rtsafe", Press et al., Numerical Recipes §9.4):
/// for an increasing f with f(lower) ≤ 0 ≤ f(upper) and its derivative. Each step shrinks the
/// bracket with the sign of f; a Newton step that would leave the bracket, or that does not
/// halve the step before last, is replaced by bisection. So it converges quadratically near the
/// root and never worse than bisection: no raw Newton step is ever taken.
public enum SafeguardedNewton {
    /// The root, starting from `start` (clamped into the bracket); nil when f is not finite.
    public static func root(in lower: Double, _ upper: Double, start: Double, tolerance: Double = 1e-14,
                            maxIterations: Int = 100, _ f: (Double) -> (value: Double, slope: Double)) -> Double? {
        var lo = lower, hi = upper
        var x = min(max(start, lo), hi)
        var previousStep = hi - lo, step = previousStep
        for _ in 0..<maxIterations {
            let (fx, dfx) = f(x)
            guard fx.isFinite, dfx.isFinite else { return nil }
            if fx == 0 { return x }
            if fx < 0 { lo = x } else { hi = x }
            let newton = x - fx / dfx
            // Converged: the Newton correction is below the tolerance (checked before the
            // bracket test, which a correction of a few ulps may fail by landing on its edge).
            if dfx > 0, abs(fx / dfx) <= tolerance + 2 * Double.ulpOfOne * abs(x) { return min(max(newton, lo), hi) }
            if dfx > 0, newton > lo, newton < hi, abs(2 * fx) < abs(previousStep * dfx) {
                previousStep = step; step = newton - x; x = newton
            } else {
                previousStep = step; step = 0.5 * (hi - lo); x = lo + step
            }
            if abs(step) <= tolerance + 2 * Double.ulpOfOne * abs(x) || hi - lo <= tolerance { return x }
        }
        return x
    }
}
