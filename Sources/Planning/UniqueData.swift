import Foundation
import ScalingLaws

/// A cap on unique training data (`--unique-tokens U`). Training on D > U tokens repeats the
/// data, and a repeated token is worth less than a fresh one (Muennighoff et al. 2023,
/// "Scaling Data-Constrained Language Models", eq. 5):
///
///     D′ = U + U·R*·(1 − e^(−R/R*)),   R = D/U − 1 repetitions,   R* ≈ 15.4
///
/// The law sees the effective data D′; training pays for the raw tokens D. Repetition gives at
/// most D′ = U·(1 + R*), however long one trains.
public struct UniqueData: Sendable, Equatable {
    public var uniqueTokens: Double
    /// R*_D, the "half-life" of repeated data.
    public var halfLife: Double

    public init(uniqueTokens: Double, halfLife: Double = RepeatedData.fittedHalfLife) {
        self.uniqueTokens = uniqueTokens; self.halfLife = halfLife
    }

    /// The most effective data any amount of repetition gives: U·(1 + R*).
    public var maxEffectiveTokens: Double { uniqueTokens * (1 + halfLife) }

    /// D′ for D raw tokens (D itself up to one epoch).
    public func effectiveTokens(raw d: Double) -> Double {
        RepeatedData.effectiveTokens(tokens: d, unique: uniqueTokens, halfLife: halfLife)
    }

    /// The raw tokens D that give D′ effective ones, inverting eq. 5 in closed form:
    /// R = −R*·log(1 − (D′/U − 1)/R*), D = U·(1 + R). Infinite from `maxEffectiveTokens` on.
    public func rawTokens(effective e: Double) -> Double {
        guard e > uniqueTokens else { return e }
        let x = (e / uniqueTokens - 1) / halfLife
        guard x < 1 else { return .infinity }
        return uniqueTokens * (1 - halfLife * log1p(-x))
    }

    /// dD/dD′ = e^(R/R*): raw tokens per extra effective token at D raw tokens (1 within the
    /// first epoch).
    public func rawPerEffective(raw d: Double) -> Double {
        d > uniqueTokens ? exp((d / uniqueTokens - 1) / halfLife) : 1
    }

    /// R = D/U − 1: how many times the unique data is repeated after the first epoch (0 if
    /// D ≤ U).
    public func repetitions(raw d: Double) -> Double { max(0, d / uniqueTokens - 1) }
}
