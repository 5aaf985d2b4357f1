import Foundation

extension ChinchillaLaw {
    /// The cheapest model (in training FLOPs C = 6ND) whose loss is ℓ, or nil when ℓ ≤ E.
    ///
    /// Minimising 6ND on L(N, D) = ℓ makes the two reducible terms x = A/N^α, y = B/D^β
    /// satisfy αx = βy (the Lagrange condition in log N and log D), so with x + y = ℓ − E:
    /// x = β(ℓ − E)/(α + β), y = α(ℓ − E)/(α + β), N = (A/x)^(1/α), D = (B/y)^(1/β) — the
    /// same allocation as `computeOptimal(flops:)` (Hoffmann et al. 2022, eq. 4), indexed by loss.
    public func computeOptimal(loss l: Double) -> ModelScale? {
        let reducible = l - E
        guard reducible > 0, reducible.isFinite else { return nil }
        let x = beta * reducible / (alpha + beta), y = alpha * reducible / (alpha + beta)
        return ModelScale(params: pow(A / x, 1 / alpha), tokens: pow(B / y, 1 / beta))
    }

    /// The tokens a model of N parameters needs to reach ℓ: D = (B/(ℓ − E − A/N^α))^(1/β), or
    /// nil when no amount of data gets N there.
    public func tokens(toReach l: Double, params n: Double) -> Double? {
        let left = l - E - A * pow(n, -alpha)
        guard left > 0, left.isFinite else { return nil }
        return pow(B / left, 1 / beta)
    }
}

extension ChinchillaLaw {
    /// The law seen by training tokens each worth m tokens of this law's data (better data,
    /// LFR/Ziya2-style selection, or a dataset comparison's multiplier): L(N, m·D) =
    /// E + A/N^α + (B·m^(−β))/D^β, the same form with B scaled. Everything derived from the law
    /// follows exactly — the compute-optimal size for U unique tokens, N_opt(U) = G′(G′U)^(β/α)
    /// with G′ = G·m^(β/(α+β)), equals N_opt(m·U) of the original.
    public func withDataMultiplier(_ m: Double) -> ChinchillaLaw {
        var law = self
        law.B = B * pow(m, -beta)
        return law
    }
}
