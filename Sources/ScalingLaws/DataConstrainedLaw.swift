import Foundation

/// Muennighoff et al. 2023 ("Scaling Data-Constrained Language Models", eqs. 5–7):
/// Chinchilla's form on effective data and effective parameters,
///
///     L(N, D, U) = E + A/N′^α + B/D′^β
///     D′ = U + U·R*_D·(1 − e^(−R_D/R*_D)),   R_D = D/U − 1
///     N′ = U_N + U_N·R*_N·(1 − e^(−R_N/R*_N)),   R_N = N/U_N − 1,   U_N = min(N, N_opt(U))
///
/// U is the number of unique tokens among the D trained on. Repeated tokens decay in value
/// with half-life R*_D epochs; parameters beyond U_N — the compute-optimal size for U tokens,
/// N_opt(U) = G·(G·U)^(β/α) from the law's own allocation — decay with R*_N. Their fit:
/// R*_D ≈ 15.4, R*_N ≈ 5.3. With U ≥ D (no repetition) and N ≤ N_opt(D) the law is
/// Chinchilla's; note that, as the paper writes it, a single-epoch run with more parameters
/// than N_opt(D) is discounted too.
///
/// In a law file the two constants are the parameters `R_D` and `R_N`; a file without `R_D`
/// takes the paper's 15.4, and one without `R_N` leaves excess parameters undiscounted
/// (R*_N = ∞), which is what a fit does when no run has more parameters than its data
/// supports.
public struct DataConstrainedLaw: ScalingLaw, Equatable {
    public static let form = LawForm.dataConstrained
    public static let parameterNames = ChinchillaLaw.parameterNames + ["R_D", "R_N"]

    /// E, A, B, α, β: the law on fresh data.
    public var base: ChinchillaLaw
    /// R*_D: repetitions after which repeated data has lost 1 − 1/e of its value.
    public var dataHalfLife: Double
    /// R*_N for excess parameters; `.infinity` when they are not discounted.
    public var paramsHalfLife: Double

    public init(base: ChinchillaLaw, dataHalfLife: Double = RepeatedData.fittedHalfLife,
                paramsHalfLife: Double = .infinity) {
        self.base = base; self.dataHalfLife = dataHalfLife; self.paramsHalfLife = paramsHalfLife
    }

    public init(parameters p: [String: Double]) throws {
        let base = try ChinchillaLaw(parameters: p)
        // A half-life may be ∞ (no decay; "inf" in a law file).
        func halfLife(_ name: String, absent: Double) throws -> Double {
            guard let v = p[name] else { return absent }
            if v == .infinity { return v }
            return try parameter(name, of: Self.form, in: p, positive: true)
        }
        let rD = try halfLife("R_D", absent: RepeatedData.fittedHalfLife)
        let rN = try halfLife("R_N", absent: .infinity)
        self.init(base: base, dataHalfLife: rD, paramsHalfLife: rN)
    }

    /// R_N is `.infinity` when excess parameters are not discounted (and then left out of
    /// `parameters`, since JSON has no infinity).
    public var parameterValues: [Double] { base.parameterValues + [dataHalfLife, paramsHalfLife] }

    /// Name → value for a law file: the Chinchilla five, `R_D` (∞ when repeated data does not
    /// decay), and `R_N` when finite.
    public var parameters: [String: Double] {
        var p = base.namedParameters
        p["R_D"] = dataHalfLife
        if paramsHalfLife.isFinite { p["R_N"] = paramsHalfLife }
        return p
    }

    /// N_opt(U) = G·(G·U)^(β/α): the size whose compute-optimal data is U tokens (inverting
    /// D*(C) = G⁻¹·(C/6)^(α/(α+β)) and N*(C) = G·(C/6)^(β/(α+β))).
    public func optimalParams(forTokens u: Double) -> Double {
        let g = base.G
        return g * pow(g * u, base.beta / base.alpha)
    }

    /// D′: the value of D tokens drawn from U unique ones. U above D means no repetition.
    public func effectiveTokens(tokens d: Double, unique u: Double) -> Double {
        RepeatedData.decayed(total: d, unique: min(u, d), halfLife: dataHalfLife)
    }

    /// N′: parameters beyond U_N = min(N, N_opt(U)) count for less.
    public func effectiveParams(params n: Double, unique u: Double) -> Double {
        guard paramsHalfLife.isFinite else { return n }
        return RepeatedData.decayed(total: n, unique: min(n, optimalParams(forTokens: u)), halfLife: paramsHalfLife)
    }

    /// The loss at `scale`: on N′ and D′ when the scale names its unique tokens, else
    /// Chinchilla's (every token fresh).
    public func loss(at scale: ModelScale) -> Double {
        guard let u = scale.uniqueTokens else { return base.loss(at: scale) }
        return loss(params: scale.params, tokens: scale.tokens, unique: u)
    }

    public func loss(params n: Double, tokens d: Double, unique u: Double) -> Double {
        let uniqueSeen = min(u, d)
        return base.loss(params: effectiveParams(params: n, unique: uniqueSeen),
                         tokens: effectiveTokens(tokens: d, unique: uniqueSeen))
    }
}
