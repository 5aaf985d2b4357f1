import Foundation

extension Planner {
    /// True when the plan needs the roofline search: roofline serving with a priced objective
    /// (its cost per token is not bilinear in N), or serving limits under any objective.
    var needsRooflineSearch: Bool {
        guard let r = costModel.roofline else { return false }
        return objective != .flops || r.maxSecondsPerToken != nil || r.maxGPUs != nil || r.gpus != nil || r.batch != nil
    }

    /// The objective of a model: the bilinear part k plus, with roofline serving, D_out times
    /// its decode cost per generated token; nil when it cannot be served within the limits.
    func objectiveValue(params n: Double, tokens d: Double, _ k: CostCoefficients, enforcingLimits: Bool = true) -> Double? {
        let base = k.value(params: n, tokens: d)
        guard costModel.roofline != nil else { return base }
        switch costModel.rooflineCostPerToken(params: n, objective: objective, enforcingLimits: enforcingLimits) {
        case let .success(perToken): return base + demand.outputTokens * perToken
        case .failure: return nil
        }
    }

    /// The cheapest model of loss ℓ under roofline serving, and the limits that bind.
    ///
    /// The cost along the curve, f(t) = k·(N, D) + D_out·c(N), is not bilinear (c steps with
    /// the replica size and the batch), so the search is global on a bracket that provably
    /// holds the minimum: c(N) ≥ κ·N (`rooflineLowerBoundPerParam`), so f ≥ f_lo, the bilinear
    /// cost with k_N + D_out·κ, which has one minimum on the curve (`cheapestT`). Any feasible
    /// value m of f bounds the minimum, so the minimum lies where f_lo ≤ m: an interval around
    /// f_lo's minimum, found by Brent's method on each side. Within it (and the constraints'
    /// interval) a 32-point grid finds the basin and golden-section search refines it; a test
    /// checks the result against a brute-force search of 200,000 points.
    func cheapestRooflineT(on curve: IsoLossCurve, _ k: CostCoefficients) throws -> (t: Double, binding: [ConstraintKind]) {
        var lower = -Double.infinity, upper = Double.infinity
        var lowerKind: ConstraintKind?, upperKind: ConstraintKind?
        for c in constraints {
            let (lo, hi) = try c.feasibleT(on: curve)
            if let lo, lo > lower { lower = lo; lowerKind = c.kind }
            if let hi, hi < upper { upper = hi; upperKind = c.kind }
        }
        guard lower <= upper else { return try constraints.clamp(curve.chinchillaT, on: curve) }   // throws, naming them
        let f = { (t: Double, enforce: Bool) -> Double in
            self.objectiveValue(params: curve.params(t), tokens: curve.tokens(t), k, enforcingLimits: enforce) ?? .infinity
        }
        var surrogate = k
        surrogate.perParam += demand.outputTokens * costModel.rooflineLowerBoundPerParam(objective: objective)
        let tLow = try curve.cheapestT(surrogate)
        let fLow = { (t: Double) in surrogate.value(params: curve.params(t), tokens: curve.tokens(t)) }

        /// The minimum of f on [lo, hi] ∩ the surrogate's bracket.
        func search(enforce: Bool, lo: Double, hi: Double) throws -> Double? {
            // A feasible value to bound the minimum: f at the surrogate's optimum (clamped), else
            // the best of a scan across the allowed interval.
            let start = min(max(tLow, lo), hi)
            var bound = f(start, enforce), best = start
            if !bound.isFinite {
                let a = lo.isFinite ? lo : tLow - 20, b = hi.isFinite ? hi : tLow + 40
                for i in 0...400 {
                    let t = a + (b - a) * Double(i) / 400
                    let v = f(t, enforce)
                    if v < bound { bound = v; best = t }
                }
                guard bound.isFinite else { return nil }
            }
            // The bracket {t : f_lo(t) ≤ bound}, stepping out from f_lo's minimum.
            func edge(_ direction: Double) -> Double {
                guard fLow(tLow) < bound else { return tLow }
                var width = 0.5
                while fLow(tLow + direction * width) < bound && width < 1e4 { width *= 2 }
                let a = tLow + direction * width
                return Brent.root(in: min(a, tLow), max(a, tLow), tolerance: 1e-12) { fLow($0) - bound } ?? a
            }
            let a = max(edge(-1), lo), b = min(edge(1), hi)
            guard a < b else { return best }
            let n = 32
            var values = [Double](repeating: .infinity, count: n + 1)
            var iBest = 0
            for i in 0...n {
                values[i] = f(a + (b - a) * Double(i) / Double(n), enforce)
                if values[i] < values[iBest] { iBest = i }
            }
            guard values[iBest] <= bound else { return best }
            // Golden-section search on the neighbouring cells.
            var x0 = a + (b - a) * Double(max(iBest - 1, 0)) / Double(n)
            var x3 = a + (b - a) * Double(min(iBest + 1, n)) / Double(n)
            let ratio = (5.0.squareRoot() - 1) / 2
            var x1 = x3 - ratio * (x3 - x0), x2 = x0 + ratio * (x3 - x0)
            var f1 = f(x1, enforce), f2 = f(x2, enforce)
            for _ in 0..<80 where x3 - x0 > 1e-9 * max(1, abs(x0)) {
                if f1 <= f2 { x3 = x2; x2 = x1; f2 = f1; x1 = x3 - ratio * (x3 - x0); f1 = f(x1, enforce) }
                else { x0 = x1; x1 = x2; f1 = f2; x2 = x0 + ratio * (x3 - x0); f2 = f(x2, enforce) }
            }
            let candidates = [(x1, f1), (x2, f2), (a + (b - a) * Double(iBest) / Double(n), values[iBest])]
            return candidates.min { $0.1 < $1.1 }!.0
        }

        guard let t = try search(enforce: true, lo: lower, hi: upper) else {
            throw unservable(curve, lower: lower, upper: upper)
        }
        var binding: [ConstraintKind] = []
        // What binds: the interval constraints, if the optimum without them lies outside their
        // interval; the serving limits, if the optimum without them costs less.
        let limited = costModel.roofline.map { $0.maxSecondsPerToken != nil || $0.maxGPUs != nil || $0.gpus != nil || $0.batch != nil } ?? false
        if lower.isFinite || upper.isFinite, let free = try search(enforce: true, lo: -.infinity, hi: .infinity) {
            if free < lower - 1e-9, let kind = lowerKind { binding.append(kind) }
            if free > upper + 1e-9, let kind = upperKind { binding.append(kind) }
        }
        if limited, let free = try search(enforce: false, lo: lower, hi: upper), f(free, false) < f(t, true) * (1 - 1e-12) {
            // The limits raised the cost: the unlimited optimum breaks one, or the latency limit
            // shrank its batch (the only limit that changes a servable model's decode).
            switch costModel.roofline!.decode(params: curve.params(free)) {
            case let .failure(why): binding.append(why.kind)
            case .success: binding.append(.latency)
            }
        }
        return (t, binding)
    }

