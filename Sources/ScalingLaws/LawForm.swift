/// The functional forms scaleplan fits and plans with. The raw value is the name used on the
/// command line (`--form`) and in law files (`"form"`).
public enum LawForm: String, Codable, CaseIterable, Sendable {
    /// Hoffmann et al. 2022: L(N, D) = E + A/N^α + B/D^β.
    case chinchilla
    /// L(x) = E + A·x^(−α), x one of compute, parameters or tokens.
    case powerLaw = "power-law"
    /// Hoffmann et al. approach 2: per-budget parabolas in log N, then N*(C) = k·C^a.
    case isoflop
    /// Kaplan et al. 2020: L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D.
    case kaplan
    /// Muennighoff et al. 2023: Chinchilla's form on effective (repeated-data) N' and D'.
    case dataConstrained = "data-constrained"
    /// A link from loss to a downstream metric (Gadre et al. 2024's exponential, Bhagia et al.
    /// 2024's sigmoid): `DownstreamLink`. It predicts a metric from a loss, not a loss.
    case downstream
    /// Caballero et al. 2022 (BNSL, eq. 1): y = a + b·x^(−c0)·Π_i (1 + (x/d_i)^(1/f_i))^(−c_i·f_i),
    /// x one of compute, parameters or tokens: `BrokenPowerLaw`.
    case brokenPowerLaw = "broken-power-law"
    /// Hoffmann et al. 2022's approach 1 (§3.1): the lower envelope of training curves, then
    /// N_opt ∝ C^a and D_opt ∝ C^b.
    case envelope
}

extension LawForm {
    /// "a chinchilla", "an isoflop": the name with its article, for messages.
    public var withArticle: String {
        ("aeiou".contains(rawValue.first ?? "x") ? "an " : "a ") + rawValue
    }
}

/// The quantity a one-variable power law is written against.
public enum ScalingVariable: String, Codable, CaseIterable, Sendable {
    case flops, params, tokens
}
