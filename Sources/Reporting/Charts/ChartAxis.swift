import Foundation

/// An axis maps data values to a fraction of its length (0 at the start, 1 at the end) and
/// says where its ticks go. `LogAxis` and `LinearAxis` are the two kinds.
public protocol ChartAxis: Sendable {
    /// Where `value` falls, as a fraction of the axis length; `nil` when it cannot be drawn
    /// (not finite, or not positive on a log axis). Values outside the domain give fractions
    /// outside [0, 1]; the chart clips them.
    func fraction(of value: Double) -> Double?
    /// Ticks inside the domain, in increasing order.
    var ticks: [AxisTick] { get }
}

/// A tick mark: major ticks carry a label and a grid line, minor ones only a short mark.
public struct AxisTick: Sendable, Equatable {
    public var value: Double
    public var label: TickLabel?
    public var isMajor: Bool { label != nil }

    public init(value: Double, label: TickLabel?) {
        self.value = value
        self.label = label
    }
}

/// A tick label: `text`, optionally followed by a superscript `exponent` (`10` + `18` is
/// drawn as 10¹⁸ with a raised, smaller exponent, which reads right in every font).
public struct TickLabel: Sendable, Equatable {
    public var text: String
    public var exponent: String?

    public init(_ text: String, exponent: String? = nil) {
        self.text = text
        self.exponent = exponent
    }

    /// The label in one line of plain text: `10^18` style becomes `1e18`.
    public var plainText: String {
        guard let exponent else { return text }
        let e = exponent.replacingOccurrences(of: NumberFormatting.minus, with: "-")
        return text == "10" ? "1e" + e : text.replacingOccurrences(of: "×10", with: "e") + e
    }

    /// Estimated drawn width (the exponent is drawn at 70% size).
    func width(fontSize: Double) -> Double {
        SVG.textWidth(text, fontSize: fontSize) + SVG.textWidth(exponent ?? "", fontSize: fontSize * 0.7)
    }
}

/// How tick labels show numbers.
public enum TickFormat: Sendable, Equatable {
    /// `10¹⁸` at powers of ten, `3×10¹⁸` between them: for FLOPs and token counts.
    case powerOfTen
    /// `100M`, `1B`, `2.5T`: for parameter and token counts read by people.
    case count
    /// `$10K`, `$1M`.
    case usd
    /// `2.5`, `0.02`, `−0.01`.
    case plain
    /// A fraction as a percentage: 0.02 → `2%`.
    case percent

    /// The label for a tick at `value`.
    public func label(for value: Double) -> TickLabel {
        switch self {
        case .powerOfTen:
            guard value > 0 else { return TickLabel(Self.shortest(value)) }
            // The small nudge keeps 10^18, whose log10 may come out as 17.999…, in its decade.
            let exponent = Int(floor(log10(value) + 1e-9))
            let mantissa = value / pow(10, Double(exponent))
            let e = exponent < 0 ? NumberFormatting.minus + String(-exponent) : String(exponent)
            if abs(mantissa - 1) < 1e-9 { return TickLabel("10", exponent: e) }
            return TickLabel(Self.shortest(mantissa) + "×10", exponent: e)
        case .count: return TickLabel(Self.suffixed(value, prefix: ""))
        case .usd: return TickLabel(Self.suffixed(value, prefix: "$"))
        case .plain: return TickLabel(Self.shortest(value))
        case .percent: return TickLabel(Self.shortest(value * 100) + "%")
        }
    }

    /// Whole numbers below a million in full (`20`, `10000`); others with up to four
    /// significant digits and no trailing zeros; `−` for negatives.
    static func shortest(_ value: Double) -> String {
        if abs(value) < 1e-12 { return "0" }
        if value == value.rounded(), abs(value) < 1e6 {
            return value < 0 ? NumberFormatting.minus + String(Int(-value)) : String(Int(value))
        }
        var s = String(format: "%.4g", value)
        if s.contains("e") { return NumberFormatting.scientific(value, significant: 2) }
        if s.contains(".") { while s.hasSuffix("0") { s.removeLast() }; if s.hasSuffix(".") { s.removeLast() } }
        return s.hasPrefix("-") ? NumberFormatting.minus + s.dropFirst() : s
    }

    /// `100M`, `2.5T`: the shortest suffixed form, as tick labels are round numbers.
    static func suffixed(_ value: Double, prefix: String) -> String {
        let units: [(Double, String)] = [(1e15, "Q"), (1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")]
        let sign = value < 0 ? NumberFormatting.minus : ""
        let magnitude = abs(value)
        if magnitude >= 1e18 { return sign + prefix + NumberFormatting.scientific(magnitude, significant: 2) }
        for (scale, suffix) in units where magnitude >= scale * (1 - 1e-9) {
            return sign + prefix + shortest(magnitude / scale) + suffix
        }
        return sign + prefix + shortest(magnitude)
    }
}
