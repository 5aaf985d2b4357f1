import Foundation

/// Kaplan et al. 2020 ("Scaling Laws for Neural Language Models", eq. 1.5):
///
///     L(N, D) = [ (N_c / N)^(α_N / α_D) + D_c / D ]^α_D
///
/// Unlike Chinchilla's form it has no irreducible term, and N is Kaplan's non-embedding
/// parameter count.
public struct KaplanLaw: ScalingLaw, Equatable, Codable {
    public static let form = LawForm.kaplan
    public static let parameterNames = ["N_c", "D_c", "alpha_N", "alpha_D"]

    public var Nc: Double
    public var Dc: Double
    public var alphaN: Double
    public var alphaD: Double

    public init(Nc: Double, Dc: Double, alphaN: Double, alphaD: Double) {
        self.Nc = Nc; self.Dc = Dc; self.alphaN = alphaN; self.alphaD = alphaD
    }

    public init(parameters p: [String: Double]) throws {
        let f = Self.form
        self.init(Nc: try parameter("N_c", of: f, in: p, positive: true),
                  Dc: try parameter("D_c", of: f, in: p, positive: true),
                  alphaN: try parameter("alpha_N", of: f, in: p, positive: true),
                  alphaD: try parameter("alpha_D", of: f, in: p, positive: true))
    }

    public var parameterValues: [Double] { [Nc, Dc, alphaN, alphaD] }

    public func loss(at scale: ModelScale) -> Double { loss(params: scale.params, tokens: scale.tokens) }

    public func loss(params n: Double, tokens d: Double) -> Double {
        pow(pow(Nc / n, alphaN / alphaD) + Dc / d, alphaD)
    }
}
