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
    /// The cost along the curve, f(t) = k·(N, D) + D_out·c(N), is not bilinear: c steps with
    /// the replica size G and the batch B. Written with the batch each model gets, f = g_B(t)
    /// (`BatchedServingCost`), where every g_B is convex in t and falls as B grows. So:
    ///
    /// 1. g_cap, at the largest batch any model gets, is a convex lower bound of f. Its minimum
    ///    t* (within the constraints' interval) is found by Brent's method on its slope. If the
    ///    model at t* is served at that batch (the usual case: the batch is capped by
    ///    `--max-batch`), f(t*) = g_cap(t*) ≤ g_cap ≤ f everywhere: t* is the global minimum.
    /// 2. Otherwise a branch and bound: the minimum lies where g_cap ≤ the best value found, an
    ///    interval; on a piece of it whose ends have the same replica size, B is at most the
    ///    batch of the smaller model (a replica of fixed G holds fewer sequences of a larger
    ///    model, and meets a latency limit with fewer), so min g_B of that batch bounds f there;
    ///    a piece whose ends share G and B has f = g_B throughout, and its minimum is exact;
    ///    pieces whose bound is no better than the best are dropped, others halved.
    ///
    /// Tests check the result against a brute-force search over random settings, including
    /// ones where replica and batch steps make several local minima.
    ///
    /// With a cap on unique data (`repeating`, and `excess` parameters) the costs are paid on
    /// the raw N and D of each point of the curve, which stays convex at a fixed batch (see
    /// `BatchedServingCost`); the curve ends where the data (or the parameters) run out, and
    /// `limits` are the constraints translated to effective amounts.
    func cheapestRooflineT(on curve: IsoLossCurve, _ k: CostCoefficients, repeating data: UniqueData? = nil,
                           excess: ExcessParams? = nil, limits: [any AllocationConstraint]? = nil) throws -> (t: Double, binding: [ConstraintKind]) {
        let limits = limits ?? constraints
        var lower = -Double.infinity, upper = Double.infinity
        var lowerKind: ConstraintKind?, upperKind: ConstraintKind?
        for c in limits {
            let (lo, hi) = try c.feasibleT(on: curve)
            if let lo, lo > lower { lower = lo; lowerKind = c.kind }
            if let hi, hi < upper { upper = hi; upperKind = c.kind }
        }
        guard lower <= upper else { return try limits.clamp(curve.chinchillaT, on: curve) }   // throws, naming them
        // The ends of the curve with capped data: D′ reaches U·(1 + R*) (and N′ its ceiling).
        var first = -Double.infinity, last = Double.infinity
        if let data {
            let tMax = try curve.lastTrainableT(data)
            let tMin = try excess.map { try curve.firstReachableT($0, data) } ?? -.infinity
            if tMin >= tMax, let excess { throw curve.unreachable(data, excess) }
            if tMax.isFinite { last = tMax - 1e-12 * max(1, abs(tMax)) }
            if tMin.isFinite { first = tMin + 1e-12 * max(1, abs(tMin)) }
            if max(lower, first) > min(upper, last) {
                // The limits leave only models the capped data cannot train (or reach ℓ).
                let n = curve.params(max(lower, first)), law = curve.law
                throw PlanningError.notEnoughUniqueData(unique: data.uniqueTokens, maxEffective: data.maxEffectiveTokens, target: curve.loss,
                                                        bestLoss: law.E + law.A * pow(n, -law.alpha) + law.B * pow(data.maxEffectiveTokens, -law.beta))
            }
        }
        let r = costModel.roofline!
        let g = BatchedServingCost(curve: curve, k: k, roofline: r, outputTokens: demand.outputTokens,
                                   perGPUHour: costModel.rooflinePerGPUHour(objective: objective), repeating: data, excess: excess)
        let f = { (t: Double, enforce: Bool) -> Double in
            let n = g.params(t), d = g.tokens(t)
            guard n.isFinite, d.isFinite else { return .infinity }
            return self.objectiveValue(params: n, tokens: d, k, enforcingLimits: enforce) ?? .infinity
        }
        let cap = Double(r.batch ?? r.maxBatch)
        let start = warmStart ?? curve.chinchillaT

        /// The minimum of f on [lo, hi].
        func search(enforce: Bool, lo: Double, hi: Double) -> Double? {
            let lo = max(lo, first), hi = min(hi, last)
            guard lo <= hi else { return nil }
            let tCap = g.minimum(batch: cap, in: lo, hi, start: start)
            var best = tCap, bestValue = Double.infinity
            if case let .success(d) = r.decode(params: g.params(tCap), enforcingLimits: enforce) {
                if Double(d.batch) == cap { return tCap }
                bestValue = g.value(tCap, batch: Double(d.batch))
            }
            if !bestValue.isFinite {
                // A feasible value to bound the minimum: the best of a scan across the interval.
                let a = lo.isFinite ? lo : tCap - 20, b = hi.isFinite ? hi : tCap + 40
                for i in 0...400 {
                    let t = a + (b - a) * Double(i) / 400
                    let v = f(t, enforce)
                    if v < bestValue { bestValue = v; best = t }
                }
                guard bestValue.isFinite else { return nil }
            }
            // {t : g_cap(t) ≤ bestValue}, an interval around tCap (g_cap is convex).
            func edge(_ direction: Double, _ end: Double) -> Double {
                let bound = bestValue
                guard g.value(tCap, batch: cap) < bound else { return tCap }
                var width = 0.5
                while g.value(tCap + direction * width, batch: cap) < bound && width < 1e4 { width *= 2 }
                let a = tCap + direction * width
                let root = Brent.root(in: min(a, tCap), max(a, tCap), tolerance: 1e-12) { g.value($0, batch: cap) - bound } ?? a
                return direction < 0 ? max(root, end) : min(root, end)
            }
            /// A piece [t1, t2] of the interval: nil when it is settled (nothing servable on it,
            /// or f = g_B on all of it and its minimum is taken), else the bound of f on it.
            func assess(_ t1: Double, _ t2: Double) -> (t1: Double, t2: Double, bound: Double)? {
                guard t1 < t2 else { return nil }
                if t2 - t1 <= 1e-12 * max(1, abs(t2)) {
                    // A sliver: its ends are the candidates.
                    for t in [t1, t2] where f(t, enforce) < bestValue { best = t; bestValue = f(t, enforce) }
                    return nil
                }
                let n1 = g.params(t1), n2 = g.params(t2)   // n1 ≥ n2
                let g1 = r.replicaGPUs(params: n1), g2 = r.replicaGPUs(params: n2)
                var batch = r.gpus == nil ? min(cap, max(1, (1 + r.memoryBytes / (r.context * r.kvBytesPerToken(params: n2))).rounded(.down))) : cap
                var small: RooflineServing.Decode?
                switch r.decode(params: n2, enforcingLimits: enforce) {
                case let .success(d): small = d
                case .failure(.memory): return nil   // a larger model fits no better
                case .failure: if g1 == g2 { return nil }   // nor, on the same replica, is it faster
                }
                // The largest batch on the piece: the smaller model's, when G is the same; else
                // at most 1 + memory/(T·kv) (what is left of G·memory after the weights is
                // less than one GPU plus one sequence), and the cap.
                if g1 == g2, let small { batch = Double(small.batch) }
                let tBound = g.minimum(batch: batch, in: t1, t2, start: t2)
                let bound = g.value(tBound, batch: batch)
                if g1 == g2, let small, case let .success(large) = r.decode(params: n1, enforcingLimits: enforce), large.batch == small.batch {
                    // One batch on the whole piece: f = g_B there.
                    if bound < bestValue { best = tBound; bestValue = bound }
                    return nil
                }
                return (t1, t2, bound)
            }
            // Best first: halve the piece with the lowest bound until no bound beats the best.
            var open: [(t1: Double, t2: Double, bound: Double)] = []
            if let whole = assess(edge(-1, lo), edge(1, hi)) { open.append(whole) }
            var visits = 0
            while !open.isEmpty, visits < 100_000 {
                visits += 1
                var i = 0
                for j in open.indices where open[j].bound < open[i].bound { i = j }
                let piece = open.swapRemoveAt(i)
                if piece.bound >= bestValue - 1e-13 * abs(bestValue) { break }
                let m = 0.5 * (piece.t1 + piece.t2)
                if let left = assess(piece.t1, m) { open.append(left) }
                if let right = assess(m, piece.t2) { open.append(right) }
            }
            return best
        }

        guard let t = search(enforce: true, lo: lower, hi: upper) else {
            throw unservable(curve, lower: lower, upper: min(upper, last), params: g.params)
        }
        var binding: [ConstraintKind] = []
        // What binds: the interval constraints, if the optimum without them lies outside their
        // interval; the serving limits, if the optimum without them costs less.
        let limited = costModel.roofline.map { $0.maxSecondsPerToken != nil || $0.maxGPUs != nil || $0.gpus != nil || $0.batch != nil } ?? false
        if lower.isFinite || upper.isFinite, let free = search(enforce: true, lo: -.infinity, hi: .infinity) {
            if free < lower - 1e-9, let kind = lowerKind { binding.append(kind) }
            if free > upper + 1e-9, let kind = upperKind { binding.append(kind) }
        }
        if limited, let free = search(enforce: false, lo: lower, hi: upper), f(free, false) < f(t, true) * (1 - 1e-12) {
            // The limits raised the cost: the unlimited optimum breaks one, or the latency limit
            // shrank its batch (the only limit that changes a servable model's decode).
            switch costModel.roofline!.decode(params: g.params(free)) {
            case let .failure(why): binding.append(why.kind)
            case .success: binding.append(.latency)
            }
        }
        return (t, binding)
    }

    /// The error when no model of the curve (within the constraints) can be served.
    private func unservable(_ curve: IsoLossCurve, lower: Double, upper: Double, params: (Double) -> Double) -> PlanningError {
        // The smallest model allowed is the easiest to serve: say why even it cannot be.
        let t = upper.isFinite ? upper : curve.chinchillaT + 40
        let n = params(t)
        guard case let .failure(why) = costModel.roofline!.decode(params: n) else {
            return .noSolution("no model of loss \(fmt(curve.loss)) could be served within the limits")
        }
        let r = costModel.roofline!
        switch why {
        case let .memory(need, limit):
            return .outsideLimit(r.replicaLimit(needGPUs: need), "contradictory constraints: no model of loss \(fmt(curve.loss)) fits a replica of \(limit) GPUs: even the smallest, \(fmt(n)) parameters, needs \(need) GPUs for its weights and one sequence's KV cache (\(need - limit) more)")
        case let .latency(ms, limitMs):
            return .outsideLimit(.latency, "contradictory constraints: no model of loss \(fmt(curve.loss)) decodes within \(fmt(limitMs)) ms per token: even the smallest, \(fmt(n)) parameters, takes \(fmt(ms)) ms one sequence at a time (\(fmt(ms - limitMs)) ms over)")
        case let .batch(asked, fits):
            return .outsideLimit(.fixedBatch, "contradictory constraints: a batch of \(asked) fits no replica serving loss \(fmt(curve.loss)): the smallest model's replica holds \(fits)")
        }
    }
}

extension Array {
    /// Removes and returns the element at `i`, moving the last element into its place.
    mutating func swapRemoveAt(_ i: Int) -> Element {
        swapAt(i, count - 1)
        return removeLast()
    }
}
