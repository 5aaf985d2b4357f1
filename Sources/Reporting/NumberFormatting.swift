import Foundation

/// Numbers for people (text, Markdown, LaTeX, chart labels) and for machines (CSV, JSON).
///
/// People formats round to three significant digits and use a suffix or an exponent, so a
/// column of parameter counts reads `44.0M`, `1.23B`, `16.0B`; negative numbers carry the
/// typographic minus `−` (U+2212). A non-finite value is never shown as a number: NaN is `—`,
/// infinities `∞` and `−∞`. Machine formats print the shortest decimal that reads back as the
/// same `Double` (`exact(_:)`).
public enum NumberFormatting {
    /// The typographic minus sign used in people formats.
    public static let minus = "\u{2212}"

    /// The shortest decimal that reads back as the same `Double`: what CSV and JSON print.
    /// Integral values below 10^15 print without a fraction (`7000000000`, not `7e9`); others
    /// use Swift's shortest round-trip description (`6.97e+23`, `0.3478`), which JSON and
    /// every CSV reader parse. Non-finite values have no decimal at all: this returns the
    /// empty string for them (an empty CSV field; JSON writes `null` instead).
    public static func exact(_ value: Double) -> String {
        var out = ""
        appendExact(value, to: &out)
        return out
    }

    /// `exact(value)` appended to `out` without an intermediate string: `write(to:)` formats
    /// into the target directly, which for the tens of thousands of cells of a sweep is
    /// measurably cheaper than building each number's `description` first.
    public static func appendExact(_ value: Double, to out: inout String) {
        guard value.isFinite else { return }
        if value == 0 { out.append("0"); return }  // also -0.0: a sign on zero only confuses readers
        if value == value.rounded(), abs(value) < 1e15 { out.append(String(Int64(value))); return }
        value.write(to: &out)   // shortest round-trip digits, as `description` gives them
    }

    /// `value` shown to people in `style`.
    public static func format(_ value: Double, _ style: NumberStyle) -> String {
        guard value.isFinite else { return value.isNaN ? "—" : (value > 0 ? "∞" : minus + "∞") }
        switch style {
        case let .decimal(significant): return decimal(value, significant: significant)
        case .count: return signed(value) { count($0) }
        case .flops: return scientific(value, significant: 2)
        case .usd: return signed(value) { "$" + suffixed($0, belowThousand: { String(format: "%.2f", $0) }) }
        case .percent: return percent(value)
        case .change:
            if roundsToZero(percentBody(abs(value))) { return "0%" }
            return (value < 0 ? minus : "+") + percentBody(abs(value)) + "%"
        }
    }

    /// FLOPs for prose and chart annotations: `3.1e23 FLOPs`.
    public static func flops(_ value: Double) -> String {
        format(value, .flops) + " FLOPs"
    }

    /// `significant` significant digits; scientific notation outside [10^-3, 10^6).
    /// The rounding is done before the number of decimals is chosen, so 9.996 with three
    /// digits is `10.0`, not `10.00`.
    public static func decimal(_ value: Double, significant: Int, maxFractionDigits: Int = 12) -> String {
        guard value.isFinite else { return format(value, .decimal(significant: significant)) }
        let digits = max(1, significant)
        let rounded = roundToSignificant(value, digits)
        if rounded == 0 { return "0" }
        let magnitude = abs(rounded)
        if magnitude >= 1e6 || magnitude < 1e-3 { return scientific(value, significant: digits) }
        let digitsBeforePoint = Int(floor(log10(magnitude))) + 1
        let fraction = min(maxFractionDigits, max(0, digits - digitsBeforePoint))
        return withMinus(String(format: "%.\(fraction)f", rounded))
    }

    /// `3.1e23`: a mantissa with `significant` digits, no plus sign or zero padding in the
    /// exponent; `−` for negative numbers and exponents is kept ASCII (`1e-5`) so the label
    /// reads as the number it is in every font.
    public static func scientific(_ value: Double, significant: Int) -> String {
        guard value.isFinite else { return format(value, .flops) }
        if value == 0 { return "0" }
        let s = String(format: "%.\(max(0, significant - 1))e", value)
        guard let e = s.firstIndex(of: "e") else { return withMinus(s) }
        let mantissa = String(s[..<e])
        var exponent = String(s[s.index(after: e)...])
        let negative = exponent.hasPrefix("-")
        exponent = String(exponent.drop { $0 == "+" || $0 == "-" }.drop { $0 == "0" })
        if exponent.isEmpty { return withMinus(mantissa) }
        return withMinus(mantissa) + "e" + (negative ? "-" : "") + exponent
    }

    /// `prefix` and a suffixed number (`$1.23M` with prefix `$`), signed with `−`; numbers
    /// below 1000 with three significant digits.
    public static func suffixed(_ value: Double, prefix: String) -> String {
        guard value.isFinite else { return format(value, .count) }
        return signed(value) { prefix + suffixed($0, belowThousand: { decimal($0, significant: 3, maxFractionDigits: 2) }) }
    }

    /// `7.00B`, `1.40T`, `44.0M`: three significant digits with K, M, B, T, Q suffixes
    /// (10^3 … 10^15); scientific from 10^18; numbers below 1000 by `belowThousand`.
    /// `value` must be non-negative (callers add the sign).
    static func suffixed(_ value: Double, belowThousand: (Double) -> String) -> String {
        let units: [(Double, String)] = [(1e15, "Q"), (1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")]
        let rounded = roundToSignificant(value, 3)
        if rounded >= 1e18 { return scientific(value, significant: 3) }
        for (scale, suffix) in units where rounded >= scale {
            let scaled = rounded / scale
            let fraction = scaled >= 100 ? 0 : (scaled >= 10 ? 1 : 2)
            return String(format: "%.\(fraction)f", scaled) + suffix
        }
        return belowThousand(value)
    }

    /// A count: whole numbers below 1000 as integers (`240` runs), else three significant digits.
    static func count(_ value: Double) -> String {
        suffixed(value) { v in
            v == v.rounded() ? String(Int64(v)) : decimal(v, significant: 3, maxFractionDigits: 3)
        }
    }

    /// 0.17 → `17%`, 0.0512 → `5.1%`, 0.004 → `0.4%`: two significant digits, at most one
    /// decimal; a share that rounds to nothing reads `0%`, never `−0%`.
    static func percent(_ value: Double) -> String {
        let body = percentBody(abs(value))
        if roundsToZero(body) { return "0%" }
        return (value < 0 ? minus : "") + body + "%"
    }

    private static func percentBody(_ fraction: Double) -> String {
        // Below 0.05% nothing survives one decimal (and `decimal` would go scientific: 1.6e-13).
        fraction * 100 < 0.05 ? "0" : decimal(fraction * 100, significant: 2, maxFractionDigits: 1)
    }

    private static func roundsToZero(_ body: String) -> Bool {
        body.allSatisfy { $0 == "0" || $0 == "." }
    }

    private static func signed(_ value: Double, _ body: (Double) -> String) -> String {
        value < 0 ? minus + body(-value) : body(value)
    }

    /// Replaces a leading ASCII hyphen-minus by `−`.
    private static func withMinus(_ s: String) -> String {
        s.hasPrefix("-") ? minus + s.dropFirst() : s
    }

    /// `value` rounded to `digits` significant digits (through its decimal text, so the
    /// result is the double nearest the printed number).
    static func roundToSignificant(_ value: Double, _ digits: Int) -> Double {
        guard value.isFinite, value != 0 else { return value }
        return Double(String(format: "%.\(max(0, digits - 1))e", value)) ?? value
    }
}
