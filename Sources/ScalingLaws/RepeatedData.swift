import Foundation

/// Repeated data is worth less than fresh data (Muennighoff et al. 2023, "Scaling
/// Data-Constrained Language Models", eq. 5):
///
///     D′ = U + U·R*·(1 − e^(−R/R*)),   R = D/U − 1
///
/// where U is the number of unique tokens, R the number of repetitions beyond the first
/// epoch and R* the "half-life" of repeated data (their fit: R*_D ≈ 15.4). With no
/// repetition D′ = D; as R → ∞, D′ → U·(1 + R*).
public enum RepeatedData {
    /// Muennighoff et al.'s fitted R*_D.
    public static let fittedHalfLife = 15.4

    public static func effectiveTokens(tokens: Double, unique: Double, halfLife: Double = fittedHalfLife) -> Double {
        guard unique > 0, tokens > unique else { return tokens }
        let repetitions = tokens / unique - 1
        return unique + unique * halfLife * (1 - exp(-repetitions / halfLife))
    }
}
