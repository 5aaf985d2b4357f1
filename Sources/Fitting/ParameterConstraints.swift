/// What a user imposes on a fit's parameters, named as in the law file's `parameters`
/// (lmfit's `vary=False`, `expr="alpha"` and `min`/`max`):
///
/// - **fixed** — held at a value (`alpha = 0.34`; a half-life may be fixed at `.infinity`,
///   "no discount");
/// - **tied** — two parameters are one (`beta = alpha`: Gadre et al. 2024 and Muennighoff et
///   al. 2023 fit the two exponents as one);
/// - **bounded** — kept in [low, high] (Hoffmann et al. report fits with bounds).
///
/// The search, the polish, the curvature errors and the bootstrap all work on the free
/// parameters only. Exponents are never negative whatever is imposed: a lower bound of 0 is
/// always in force (a law with α < 0 gets *worse* with scale).
public struct ParameterConstraints: Sendable, Equatable {
    /// Name → natural value.
    public var fixed: [String: Double]
    /// Pairs (a, b): b takes a's value. Chains (a = b, b = c) make one parameter of three.
    public var ties: [Tie]
    /// Name → closed interval of natural values (either end may be infinite).
    public var bounds: [String: Bound]

    public struct Tie: Sendable, Equatable {
        public var first: String
        public var second: String
        public init(_ first: String, _ second: String) { self.first = first; self.second = second }
    }

    public struct Bound: Sendable, Equatable {
        public var low: Double
        public var high: Double
        public init(_ low: Double, _ high: Double) { self.low = low; self.high = high }
    }

    public init(fixed: [String: Double] = [:], ties: [Tie] = [], bounds: [String: Bound] = [:]) {
        self.fixed = fixed; self.ties = ties; self.bounds = bounds
    }

    public var isEmpty: Bool { fixed.isEmpty && ties.isEmpty && bounds.isEmpty }

    /// Every name the constraints mention.
    var mentioned: [String] { Array(fixed.keys) + ties.flatMap { [$0.first, $0.second] } + Array(bounds.keys) }
}

/// Why constraints cannot be applied to a form. The executable says which option each came from.
public enum ParameterConstraintError: Error, Equatable, CustomStringConvertible {
    /// `kind` is "fix", "tie" or "bound".
    case unknownParameter(String, kind: String, form: String, known: [String])
    case everythingFixed(form: String)
    case emptyBound(String, low: Double, high: Double)
    case fixedOutsideBound(String, value: Double, low: Double, high: Double)
    case invalidValue(String, value: Double, why: String)
    /// The two names and what each is ("an exponent", "a coefficient", "a half-life").
    case tieAcrossKinds(String, String, String, String)
    case tieToItself(String)
    case conflictingFixes(String, String)
    /// A law file (or preset) of a form whose parameters are not this fit's.
    case lawOfAnotherForm(law: String, fit: String, origin: String)
    /// The form has no parameters to constrain (IsoFLOP analysis is closed-form).
    case notParametric(form: String)

    public var description: String {
        switch self {
        case let .unknownParameter(name, _, form, known):
            return "'\(name)' is not a parameter of the \(form) form (its parameters: \(known.joined(separator: ", ")))"
        case let .everythingFixed(form):
            return "every parameter of the \(form) form is fixed: nothing is left to fit (free one, or use predict --runs to score a law)"
        case let .emptyBound(name, low, high):
            return "the bound on \(name) is empty: low \(low) is not below high \(high)"
        case let .fixedOutsideBound(name, value, low, high):
            return "\(name) is fixed at \(value), outside its bound [\(low), \(high)]"
        case let .invalidValue(name, value, why):
            return "\(name) = \(value) is not allowed: \(why)"
        case let .tieAcrossKinds(a, kindA, b, kindB):
            return "\(a) (\(kindA)) cannot be tied to \(b) (\(kindB)): tie exponents with exponents, coefficients with coefficients"
        case let .tieToItself(name):
            return "\(name) is tied to itself"
        case let .conflictingFixes(a, b):
            return "\(a) and \(b) are tied but fixed at different values"
        case let .lawOfAnotherForm(law, fit, origin):
            return "\(origin.isEmpty ? "the law" : origin) is a \(law) law; its parameters cannot be held in a \(fit) fit"
        case let .notParametric(form):
            return "the \(form) analysis has no parameters to fix, tie or bound"
        }
    }
}
