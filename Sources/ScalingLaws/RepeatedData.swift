import Foundation

/// Repeated data is worth less than fresh data (Muennighoff et al. 2023, "Scaling
/// Data-Constrained Language Models", eq. 5):
///
///     D′ = U + U·R*·(1 − e^(−R/R*)),   R = D/U − 1
///
/// where U is the number of unique tokens, R the number of repetitions beyond the first
/// epoch and R* the "half-life" of repeated data (their fit: R*_D ≈ 15.4). With no
/// repetition D′ = D; as R → ∞, D′ → U·(1 + R*).
///
/// The same decay, with R*_N ≈ 5.3, discounts parameters beyond those the unique data can
/// use (their eq. 6; `DataConstrainedLaw.effectiveParams`).
public enum RepeatedData {
    /// Muennighoff et al.'s fitted R*_D.
    public static let fittedHalfLife = 15.4

    public static func effectiveTokens(tokens: Double, unique: Double, halfLife: Double = fittedHalfLife) -> Double {
        decayed(total: tokens, unique: unique, halfLife: halfLife)
    }

    /// U + U·R*·(1 − e^(−R/R*)) with R = total/U − 1; `total` itself when it does not exceed U,
    /// and U·(1 + R*)'s limit when R* is infinite (no decay: total).
    public static func decayed(total: Double, unique: Double, halfLife: Double) -> Double {
        guard unique > 0, total > unique, halfLife.isFinite else { return total }
        let repetitions = total / unique - 1
        // −expm1(−x) = 1 − e^(−x), exact for small x (a few repetitions of a long half-life).
        return unique + unique * halfLife * -expm1(-repetitions / halfLife)
    }
}
