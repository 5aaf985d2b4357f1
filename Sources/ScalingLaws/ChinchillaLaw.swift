import Foundation

/// Hoffmann et al. 2022 ("Training Compute-Optimal Large Language Models", eq. 2):
///
///     L(N, D) = E + A / N^α + B / D^β
///
/// E is the irreducible loss; A/N^α the penalty of a finite model; B/D^β of finite data.
public struct ChinchillaLaw: ScalingLaw, Equatable, Codable {
    public static let form = LawForm.chinchilla
    public static let parameterNames = ["E", "A", "B", "alpha", "beta"]

    public var E: Double
    public var A: Double
    public var B: Double
    public var alpha: Double
    public var beta: Double

    public init(E: Double, A: Double, B: Double, alpha: Double, beta: Double) {
        self.E = E; self.A = A; self.B = B; self.alpha = alpha; self.beta = beta
    }

    public init(parameters p: [String: Double]) throws {
        let f = Self.form
        self.init(E: try parameter("E", of: f, in: p, nonNegative: true),
                  A: try parameter("A", of: f, in: p, positive: true),
                  B: try parameter("B", of: f, in: p, positive: true),
                  alpha: try parameter("alpha", of: f, in: p, positive: true),
                  beta: try parameter("beta", of: f, in: p, positive: true))
    }

    public var parameterValues: [Double] { [E, A, B, alpha, beta] }

    public func loss(at scale: ModelScale) -> Double { loss(params: scale.params, tokens: scale.tokens) }

    public func loss(params n: Double, tokens d: Double) -> Double {
        E + A * pow(n, -alpha) + B * pow(d, -beta)
    }

    // MARK: Compute-optimal allocation (Hoffmann et al. 2022, App. D.2, eq. 4)

    /// N*(C) ∝ C^a with a = β/(α+β).
    public var paramsExponent: Double { beta / (alpha + beta) }
    /// D*(C) ∝ C^b with b = α/(α+β).
    public var tokensExponent: Double { alpha / (alpha + beta) }
    /// G = (αA / (βB))^(1/(α+β)).
    public var G: Double { pow(alpha * A / (beta * B), 1 / (alpha + beta)) }

    /// Minimising L subject to 6·N·D = C gives N* = G·(C/6)^a and D* = G⁻¹·(C/6)^b.
    public func computeOptimal(flops c: Double) -> ModelScale {
        let x = c / 6
        return ModelScale(params: G * pow(x, paramsExponent), tokens: pow(x, tokensExponent) / G)
    }
}
