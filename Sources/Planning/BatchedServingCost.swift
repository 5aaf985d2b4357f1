import Foundation

/// The planner's objective along the curve of loss ℓ when every model decodes at one batch B:
///
///     g_B(t) = k·(N, D) + D_out·λ·max(c·N,  w·N/B + v·N^(2/3))
///
/// with λ the objective per GPU-hour (dollars, kWh or t CO2; 0 for FLOPs), c = 2/(peak·u·3600)
/// (compute), w = bytes per weight/(bandwidth·u_bw·3600) (reading the weights once per step)
/// and v·N^(2/3) = T·kv(N)/(bandwidth·u_bw·3600) (reading the batch's KV cache: kv ∝ L·d ∝
/// N^(2/3) by `ModelShape`). It is the roofline's GPU-hours per generated token,
/// G·t_step/(3600·B), in which the replica size G cancels, so it depends on N only through B.
///
/// **g_B is convex in t.** Along the curve log N and log D are convex in t (each is a constant
/// plus softplus(∓t) over α or β), so every N^p·D^q with p, q ≥ 0 is the exponential of a
/// convex function, hence convex; g_B is a non-negative sum of such terms and a maximum of two
/// of them. Its minimum on an interval is where its slope changes sign (or an end), found by
/// Brent's method on the slope, which is non-decreasing (it jumps up where decoding turns from
/// compute-bound, at large N, to memory-bound).
///
/// And **g_B falls as B grows**, so with B_cap the largest batch any model gets (`--batch`, or
/// `--max-batch`), g_{B_cap} is a lower bound on the roofline objective everywhere: the
/// planner's search (`Planner+Roofline.swift`) rests on both facts.
///
/// **With a cap on unique data** (`UniqueData`, and `ExcessParams`) the curve gives the effective
/// N′ and D′ and the costs are paid on the raw N and D. The raw amount as a function of the
/// effective one has an elasticity x·raw′(x)/raw(x) = ((1 + R*)e^r − R*)/(1 + R*·r), r = R/R*,
/// that rises with x (1 up to one epoch), so log raw is a convex increasing function of
/// log x; composed with the convex log N′(t) and log D′(t) it keeps log N and log D convex in t,
/// and everything above holds for g_B on the raw amounts (and raw ≥ effective).
struct BatchedServingCost {
    let curve: IsoLossCurve
    let k: CostCoefficients
    /// D_out·λ·c, D_out·λ·w, D_out·λ·v.
    let compute: Double, weights: Double, kvCache: Double
    let data: UniqueData?, excess: ExcessParams?

    init(curve: IsoLossCurve, k: CostCoefficients, roofline r: RooflineServing, outputTokens: Double, perGPUHour λ: Double,
         repeating data: UniqueData? = nil, excess: ExcessParams? = nil) {
        self.curve = curve; self.k = k; self.data = data; self.excess = excess
        let scale = outputTokens * λ / 3600
        let bandwidth = r.bandwidthBytesPerSecond * r.bandwidthUtilisation
        compute = scale * 2 / (r.peakFLOPS * r.computeUtilisation)
        weights = scale * r.weightBytesPerParam / bandwidth
        // kv(N) = kv(1)·N^(2/3) exactly: L and d both scale as N^(1/3).
        kvCache = scale * r.context * ModelShape(params: 1).kvBytesPerToken(groups: r.kvGroups, bytesPerValue: r.kvBytesPerValue) / bandwidth
    }

    /// The (raw) N, N^(2/3) and D at t, and d log N/dt, d log D/dt: −(1 − s)/α and s/β on the
    /// curve (s = 1/(1 + e^−t), as in `IsoLossCurve`), times the elasticities of the raw amounts.
    @inline(__always)
    private func point(_ t: Double) -> (n: Double, n23: Double, d: Double, dn: Double, dd: Double) {
        let e = exp(-abs(t)), l = log1p(e)
        let logN = (curve.logA - curve.logReducible + max(-t, 0) + l) / curve.law.alpha
        var d = exp((curve.logB - curve.logReducible + max(t, 0) + l) / curve.law.beta)
        let big = 1 / (1 + e), small = e / (1 + e)
        var n = exp(logN), n23 = exp(2.0 / 3 * logN)
        var dn = -(t >= 0 ? small : big) / curve.law.alpha, dd = (t >= 0 ? big : small) / curve.law.beta
        if let excess {
            let raw = excess.rawParams(effective: n)
            dn *= n * excess.rawPerEffective(raw: raw) / raw
            n = raw; n23 = pow(raw, 2.0 / 3)
        }
        if let data {
            let raw = data.rawTokens(effective: d)
            dd *= d * data.rawPerEffective(raw: raw) / raw
            d = raw
        }
        return (n, n23, d, dn, dd)
    }

    /// The (raw) N and D the costs are paid on at t.
    func params(_ t: Double) -> Double {
        let n = curve.params(t)
        return excess?.rawParams(effective: n) ?? n
    }

    func tokens(_ t: Double) -> Double {
        let d = curve.tokens(t)
        return data?.rawTokens(effective: d) ?? d
    }

    func value(_ t: Double, batch b: Double) -> Double {
        let (n, n23, d, _, _) = point(t)
        return k.value(params: n, tokens: d) + max(compute * n, weights * n / b + kvCache * n23)
    }

    /// dg_B/dt = ∂g/∂N·N·d log N/dt + ∂g/∂D·D·d log D/dt.
    func slope(_ t: Double, batch b: Double) -> Double {
        let (n, n23, d, dn, dd) = point(t)
        let memoryKV = kvCache * n23, memory = weights * n / b + memoryKV
        // N·dS/dN on the branch that is the max.
        let servingElasticity = compute * n > memory ? compute * n : weights * n / b + 2.0 / 3 * memoryKV
        return k.perParamToken * n * d * (dn + dd) + k.perParam * n * dn + k.perToken * d * dd + servingElasticity * dn
    }

    /// The t minimising g_B on [lo, hi] (either end may be infinite), searching outward from
    /// `start` (clamped into the interval) for a change of sign of the slope.
    func minimum(batch b: Double, in lo: Double, _ hi: Double, start: Double) -> Double {
        var x = min(max(start, lo), hi)
        let sx = slope(x, batch: b)
        if sx == 0 || !sx.isFinite { return x }
        let direction: Double = sx > 0 ? -1 : 1
        let end = direction < 0 ? lo : hi
        // Step out, quadrupling, until the slope changes sign or the interval ends.
        var width = 1e-3, previous = x
        while true {
            let next = direction < 0 ? max(x - width, end) : min(x + width, end)
            let s = slope(next, batch: b)
            if !s.isFinite { return previous }
            if (s > 0) != (sx > 0) || s == 0 { previous = x; x = next; break }
            if next == end || width > 1e4 { return next }
            previous = next; x = next; width *= 4
        }
        let a = min(previous, x), c = max(previous, x)
        return Brent.root(in: a, c, tolerance: 1e-13) { slope($0, batch: b) } ?? x
    }
}
