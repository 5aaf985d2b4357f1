import Foundation

/// The shape of a link from a loss L to a downstream metric M.
public enum LinkKind: String, Codable, CaseIterable, Sendable {
    /// Gadre et al. 2024 (arXiv 2403.08540, eq. 4): average top-1 error
    /// Err(L) = ε − k·exp(−γ·L).
    case exponential
    /// Bhagia et al. 2024 (OLMo model ladders, arXiv 2412.04403, eq. 2): task accuracy
    /// Acc(L) = a/(1 + e^(−k·(L − L0))) + b.
    case sigmoid

    /// Parameter names, as in law files.
    public var parameterNames: [String] {
        switch self {
        case .exponential: return ["epsilon", "k", "gamma"]
        case .sigmoid: return ["a", "b", "k", "L0"]
        }
    }

    /// The formula, for people.
    public var formula: String {
        switch self {
        case .exponential: return "M(L) = ε − k·exp(−γ·L)"
        case .sigmoid: return "M(L) = a/(1 + e^(−k·(L − L0))) + b"
        }
    }
}

/// A downstream link M(L): the metric a model with loss L is expected to reach.
///
/// Both shapes are monotone in L (for k, γ ≠ 0), so the link has an inverse on the metric
/// values it reaches for L in (0, ∞) — its `range` — and nowhere else.
public struct DownstreamLink: Sendable, Equatable {
    public var kind: LinkKind
    /// Values in the order of `kind.parameterNames`.
    public var values: [Double]

    public init(kind: LinkKind, parameters: [String: Double]) throws {
        self.kind = kind
        values = try kind.parameterNames.map { try parameter($0, of: .downstream, in: parameters) }
        if kind == .exponential, values[2] < 0 {
            throw LawError.invalidParameter(name: "gamma", value: values[2], reason: "must not be negative")
        }
        if kind == .sigmoid, values[2] < 0 {
            throw LawError.invalidParameter(name: "k", value: values[2], reason: "must not be negative (a sigmoid falling in L has a < 0)")
        }
    }

    public var namedParameters: [String: Double] {
        Dictionary(uniqueKeysWithValues: zip(kind.parameterNames, values))
    }

    /// M(L).
    public func metric(loss l: Double) -> Double {
        switch kind {
        case .exponential:
            let (epsilon, k, gamma) = (values[0], values[1], values[2])
            return epsilon - k * exp(-gamma * l)
        case .sigmoid:
            let (a, b, k, l0) = (values[0], values[1], values[2], values[3])
            return a / (1 + exp(-k * (l - l0))) + b
        }
    }

    /// The metric values the link takes for losses in (0, ∞): M(0) and M(∞), in order.
    public var range: (low: Double, high: Double) {
        let atZero = metric(loss: 0)
        let atInfinity: Double
        switch kind {
        case .exponential: atInfinity = values[2] > 0 ? values[0] : atZero
        case .sigmoid: atInfinity = values[2] > 0 ? values[0] + values[1] : atZero
        }
        return (min(atZero, atInfinity), max(atZero, atInfinity))
    }

    /// L such that M(L) = `metric`; throws when no loss in (0, ∞) reaches it, giving the
    /// reachable range.
    ///
    ///     exponential: L = −log((ε − M)/k)/γ
    ///     sigmoid:     L = L0 − log(a/(M − b) − 1)/k
    public func loss(metric m: Double) throws -> Double {
        let r = range
        guard m > r.low, m < r.high else { throw LinkError.unreachable(metric: m, low: r.low, high: r.high) }
        let l: Double
        switch kind {
        case .exponential:
            let (epsilon, k, gamma) = (values[0], values[1], values[2])
            l = -log((epsilon - m) / k) / gamma
        case .sigmoid:
            let (a, b, k, l0) = (values[0], values[1], values[2], values[3])
            l = l0 - log(a / (m - b) - 1) / k
        }
        guard l.isFinite, l > 0 else { throw LinkError.unreachable(metric: m, low: r.low, high: r.high) }
        return l
    }
}

public enum LinkError: Error, Equatable, CustomStringConvertible {
    case unreachable(metric: Double, low: Double, high: Double)

    public var description: String {
        switch self {
        case let .unreachable(m, low, high):
            return "the link never reaches a metric of \(m): for losses above 0 it stays within (\(String(format: "%.6g", low)), \(String(format: "%.6g", high)))"
        }
    }
}

extension LawFile {
    /// The link this file describes, or an error saying why it is not one (a loss law given
    /// where a link is wanted, say).
    public func link() throws -> DownstreamLink {
        guard form == .downstream else {
            throw LawFileError.invalid(path: origin, reason: "this is \(form.withArticle) law of the loss, not a downstream link (fit one with fit --form downstream --link exponential|sigmoid --metric COLUMN)")
        }
        guard let kind = linkKind else {
            throw LawFileError.invalid(path: origin, reason: "a downstream law file needs \"link\": \"exponential\" or \"sigmoid\"")
        }
        do { return try DownstreamLink(kind: kind, parameters: parameters) } catch let e as LawError {
            throw LawFileError.invalid(path: origin, reason: e.description)
        }
    }

    /// The bootstrap samples as links (invalid samples are skipped).
    public func linkSamples() -> [DownstreamLink] {
        guard let kind = linkKind else { return [] }
        return samples.compactMap { try? DownstreamLink(kind: kind, parameters: $0) }
    }
}
