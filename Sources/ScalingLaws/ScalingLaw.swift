/// A point at which a law is evaluated: model size N (parameters), training tokens D, and
/// for data-constrained laws the number of unique tokens U among them.
public struct ModelScale: Sendable, Equatable {
    public var params: Double
    public var tokens: Double
    public var uniqueTokens: Double?

    public init(params: Double, tokens: Double, uniqueTokens: Double? = nil) {
        self.params = params
        self.tokens = tokens
        self.uniqueTokens = uniqueTokens
    }

    /// Training compute by the standard approximation C ≈ 6·N·D (Kaplan et al. 2020, §2.1).
    public var flops: Double { TrainingFLOPs.estimate(params: params, tokens: tokens) }
}

/// A scaling law: named parameters and the loss they predict.
///
/// Conforming types are small value types; a law knows nothing of how it was obtained
/// (fit, preset or hand-written file).
public protocol ScalingLaw: Sendable {
    static var form: LawForm { get }
    /// Parameter names in a fixed order, as they appear in law files (`E`, `A`, `alpha`, …).
    static var parameterNames: [String] { get }
    /// Values in the order of `parameterNames`.
    var parameterValues: [Double] { get }
    /// Builds the law from named values; throws `LawError` when one is missing or invalid.
    init(parameters: [String: Double]) throws
    /// Predicted loss at `scale`.
    func loss(at scale: ModelScale) -> Double
}

extension ScalingLaw {
    public var form: LawForm { Self.form }
    /// Name → value, as written to a law file.
    public var namedParameters: [String: Double] {
        Dictionary(uniqueKeysWithValues: zip(Self.parameterNames, parameterValues))
    }
}

/// Problems with a law's parameters (from a file, a preset or a fit).
public enum LawError: Error, Equatable, CustomStringConvertible {
    case missingParameter(form: LawForm, name: String)
    case invalidParameter(name: String, value: Double, reason: String)
    case unknownForm(String)

    public var description: String {
        switch self {
        case let .missingParameter(form, name):
            return "\(form.withArticle) law needs parameter '\(name)'"
        case let .invalidParameter(name, value, reason):
            return "parameter \(name) = \(value) is invalid: \(reason)"
        case let .unknownForm(name):
            return "unknown law form '\(name)' (known: \(LawForm.allCases.map(\.rawValue).joined(separator: ", ")))"
        }
    }
}

/// Reads `name` from `parameters`, requiring a finite value, and optionally a positive one.
func parameter(_ name: String, of form: LawForm, in parameters: [String: Double],
               positive: Bool = false, nonNegative: Bool = false) throws -> Double {
    guard let value = parameters[name] else { throw LawError.missingParameter(form: form, name: name) }
    guard value.isFinite else { throw LawError.invalidParameter(name: name, value: value, reason: "not finite") }
    if positive && !(value > 0) { throw LawError.invalidParameter(name: name, value: value, reason: "must be positive") }
    if nonNegative && !(value >= 0) { throw LawError.invalidParameter(name: name, value: value, reason: "must not be negative") }
    return value
}