    /// The error when no model of the curve (within the constraints) can be served.
    private func unservable(_ curve: IsoLossCurve, lower: Double, upper: Double) -> PlanningError {
        // The smallest model allowed is the easiest to serve: say why even it cannot be.
        let t = upper.isFinite ? upper : curve.chinchillaT + 40
        let n = curve.params(t)
        guard case let .failure(why) = costModel.roofline!.decode(params: n) else {
            return .noSolution("no model of loss \(fmt(curve.loss)) could be served within the limits")
        }
        switch why {
        case let .memory(need, limit):
            return .contradictoryConstraints("no model of loss \(fmt(curve.loss)) fits a replica of \(limit) GPUs: even the smallest, \(fmt(n)) parameters, needs \(need) GPUs for its weights and one sequence's KV cache (\(need - limit) more)")
        case let .latency(ms, limitMs):
            return .contradictoryConstraints("no model of loss \(fmt(curve.loss)) decodes within \(fmt(limitMs)) ms per token: even the smallest, \(fmt(n)) parameters, takes \(fmt(ms)) ms one sequence at a time (\(fmt(ms - limitMs)) ms over)")
        case let .batch(asked, fits):
            return .contradictoryConstraints("a batch of \(asked) fits no replica serving loss \(fmt(curve.loss)): the smallest model's replica holds \(fits)")
        }
    }
}
