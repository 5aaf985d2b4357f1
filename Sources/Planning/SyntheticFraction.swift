import Foundation

/// A fixed share f of every training token is synthetic (`--synthetic-fraction f`): generated
/// fresh for the run, never repeated, each worth k real unique tokens (`--synthetic-worth`).
/// With D training tokens, (1 − f)·D are drawn from the U unique real tokens and repeated
/// beyond one epoch, f·D are synthetic:
///
///     D_eff(D) = D′((1 − f)·D, U) + k·f·D
///
/// D′ is Muennighoff et al.'s repetition decay (2023, eq. 5; `UniqueData`); without a cap on
/// unique data it is the identity, and D_eff = (1 − f + k·f)·D. The synthetic tokens add to
/// the effective data linearly — the assumption, as in WRAP (Maini et al. 2024, §3.1, real and
/// rephrased text mixed in a fixed ratio), that a rephrase seen once is worth k fresh real
/// tokens whatever the real data's repetition; the real share decays as repeated data does.
///
/// **Monotone, with a numeric inverse.** dD_eff/dD = (1 − f)·e^(−R/R*) + k·f > 0 (R the real
/// share's repetitions), so D_eff is strictly increasing and continuous, and with f > 0
/// unbounded (≥ k·f·D): every effective amount has exactly one raw D. It is also concave (D′ is:
/// its slope e^(−R/R*) falls), so the inverse is convex. The raw D lies in
/// [D_eff/(1 − f + k·f), D_eff/(k·f)] (D′(x) ≤ x and D′ ≥ 0), and solving log D_eff(e^x) =
/// log D_eff in x = log D — increasing, with slope the elasticity in (0, 1] — by safeguarded
/// Newton on that bracket finds it to full precision. Within the first epoch of the real share
/// the inverse is the closed form D_eff/(1 − f + k·f).
public struct SyntheticFraction: Sendable, Equatable {
    public var fraction: Double
    public var worth: Double
    /// The cap on real unique data; nil: real data is not capped (no repetition).
    public var unique: UniqueData?

    public init(fraction: Double, worth: Double, unique: UniqueData?) {
        self.fraction = fraction; self.worth = worth; self.unique = unique
    }

    /// Real training tokens among `d`: (1 − f)·D.
    public func realTokens(raw d: Double) -> Double { (1 - fraction) * d }

    /// D_eff for D training tokens.
    public func effectiveTokens(raw d: Double) -> Double {
        let real = realTokens(raw: d)
        return (unique?.effectiveTokens(raw: real) ?? real) + worth * fraction * d
    }

    /// dD_eff/dD at D training tokens: (1 − f)·e^(−R/R*) + k·f.
    public func effectivePerRaw(raw d: Double) -> Double {
        (1 - fraction) / (unique?.rawPerEffective(raw: realTokens(raw: d)) ?? 1) + worth * fraction
    }

    /// The training tokens D whose D_eff is `e` (infinite only when f = 0 and e is beyond what
    /// repetition gives).
    public func rawTokens(effective e: Double) -> Double {
        guard fraction > 0 else { return unique?.rawTokens(effective: e) ?? e }
        let slope = 1 - fraction + worth * fraction
        let firstEpoch = e / slope
        guard let u = unique, realTokens(raw: firstEpoch) > u.uniqueTokens else { return firstEpoch }
        let lo = log(firstEpoch), hi = log(e / (worth * fraction)), target = log(e)
        let x = SafeguardedNewton.root(in: lo, hi, start: lo, tolerance: 1e-15) { x in
            let d = exp(x), value = effectiveTokens(raw: d)
            return (log(value) - target, d * effectivePerRaw(raw: d) / value)
        }
        return exp(x ?? .nan)
    }
}
