import Foundation

/// A linear axis whose domain is widened to round ticks (1, 2 or 5 × 10^k apart).
public struct LinearAxis: ChartAxis {
    public let lower: Double
    public let upper: Double
    public var format: TickFormat
    private let step: Double

    /// An axis covering the finite `values` (and zero when `includeZero`, so residuals show
    /// their zero line), widened by `padding` of the span at each end so no point sits on
    /// the frame, then rounded out to about `target` ticks.
    public init(covering values: [Double], includeZero: Bool = false, format: TickFormat = .plain, target: Int = 6,
                padding: Double = 0.03) {
        var usable = values.filter(\.isFinite)
        if includeZero { usable.append(0) }
        var lo = usable.min() ?? 0, hi = usable.max() ?? 1
        if hi - lo < 1e-12 * max(1, abs(hi)) {
            let half = max(abs(hi) * 0.1, 1e-9)
            lo -= half; hi += half
        }
        let pad = (hi - lo) * padding
        // Padding applies at zero too, so a zero line never falls on the frame.
        lo -= pad
        hi += pad
        let step = Self.niceStep(span: hi - lo, target: target)
        self.step = step
        self.lower = (lo / step).rounded(.down) * step
        self.upper = (hi / step).rounded(.up) * step
        self.format = format
    }

    public func fraction(of value: Double) -> Double? {
        guard value.isFinite else { return nil }
        return (value - lower) / (upper - lower)
    }

    public var ticks: [AxisTick] {
        Self.niceTicks(lower: lower, upper: upper, step: step).map { AxisTick(value: $0, label: format.label(for: $0)) }
    }

    /// A step of 1, 2 or 5 × 10^k giving about `target` intervals over `span`
    /// (Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990).
    static func niceStep(span: Double, target: Int) -> Double {
        let raw = span / Double(max(1, target))
        let magnitude = pow(10, floor(log10(raw)))
        let residual = raw / magnitude
        let nice: Double = residual < 1.5 ? 1 : (residual < 3 ? 2 : (residual < 7 ? 5 : 10))
        return nice * magnitude
    }

    /// Multiples of a nice step inside [lower, upper].
    static func niceTicks(lower: Double, upper: Double, target: Int) -> [Double] {
        niceTicks(lower: lower, upper: upper, step: niceStep(span: upper - lower, target: target))
    }

    static func niceTicks(lower: Double, upper: Double, step: Double) -> [Double] {
        guard step > 0, step.isFinite else { return [] }
        let first = Int(ceil(lower / step - 1e-9)), last = Int(floor(upper / step + 1e-9))
        guard first <= last, last - first < 1000 else { return [] }
        // k × step, with exact zero and the rounding noise of 0.1 × 3 removed.
        return (first...last).map { k in
            let v = Double(k) * step
            return abs(v) < step * 1e-9 ? 0 : Double(String(format: "%.12g", v))!
        }
    }
}
