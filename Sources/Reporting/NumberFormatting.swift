import Foundation

/// Numbers for people (text, Markdown, LaTeX). Machine formats use `exact(_:)`.
public enum NumberFormatting {
    /// The shortest decimal that reads back as the same Double: what CSV and JSON print.
    public static func exact(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    public static func format(_ value: Double, _ style: NumberStyle) -> String {
        guard value.isFinite else { return value.isNaN ? "—" : (value > 0 ? "∞" : "−∞") }
        switch style {
        case let .decimal(significant): return decimal(value, significant: significant)
        case .count: return suffixed(value, prefix: "")
        case .flops: return scientific(value, significant: 2)
        case .usd: return value < 0 ? "−" + suffixed(-value, prefix: "$") : suffixed(value, prefix: "$")
        case .percent: return decimal(value * 100, significant: 2, maxFractionDigits: 1) + "%"
        case .change:
            let body = decimal(abs(value) * 100, significant: 2, maxFractionDigits: 1) + "%"
            return value < 0 ? "−" + body : (value > 0 ? "+" + body : body)
        }
    }

    /// `significant` significant digits; scientific outside [1e-3, 1e6).
    public static func decimal(_ value: Double, significant: Int, maxFractionDigits: Int = 12) -> String {
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e6 || magnitude < 1e-3 { return scientific(value, significant: significant) }
        let digitsBeforePoint = Int(floor(log10(magnitude))) + 1
        let fraction = min(maxFractionDigits, max(0, significant - digitsBeforePoint))
        return String(format: "%.\(fraction)f", value)
    }

    /// `3.1e23`: mantissa with `significant` digits, no plus sign or padding in the exponent.
    public static func scientific(_ value: Double, significant: Int) -> String {
        if value == 0 { return "0" }
        let s = String(format: "%.\(max(0, significant - 1))e", value)
        guard let e = s.firstIndex(of: "e") else { return s }
        let mantissa = s[..<e]
        var exponent = String(s[s.index(after: e)...])
        let negative = exponent.hasPrefix("-")
        exponent = String(exponent.drop { $0 == "+" || $0 == "-" || $0 == "0" })
        if exponent.isEmpty { return String(mantissa) }
        return "\(mantissa)e\(negative ? "-" : "")\(exponent)"
    }

    /// `7.0B`, `1.4T`, `$1.2M`: two or three significant digits with K, M, B, T, Q suffixes.
    public static func suffixed(_ value: Double, prefix: String) -> String {
        let units: [(Double, String)] = [(1e15, "Q"), (1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")]
        let magnitude = abs(value)
        if magnitude >= 1e18 { return prefix + scientific(value, significant: 2) }
        for (scale, suffix) in units where magnitude >= scale * 0.9995 {
            let scaled = value / scale
            let digits = abs(scaled) >= 100 ? 0 : (abs(scaled) >= 10 ? 1 : 2)
            return prefix + String(format: "%.\(digits)f", scaled) + suffix
        }
        return prefix + decimal(value, significant: 3, maxFractionDigits: 2)
    }
}
