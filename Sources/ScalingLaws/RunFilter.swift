/// A condition a run must meet to be kept: `--where dataset=c4_original`, `--where params>=1e8`,
/// `--where tokens<=1T`, or `--exclude-loss-above 3.41` (which keeps loss ≤ 3.41).
///
/// The left side is a quantity when it is one of the column names `ColumnAliases` accepts
/// (`params`, `N`, `tokens`, `flops`, `C`, `loss`, `unique_tokens`, …), else a tag. The
/// operators are `=` (also `==`), `!=`, `<`, `<=`, `>`, `>=`. Quantities compare as numbers
/// (size suffixes allowed: `1T`); tags compare as text with `=`/`!=`, and as numbers with
/// the ordering operators (a tag that is not a number is then an error, not a silent miss).
/// A run without the tag does not match `=` and does match `!=`.
public struct RunFilter: Sendable, Equatable, CustomStringConvertible {
    public enum Subject: Sendable, Equatable {
        case quantity(RunQuantity)
        case tag(String)
    }

    public enum Comparison: String, Sendable, CaseIterable {
        case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

        func holds(_ a: Double, _ b: Double) -> Bool {
            switch self {
            case .equal: return a == b
            case .notEqual: return a != b
            case .less: return a < b
            case .lessOrEqual: return a <= b
            case .greater: return a > b
            case .greaterOrEqual: return a >= b
            }
        }
    }

    public var subject: Subject
    public var comparison: Comparison
    /// The right side as written.
    public var value: String
    /// The right side as a number, when it is one.
    public var number: Double?
    /// How the filter was given (`--where params>=1e8`), for messages.
    public var origin: String

    /// Keeps runs with loss ≤ `limit` (Epoch drops Chinchilla's 5 runs with loss > 3.41).
    public static func excludingLoss(above limit: Double) -> RunFilter {
        RunFilter(subject: .quantity(.loss), comparison: .lessOrEqual, value: "\(limit)", number: limit,
                  origin: "--exclude-loss-above \(limit)")
    }

    /// Parses a `--where` expression.
    public init(parsing expression: String) throws(RunFilterError) {
        let chars = Array(expression)
        guard let opStart = chars.firstIndex(where: { "=!<>".contains($0) }) else { throw .malformed(expression) }
        var opEnd = opStart + 1
        if opEnd < chars.count, chars[opEnd] == "=" { opEnd += 1 }
        var op = String(chars[opStart..<opEnd])
        if op == "==" { op = "=" }
        guard let comparison = Comparison(rawValue: op) else { throw .malformed(expression) }
        let name = String(chars[..<opStart]).trimmingSpaces()
        let value = String(chars[opEnd...]).trimmingSpaces()
        guard !name.isEmpty else { throw .malformed(expression) }
        let quantity = RunQuantity(rawValue: ColumnAliases.normalise(name)) ?? ColumnAliases.quantity(forColumn: name)
        var number: Double? = try? NumberParsing.parse(value)
        if let quantity {
            do { number = try NumberParsing.parse(value, allowingSuffix: quantity != .loss) } catch {
                throw .notANumber(expression, error)
            }
        }
        self.init(subject: quantity.map(Subject.quantity) ?? .tag(name), comparison: comparison, value: value,
                  number: number, origin: "--where \(expression)")
    }

    init(subject: Subject, comparison: Comparison, value: String, number: Double?, origin: String) {
        self.subject = subject; self.comparison = comparison; self.value = value
        self.number = number; self.origin = origin
    }

    /// `params >= 1e8`, `dataset = c4_original`.
    public var description: String {
        switch subject {
        case let .quantity(q): return "\(q.rawValue) \(comparison.rawValue) \(value)"
        case let .tag(t): return "\(t) \(comparison.rawValue) \(value)"
        }
    }

    /// Whether `run` is kept.
    public func matches(_ run: Run) throws(RunFilterError) -> Bool {
        switch subject {
        case let .quantity(q):
            guard let x = run.value(of: q) else { return comparison == .notEqual }
            return comparison.holds(x, number!)
        case let .tag(t):
            guard let text = run.tags[t] else { return comparison == .notEqual }
            switch comparison {
            case .equal: return text == value
            case .notEqual: return text != value
            default:
                guard let rhs = number else { throw .orderingNeedsNumber(origin) }
                guard let x = try? NumberParsing.parse(text) else {
                    throw .tagNotANumber(origin, run.source, text)
                }
                return comparison.holds(x, rhs)
            }
        }
    }
}

extension Run {
    /// The value of a quantity (nil for unique tokens when not given, and for a loss not known).
    public func value(of quantity: RunQuantity) -> Double? {
        switch quantity {
        case .params: return params
        case .tokens: return tokens
        case .flops: return flops
        case .loss: return observedLoss
        case .uniqueTokens: return uniqueTokens
        }
    }
}

/// A `--where` (or loss limit) that cannot be applied.
public enum RunFilterError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(String)
    case notANumber(String, NumberParsing.Failure)
    case orderingNeedsNumber(String)
    case tagNotANumber(String, SourceLocation, String)
    case unknownColumn(String, column: String, found: [String])

    public var description: String {
        switch self {
        case let .malformed(e):
            return "--where '\(e)': expected NAME OP VALUE with OP one of =, !=, <, <=, >, >= (e.g. --where dataset=c4 or --where params>=1e8)"
        case let .notANumber(e, failure): return "--where '\(e)': \(failure)"
        case let .orderingNeedsNumber(origin): return "\(origin): <, <=, >, >= need a number on the right"
        case let .tagNotANumber(origin, location, text):
            return "\(origin): \(location) has '\(text)', not a number to compare"
        case let .unknownColumn(origin, column, found):
            return "\(origin): no run has a column '\(column)' (columns: \(found.isEmpty ? "none besides the quantities" : found.joined(separator: ", ")))"
        }
    }
}
