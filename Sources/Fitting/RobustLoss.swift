/// The loss ρ applied to each residual r (prediction − observation).
///
/// Hoffmann et al. 2022 (App. D.2) and Besiroglu et al. 2024 fit with Huber, δ = 10⁻³, on
/// log-loss residuals. With residuals of order 10⁻², that is nearly least absolute deviation:
/// robust to the outliers a sweep always has.
public enum RobustLoss: Sendable, Equatable, CustomStringConvertible {
    /// ρ(r) = r²/2 for |r| ≤ δ, δ(|r| − δ/2) beyond (Huber 1964).
    case huber(delta: Double)
    /// ρ(r) = r²/2.
    case squared

    /// ρ(r).
    @inline(__always)
    public func rho(_ r: Double) -> Double {
        switch self {
        case let .huber(d):
            let a = abs(r)
            return a <= d ? 0.5 * r * r : d * (a - 0.5 * d)
        case .squared:
            return 0.5 * r * r
        }
    }

    /// ψ(r) = ρ′(r).
    @inline(__always)
    public func psi(_ r: Double) -> Double {
        switch self {
        case let .huber(d): return min(max(r, -d), d)
        case .squared: return r
        }
    }

    /// ρ″(r): 1 inside the quadratic zone, 0 outside (Huber's kink is where it jumps).
    @inline(__always)
    public func curvature(_ r: Double) -> Double {
        switch self {
        case let .huber(d): return abs(r) <= d ? 1 : 0
        case .squared: return 1
        }
    }

    /// ψ(r)/r, the weight of the quadratic that majorises ρ at r (Huber's IRLS weight):
    /// ρ(s) ≤ ρ(r) + ψ(r)/(2r)·(s² − r²) for all s, so minimising the weighted square
    /// never increases ρ.
    @inline(__always)
    public func majorizerWeight(_ r: Double) -> Double {
        switch self {
        case let .huber(d):
            let a = abs(r)
            return a <= d ? 1 : d / a
        case .squared: return 1
        }
    }

    public var description: String {
        switch self {
        case let .huber(d): return "Huber(δ=\(d))"
        case .squared: return "squared"
        }
    }
}

/// Whether residuals are taken on log L (relative error; the default) or on L itself.
public enum ResidualSpace: String, Sendable, Equatable {
    case log, linear
}

/// What the fit minimises: Σ wᵢ ρ(rᵢ) with rᵢ in `space`.
public struct FitObjective: Sendable, Equatable, CustomStringConvertible {
    public var loss: RobustLoss
    public var space: ResidualSpace

    public init(loss: RobustLoss = .huber(delta: 1e-3), space: ResidualSpace = .log) {
        self.loss = loss
        self.space = space
    }

    /// Hoffmann et al.'s objective: Huber, δ = 10⁻³, on log L.
    public static let hoffmann = FitObjective()

    public var description: String {
        "\(loss) on \(space == .log ? "log L" : "L")"
    }
}
