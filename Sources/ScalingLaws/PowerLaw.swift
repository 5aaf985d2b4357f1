import Foundation

/// A saturating power law in one variable (Kaplan et al. 2020; Hestness et al. 2017):
///
///     L(x) = E + A · x^(−α),   x ∈ {C, N, D}
///
/// With `E = 0` it is the pure power law Kaplan et al. write as (x_c / x)^α.
public struct PowerLaw: ScalingLaw, Equatable, Codable {
    public static let form = LawForm.powerLaw
    public static let parameterNames = ["E", "A", "alpha"]

    public var E: Double
    public var A: Double
    public var alpha: Double
    public var variable: ScalingVariable

    public init(E: Double, A: Double, alpha: Double, against variable: ScalingVariable = .flops) {
        self.E = E; self.A = A; self.alpha = alpha; self.variable = variable
    }

    /// Reads `E` (default 0 when absent: the no-floor law), `A`, `alpha`; the variable is
    /// compute unless the caller says otherwise.
    public init(parameters p: [String: Double]) throws {
        let f = Self.form
        self.init(E: p["E"] == nil ? 0 : try parameter("E", of: f, in: p, nonNegative: true),
                  A: try parameter("A", of: f, in: p, positive: true),
                  alpha: try parameter("alpha", of: f, in: p, positive: true))
    }

    public var parameterValues: [Double] { [E, A, alpha] }

    public func loss(at scale: ModelScale) -> Double {
        switch variable {
        case .flops: return loss(x: scale.flops)
        case .params: return loss(x: scale.params)
        case .tokens: return loss(x: scale.tokens)
        }
    }

    public func loss(x: Double) -> Double { E + A * pow(x, -alpha) }
}
