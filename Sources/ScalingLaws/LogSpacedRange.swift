import Foundation

/// `count` values spaced evenly in log from `lower` to `upper`, endpoints exact — the
/// grids of `simulate` (`--budgets 1e18:1e21:7`, `--params 10M:1B:8`) and of `sweep`.
public struct LogSpacedRange: Sendable, Equatable, CustomStringConvertible {
    public var lower: Double
    public var upper: Double
    public var count: Int

    public init(lower: Double, upper: Double, count: Int) throws(LogSpacedRangeError) {
        let text = "\(lower):\(upper):\(count)"
        guard lower.isFinite, upper.isFinite, lower > 0, upper > 0 else { throw .notPositive(text) }
        guard count >= 1 else { throw .badCount(text) }
        guard lower <= upper else { throw .descending(text) }
        guard count == 1 || lower < upper else { throw .badCount(text) }
        self.lower = lower; self.upper = upper; self.count = count
    }

    /// Parses `FROM:TO:COUNT`; FROM and TO may carry size suffixes (`10M:1B:8`).
    public init(parsing text: String) throws(LogSpacedRangeError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformed(text) }
        let lower: Double, upper: Double
        do {
            lower = try NumberParsing.parse(parts[0])
            upper = try NumberParsing.parse(parts[1])
        } catch { throw .number(text, error) }
        guard let count = Int(parts[2].trimmingSpaces()) else { throw .badCount(text) }
        do { try self.init(lower: lower, upper: upper, count: count) } catch {
            // Report the text as the user wrote it.
            switch error {
            case .notPositive: throw .notPositive(text)
            case .descending: throw .descending(text)
            default: throw .badCount(text)
            }
        }
    }

    /// lower · (upper/lower)^(i/(count−1)), i = 0…count−1; the ends are `lower` and `upper`
    /// exactly. Inner points are rounded to 12 significant digits (a relative change below
    /// 5e-13), so that points on round numbers are those numbers: 1e18:1e21:4 gives 1e19 and
    /// 1e20, not 9.999999999999998e18, and files written from them read as a person would write.
    public var values: [Double] {
        guard count > 1 else { return [lower] }
        let ratio = log(upper / lower)
        return (0..<count).map { i in
            if i == 0 { return lower }
            if i == count - 1 { return upper }
            let exact = lower * exp(ratio * Double(i) / Double(count - 1))
            return Double(String(format: "%.12g", exact)) ?? exact
        }
    }

    public var description: String { "\(lower):\(upper):\(count)" }
}

public enum LogSpacedRangeError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(String)
    case number(String, NumberParsing.Failure)
    case notPositive(String)
    case descending(String)
    case badCount(String)

    public var description: String {
        switch self {
        case let .malformed(t): return "'\(t)': expected FROM:TO:COUNT, e.g. 1e18:1e21:7 or 10M:1B:8"
        case let .number(t, f): return "'\(t)': \(f)"
        case let .notPositive(t): return "'\(t)': FROM and TO must be positive and finite (the grid is log-spaced)"
        case let .descending(t): return "'\(t)': FROM must not exceed TO"
        case let .badCount(t): return "'\(t)': COUNT must be a whole number ≥ 1 (and 1 when FROM = TO)"
        }
    }
}
