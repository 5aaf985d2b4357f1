/// Which limit shaped a plan.
public enum ConstraintKind: String, Sendable, Codable, CaseIterable {
    /// `--max-params`: the model must serve within a memory or latency limit.
    case maxParams = "max-params"
    /// `--max-tokens`: no more training data than this.
    case maxTokens = "max-tokens"
    /// `--deadline-days` with `--train-gpus`: training must finish on G GPUs within T days.
    case deadline
    /// `--max-ms-per-token`: decode latency per generated token (roofline serving).
    case latency
    /// `--max-infer-gpus`: the weights must fit a replica of at most this many GPUs.
    case memory

    /// The command-line option a limit comes from (for messages and notes).
    public var option: String {
        switch self {
        case .maxParams: return "--max-params"
        case .maxTokens: return "--max-tokens"
        case .deadline: return "--deadline-days"
        case .latency: return "--max-ms-per-token"
        case .memory: return "--max-infer-gpus"
        }
    }
}

/// A limit on the models a plan may recommend. On the curve of models of one quality
/// (`IsoLossCurve`) a limit is an interval of t; the planner intersects them and clamps the
/// unconstrained optimum into the intersection (the cost along the curve has one minimum, so
/// the clamped point is the constrained optimum). New limits are new conforming types.
public protocol AllocationConstraint: Sendable {
    var kind: ConstraintKind { get }
    /// The feasible t of `curve`: (lower, upper), nil for unbounded; throws when none is.
    func feasibleT(on curve: IsoLossCurve) throws -> (lower: Double?, upper: Double?)
    /// Whether a fixed allocation satisfies the limit.
    func admits(params: Double, tokens: Double) -> Bool
}

/// N ≤ limit. Smaller N means larger t, so this bounds t from below.
public struct MaxParams: AllocationConstraint {
    public var limit: Double
    public init(_ limit: Double) { self.limit = limit }
    public var kind: ConstraintKind { .maxParams }
    public func feasibleT(on curve: IsoLossCurve) throws -> (lower: Double?, upper: Double?) {
        (try curve.t(params: limit), nil)
    }
    public func admits(params: Double, tokens: Double) -> Bool { params <= limit * (1 + 1e-12) }
}

/// D ≤ limit. Fewer tokens means smaller t, so this bounds t from above.
public struct MaxTokens: AllocationConstraint {
    public var limit: Double
    public init(_ limit: Double) { self.limit = limit }
    public var kind: ConstraintKind { .maxTokens }
    public func feasibleT(on curve: IsoLossCurve) throws -> (lower: Double?, upper: Double?) {
        (nil, try curve.t(tokens: limit))
    }
    public func admits(params: Double, tokens: Double) -> Bool { tokens <= limit * (1 + 1e-12) }
}

extension Array where Element == any AllocationConstraint {
    /// The optimum `t` clamped into the feasible set, and the limits that moved it.
    func clamp(_ t: Double, on curve: IsoLossCurve) throws -> (t: Double, binding: [ConstraintKind]) {
        var lower = -Double.infinity, upper = Double.infinity
        var lowerKind: ConstraintKind?, upperKind: ConstraintKind?
        for c in self {
            let (lo, hi) = try c.feasibleT(on: curve)
            if let lo, lo > lower { lower = lo; lowerKind = c.kind }
            if let hi, hi < upper { upper = hi; upperKind = c.kind }
        }
        guard lower <= upper else {
            let n = curve.params(lower), d = curve.tokens(upper)
            throw PlanningError.contradictoryConstraints(
                "no model of loss \(fmt(curve.loss)) has at most \(fmt(n)) parameters and at most \(fmt(d)) tokens: a model that small needs \(fmt(curve.tokens(lower))) tokens; relax --max-params or --max-tokens, or aim for a higher loss")
        }
        if t < lower { return (lower, lowerKind.map { [$0] } ?? []) }
        if t > upper { return (upper, upperKind.map { [$0] } ?? []) }
        return (t, [])
    }
}
