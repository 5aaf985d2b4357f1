import Foundation
import ScalingLaws

/// The metric values a link can take at a given loss under the constraints in force — what
/// "outside the link's range" means for a fit's data.
///
/// Each parameter lies in a box: a fixed one at its value, a bounded one in its bound, the
/// rest on the whole line (γ and the sigmoid's k never below 0). The link's value at loss L
/// over that box is an interval, worked exactly from the form:
///
///     exponential:  M = ε − k·u,  u = e^(−γL) ∈ [e^(−γ_hi·L), e^(−γ_lo·L)]      (L ≥ 0)
///                   M ∈ [ε_lo + min(−k·u), ε_hi + max(−k·u)], the product's extremes at
///                   the corners of (k, u)
///     sigmoid:      M = a·s + b,  s = 1/(1 + e^(−t)),  t = k·(L − L0)
///                   s ∈ [σ(t_lo), σ(t_hi)] (σ increasing; t's extremes at the corners of
///                   (k, L − L0)),  M ∈ [b_lo + min(a·s), b_hi + max(a·s)]
///
/// Ties are not used (they only narrow the box), so a value outside the interval is one no
/// link of the constrained form reaches at that loss, whatever else the data say. Without
/// constraints either link reaches every real number at every loss (ε or b shift it, k or a
/// scale it), so nothing is outside: the check bites when bounds or fixes say what the metric
/// is — Bhagia et al.'s a ∈ [−1, 0], b ∈ [0, 1] confine an accuracy to [−1, 1] (a percentage
/// such as 65 is refused; a negative accuracy is not, as a + b, the curve's value at large
/// loss, may be as low as −1), and Gadre et al.'s error with ε fixed and k ≥ 0 stays at or
/// below ε.
struct LinkRange {
    let kind: LinkKind
    /// Per parameter (in `kind.parameterNames` order): the closed interval it may take.
    let box: [(low: Double, high: Double)]

    init(kind: LinkKind, constraints: ParameterConstraints) {
        self.kind = kind
        let exponents: Set<String> = kind == .exponential ? ["gamma"] : ["k"]
        box = kind.parameterNames.map { name in
            var low = -Double.infinity, high = Double.infinity
            if let v = constraints.fixed[name] { low = v; high = v }
            if let b = constraints.bounds[name] { low = max(low, b.low); high = min(high, b.high) }
            if exponents.contains(name) { low = max(low, 0) }
            return (low, high)
        }
    }

    /// Whether any parameter is confined at all (beyond the exponents' sign).
    var isConstrained: Bool {
        box.enumerated().contains { i, b in
            let exponent = (kind == .exponential && i == 2) || (kind == .sigmoid && i == 2)
            return b.high < .infinity || b.low > (exponent ? 0 : -.infinity)
        }
    }

    /// The interval of M(L) over the box.
    func interval(atLoss l: Double) -> (low: Double, high: Double) {
        switch kind {
        case .exponential:
            let (epsilon, k, gamma) = (box[0], box[1], box[2])
            // u = e^(−γL) is monotone in γ: decreasing for L > 0, increasing for L < 0.
            let u1 = exp(-gamma.low * l), u2 = gamma.high.isFinite ? exp(-gamma.high * l) : (l > 0 ? 0 : (l < 0 ? .infinity : 1))
            let product = Self.product((-k.high, -k.low), (min(u1, u2), max(u1, u2)))
            return (epsilon.low + product.low, epsilon.high + product.high)
        case .sigmoid:
            let (a, b, k, l0) = (box[0], box[1], box[2], box[3])
            let t = Self.product(k, (l - l0.high, l - l0.low))
            let s = (Self.logistic(t.low), Self.logistic(t.high))
            let product = Self.product(a, s)
            return (b.low + product.low, b.high + product.high)
        }
    }

    /// Whether `m` lies outside the interval at `l` (by more than rounding).
    func excludes(_ m: Double, atLoss l: Double) -> Bool {
        let r = interval(atLoss: l)
        let slack = 1e-12 * max(1, abs(m))
        return m < r.low - slack || m > r.high + slack
    }

    /// The constraints that make the range, for messages: "a ∈ [−1, 0], b ∈ [0, 1]".
    var described: String {
        zip(kind.parameterNames, box).compactMap { name, b in
            let exponent = (kind == .exponential && name == "gamma") || (kind == .sigmoid && name == "k")
            if b.low == -.infinity && b.high == .infinity { return nil }
            if exponent && b.low == 0 && b.high == .infinity { return nil }
            if b.low == b.high { return "\(name) = \(Self.number(b.low))" }
            return "\(name) ∈ [\(Self.number(b.low)), \(Self.number(b.high))]"
        }.joined(separator: ", ")
    }

    static func number(_ x: Double) -> String {
        x == .infinity ? "inf" : (x == -.infinity ? "-inf" : String(format: "%g", x))
    }

    /// The interval {x·y : x ∈ a, y ∈ b} of two closed intervals (extremes at the corners;
    /// 0·∞ counts as 0, the other corners carrying the unboundedness).
    static func product(_ a: (Double, Double), _ b: (Double, Double)) -> (low: Double, high: Double) {
        func times(_ x: Double, _ y: Double) -> Double { x == 0 || y == 0 ? 0 : x * y }
        let corners = [times(a.0, b.0), times(a.0, b.1), times(a.1, b.0), times(a.1, b.1)]
        return (corners.min()!, corners.max()!)
    }

    /// 1/(1 + e^(−t)), 0 and 1 at ∓∞.
    static func logistic(_ t: Double) -> Double {
        if t == .infinity { return 1 }
        if t == -.infinity { return 0 }
        return LinkModel.logistic(t)
    }
}
