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
///
/// With `paramsHalfLife` (R*_N, a data-constrained law's `R_N`) the same decay discounts
/// parameters beyond U_N = N_opt(U), the compute-optimal size for U tokens (their eq. 6):
/// the law then sees N′, and training and serving pay for the raw N (`ExcessParams`).
public struct UniqueData: Sendable, Equatable {
    public var uniqueTokens: Double
    /// R*_D, the "half-life" of repeated data.
    public var halfLife: Double
    /// R*_N, the half-life of parameters beyond those U tokens support; nil: not discounted.
    public var paramsHalfLife: Double?

    public init(uniqueTokens: Double, halfLife: Double = RepeatedData.fittedHalfLife, paramsHalfLife: Double? = nil) {
        self.uniqueTokens = uniqueTokens; self.halfLife = halfLife; self.paramsHalfLife = paramsHalfLife
    }

    private var decay: Decay { Decay(unique: uniqueTokens, halfLife: halfLife) }

    /// The most effective data any amount of repetition gives: U·(1 + R*).
    public var maxEffectiveTokens: Double { decay.maxEffective }

    /// D′ for D raw tokens (D itself up to one epoch).
    public func effectiveTokens(raw d: Double) -> Double { decay.effective(raw: d) }

    /// The raw tokens D that give D′ effective ones, inverting eq. 5 in closed form:
    /// R = −R*·log(1 − (D′/U − 1)/R*), D = U·(1 + R). Infinite from `maxEffectiveTokens` on.
    public func rawTokens(effective e: Double) -> Double { decay.raw(effective: e) }

    /// dD/dD′ = e^(R/R*): raw tokens per extra effective token at D raw tokens (1 within the
    /// first epoch).
    public func rawPerEffective(raw d: Double) -> Double { decay.rawPerEffective(raw: d) }

    /// R = D/U − 1: how many times the unique data is repeated after the first epoch (0 if
    /// D ≤ U).
    public func repetitions(raw d: Double) -> Double { max(0, d / uniqueTokens - 1) }

    /// The discount on excess parameters under `law` (whose allocation fixes N_opt(U)); nil
    /// without R*_N.
    public func excessParams(law: ChinchillaLaw) -> ExcessParams? {
        guard let r = paramsHalfLife, r.isFinite else { return nil }
        let supported = DataConstrainedLaw(base: law, dataHalfLife: halfLife, paramsHalfLife: r)
            .optimalParams(forTokens: uniqueTokens)
        return ExcessParams(decay: Decay(unique: supported, halfLife: r))
    }
}

/// Parameters beyond U_N = N_opt(U) count for less (Muennighoff et al. 2023, eq. 6):
/// N′ = U_N + U_N·R*_N·(1 − e^(−R_N/R*_N)), R_N = N/U_N − 1. The law sees N′; the costs, N.
public struct ExcessParams: Sendable, Equatable {
    let decay: Decay

    /// U_N: the parameters the unique data supports in full.
    public var supportedParams: Double { decay.unique }
    /// N′ can reach at most U_N·(1 + R*_N), however large the model.
    public var maxEffectiveParams: Double { decay.maxEffective }
    public func effectiveParams(raw n: Double) -> Double { decay.effective(raw: n) }
    /// The raw N whose N′ is `e`; infinite from `maxEffectiveParams` on.
    public func rawParams(effective e: Double) -> Double { decay.raw(effective: e) }
    /// dN/dN′ = e^(R_N/R*_N) at N raw parameters.
    public func rawPerEffective(raw n: Double) -> Double { decay.rawPerEffective(raw: n) }
}

/// x′ = U + U·R*·(1 − e^(−(x/U − 1)/R*)) for x above U, x below: the decay both repeated data
/// and excess parameters follow, with its inverse and derivative in closed form.
struct Decay: Sendable, Equatable {
    var unique: Double
    var halfLife: Double

    var maxEffective: Double { unique * (1 + halfLife) }

    func effective(raw x: Double) -> Double {
        RepeatedData.decayed(total: x, unique: unique, halfLife: halfLife)
    }

    func raw(effective e: Double) -> Double {
        // R* = ∞ (a law that wants no decay): repeated tokens count in full.
        guard e > unique, halfLife.isFinite else { return e }
        let y = (e / unique - 1) / halfLife
        guard y < 1 else { return .infinity }
        return unique * (1 - halfLife * log1p(-y))
    }

    func rawPerEffective(raw x: Double) -> Double {
        x > unique && halfLife.isFinite ? exp((x / unique - 1) / halfLife) : 1
    }
}
