import Foundation

/// A logarithmic axis (base 10).
///
/// Ticks: when the domain spans at least one and a half decades, major ticks at powers of ten
/// (every second or third power when there are many) with minor ticks at 2…9 × 10^k, of which
/// 2 and 5 × 10^k are labelled too when only two powers show; a narrower domain (a loss axis
/// from 1.9 to 3.4) gets round values instead — 1, 2, 5 × 10^k when that gives three labels,
/// else evenly spaced linear ticks (2, 2.5, 3, 3.5).
public struct LogAxis: ChartAxis {
    public let lower: Double
    public let upper: Double
    public var format: TickFormat

    /// An axis from `lower` to `upper` exactly (both positive, `lower < upper`; otherwise the
    /// axis widens to a valid domain around them).
    public init(lower: Double, upper: Double, format: TickFormat = .powerOfTen) {
        let (lo, hi) = Self.validDomain(lower, upper)
        self.lower = lo
        self.upper = hi
        self.format = format
    }

    /// An axis covering the positive finite `values`, padded by `padding` of its span in
    /// log space at each end so no point sits on the frame.
    public init(covering values: [Double], format: TickFormat = .powerOfTen, padding: Double = 0.05) {
        let usable = values.filter { $0.isFinite && $0 > 0 }
        guard let minimum = usable.min(), let maximum = usable.max() else {
            self.init(lower: 1, upper: 10, format: format)
            return
        }
        // A single value gets a factor of two either side (a run, a budget), not a sliver.
        guard maximum / minimum > 1.0001 else {
            self.init(lower: minimum / 2, upper: maximum * 2, format: format)
            return
        }
        let pad = (log10(maximum) - log10(minimum)) * padding
        self.init(lower: pow(10, log10(minimum) - pad), upper: pow(10, log10(maximum) + pad), format: format)
    }

    public func fraction(of value: Double) -> Double? {
        guard value.isFinite, value > 0 else { return nil }
        return (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
    }

    public var ticks: [AxisTick] {
        let lo = log10(lower), hi = log10(upper)
        let first = Int(ceil(lo - 1e-9)), last = Int(floor(hi + 1e-9))
        if last - first >= 1, hi - lo >= 1.5 {
            return decadeTicks(first: first, last: last)
        }
        let values = roundValues([1, 2, 5])
        if values.count >= 3 { return values.map { AxisTick(value: $0, label: format.label(for: $0)) } }
        return LinearAxis.niceTicks(lower: lower, upper: upper, target: 4)
            .filter { $0 > 0 }
            .map { AxisTick(value: $0, label: format.label(for: $0)) }
    }

    /// Powers of ten, labelled every `step` decades so at most about seven labels show.
    private func decadeTicks(first: Int, last: Int) -> [AxisTick] {
        let step = max(1, Int(ceil(Double(last - first + 1) / 7)))
        let labelTwoAndFive = last - first + 1 <= 2
        var ticks: [AxisTick] = []
        for k in (first - 1)...last {
            let power = pow(10, Double(k))
            if k >= first {
                let labelled = k % step == 0
                ticks.append(AxisTick(value: power, label: labelled ? format.label(for: power) : nil))
            }
            guard step == 1 else { continue }
            for m in 2...9 {
                let v = Double(m) * power
                guard v >= lower * (1 - 1e-12), v <= upper * (1 + 1e-12) else { continue }
                let labelled = labelTwoAndFive && (m == 2 || m == 5)
                ticks.append(AxisTick(value: v, label: labelled ? format.label(for: v) : nil))
            }
        }
        return ticks.sorted { $0.value < $1.value }
    }

    /// m × 10^k inside the domain, for each mantissa m.
    private func roundValues(_ mantissas: [Double]) -> [Double] {
        let first = Int(floor(log10(lower))), last = Int(ceil(log10(upper)))
        var values: [Double] = []
        for k in first...last {
            for m in mantissas {
                // Through the decimal text, so 3 × 10^-1 is the double nearest 0.3.
                let v = Double("\(Int(m))e\(k)")!
                if v >= lower * (1 - 1e-12), v <= upper * (1 + 1e-12) { values.append(v) }
            }
        }
        return values
    }

    private static func validDomain(_ lower: Double, _ upper: Double) -> (Double, Double) {
        var lo = lower.isFinite && lower > 0 ? lower : 1
        var hi = upper.isFinite && upper > 0 ? upper : lo * 10
        if hi < lo { swap(&lo, &hi) }
        if hi / lo < 1.0001 { lo /= 1.26; hi *= 1.26 }  // a tenth of a decade each side
        return (lo, hi)
    }
}
