import Foundation

/// The data a fit sees, in the form the model needs: observations (log L or L) and a weight
/// per run (1, or a bootstrap resample's multiplicity).
struct FitData: Sendable {
    var model: LogSumExpModel
    var loss: [Double]
    var logLoss: [Double]
    var weights: [Double]
    /// Whether these runs are evaluated as a large sweep's (split across cores, Chinchilla by its
    /// own loop) though fewer than `parallelThreshold`: the seeding subset of a large sweep,
    /// whose optimum only starts the finish on every run.
    var asLargeSweep = false
    var count: Int { loss.count }
}

/// F(θ) = Σ wᵢ ρ(rᵢ) and the derivatives an optimiser asks for, in one pass over the runs.
struct ObjectiveEvaluation {
    var value = 0.0
    /// ∇F = Σ wᵢ ψ(rᵢ) ∇rᵢ.
    var gradient: [Double]
    /// Σ wᵢ (ψ(rᵢ)/rᵢ) ∇rᵢ ∇rᵢᵀ: the Gauss–Newton matrix of Huber's majoriser (row-major p×p).
    var majorizer: [Double]
    /// ∇²F = Σ wᵢ (ρ″(rᵢ) ∇rᵢ∇rᵢᵀ + ψ(rᵢ) ∇²rᵢ) (row-major p×p), when asked for.
    var hessian: [Double]
    var residuals: [Double]
    /// Σ wᵢ ∇rᵢ∇rᵢᵀ (row-major p×p), the Gauss–Newton matrix of squared loss, which the
    /// curvature needs at the optimum: summed with ∇F by the Chinchilla loop of a large sweep
    /// (so the finish's last pass serves the curvature too); empty when not summed.
    var gaussNewton: [Double] = []
    /// The wrapped objective's scratch, for an objective that maps its variables onto
    /// another's (`MappedObjective`).
    var inner: InnerEvaluation?
    /// The scratch of each part of a sum of objectives (`JointObjective`).
    var parts: [InnerEvaluation] = []

    enum Need { case value, gradient, hessian }

    init(parameterCount p: Int, runs n: Int, inner: ObjectiveEvaluation? = nil) {
        self.inner = inner.map(InnerEvaluation.init)
        gradient = [Double](repeating: 0, count: p)
        majorizer = [Double](repeating: 0, count: p * p)
        hessian = [Double](repeating: 0, count: p * p)
        residuals = [Double](repeating: 0, count: n)
    }
}

extension FitData {
    /// Runs above which the evaluation is split across cores (below it, one thread: the same
    /// summation order, so small fits are bit-for-bit what they were).
    static let parallelThreshold = 50_000

    /// Evaluates the objective at θ. Residuals are `prediction − observation`, in log or
    /// linear space; in linear space r = e^{log L̂} − L and the chain rule adds e^{log L̂}.
    /// Large sweeps are evaluated in one chunk of runs per core, each with its own sums, added
    /// in chunk order (so a result does not depend on thread timing).
    func evaluate(_ theta: [Double], objective: FitObjective,
                  need: ObjectiveEvaluation.Need, into e: inout ObjectiveEvaluation) {
        let p = model.parameterCount, n = count
        let workers = n >= Self.parallelThreshold || asLargeSweep ? max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8)) : 1
        if !e.gaussNewton.isEmpty { e.gaussNewton = [] }
        if workers == 1 {
            e.value = e.residuals.withUnsafeMutableBufferPointer { res in
                e.gradient.withUnsafeMutableBufferPointer { grad in
                    e.majorizer.withUnsafeMutableBufferPointer { maj in
                        e.hessian.withUnsafeMutableBufferPointer { hes in
                            accumulate(0..<n, theta, objective, need, Sums(residuals: res.baseAddress!, gradient: grad.baseAddress!,
                                                                            majorizer: maj.baseAddress!, hessian: hes.baseAddress!))
                        }
                    }
                }
            }
            return
        }
        // One block of sums per chunk: value, gradient (p), majoriser (p²), Hessian (p²), and
        // the Gauss–Newton matrix (p²) of the Chinchilla loop.
        let block = 1 + p + 3 * p * p
        var partial = [Double](repeating: 0, count: workers * block)
        let chunk = (n + workers - 1) / workers
        // Chinchilla on log L has a loop of its own (`ChinchillaKernel.swift`).
        let delta = isChinchilla ? Self.kernelDelta(objective) : nil
        e.residuals.withUnsafeMutableBufferPointer { res in
            partial.withUnsafeMutableBufferPointer { part in
                let shared = SharedBuffers(residuals: res.baseAddress!, partial: part.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    let sums = shared.partial + w * block
                    let range = (w * chunk)..<min(n, (w + 1) * chunk)
                    let out = Sums(residuals: shared.residuals, gradient: sums + 1, majorizer: sums + 1 + p,
                                   hessian: sums + 1 + p + p * p, gaussNewton: sums + 1 + p + 2 * p * p)
                    if let delta {
                        sums[0] = accumulateChinchilla(range, theta, delta: delta, need, out)
                    } else {
                        sums[0] = accumulate(range, theta, objective, need, out)
                    }
                }
            }
        }
        e.value = 0
        for j in 0..<p { e.gradient[j] = 0 }
        if need != .value { for j in 0..<(p * p) { e.majorizer[j] = 0; e.hessian[j] = 0 } }
        for w in 0..<workers {
            let base = w * block
            e.value += partial[base]
            guard need != .value else { continue }
            for j in 0..<p { e.gradient[j] += partial[base + 1 + j] }
            for j in 0..<(p * p) {
                e.majorizer[j] += partial[base + 1 + p + j]
                e.hessian[j] += partial[base + 1 + p + p * p + j]
            }
        }
        if delta != nil && need != .value {
            var sum = [Double](repeating: 0, count: p * p)
            for w in 0..<workers { for j in 0..<(p * p) { sum[j] += partial[w * block + 1 + p + 2 * p * p + j] } }
            e.gaussNewton = sum
        }
    }

    /// Where one chunk's results go: residuals at the runs' own indices, sums of its own.
    struct Sums {
        var residuals: UnsafeMutablePointer<Double>
        var gradient: UnsafeMutablePointer<Double>
        var majorizer: UnsafeMutablePointer<Double>
        var hessian: UnsafeMutablePointer<Double>
        /// Where the Chinchilla loop puts Σ wᵢ ∇rᵢ∇rᵢᵀ with ∇F (nil: not summed).
        var gaussNewton: UnsafeMutablePointer<Double>? = nil
    }

    /// Buffers the chunks write to at disjoint places (each chunk its own runs and block).
    private struct SharedBuffers: @unchecked Sendable {
        let residuals: UnsafeMutablePointer<Double>
        let partial: UnsafeMutablePointer<Double>
    }

    /// F over `range` of runs, writing their residuals and (as `need` asks) the sums of ∇F, the
    /// majoriser and ∇²F into `out`, which it zeroes first.
    ///
    /// The loop runs on raw buffers: it is the innermost loop of every fit and bootstrap, and
    /// array bounds and uniqueness checks would otherwise cost as much as the arithmetic.
    private func accumulate(_ range: Range<Int>, _ theta: [Double], _ objective: FitObjective,
                            _ need: ObjectiveEvaluation.Need, _ out: Sums) -> Double {
        let p = model.parameterCount
        let rho = objective.loss
        let linear = objective.space == .linear
        var value = 0.0
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 4 * 8) { scratch in
            let s = scratch.baseAddress!, g = s + 8, dr = s + 16, work = s + 24
            theta.withUnsafeBufferPointer { th in
            model.x.withUnsafeBufferPointer { xb in
            loss.withUnsafeBufferPointer { lossB in
            logLoss.withUnsafeBufferPointer { logB in
            weights.withUnsafeBufferPointer { wB in
                let x = xb.baseAddress!, grad = out.gradient, maj = out.majorizer, hes = out.hessian, resB = out.residuals
                for j in 0..<p { grad[j] = 0 }
                if need != .value { for j in 0..<(p * p) { maj[j] = 0; hes[j] = 0 } }
                for i in range {
                    let w = wB[i]
                    let logPred = model.logPrediction(th.baseAddress!, run: i, softmax: s, x: x)
                    var scale = 1.0
                    let r: Double
                    if linear { scale = exp(logPred); r = scale - lossB[i] } else { r = logPred - logB[i] }
                    resB[i] = r
                    if w == 0 { continue }
                    value += w * rho.rho(r)
                    if need == .value { continue }
                    model.gradient(th.baseAddress!, run: i, softmax: s, x: x, into: g)
                    for j in 0..<p { dr[j] = scale * g[j] }
                    let psi = rho.psi(r)
                    let omega = w * rho.majorizerWeight(r)
                    for j in 0..<p { grad[j] += w * psi * dr[j] }
                    for u in 0..<p where dr[u] != 0 {
                        let du = omega * dr[u]
                        for v in 0..<p { maj[u * p + v] += du * dr[v] }
                    }
                    guard need == .hessian else { continue }
                    let c = w * rho.curvature(r)
                    if c != 0 {
                        for u in 0..<p { let cu = c * dr[u]; for v in 0..<p { hes[u * p + v] += cu * dr[v] } }
                    }
                    // ψ·∇²r: in log space ∇²r = ∇²log L̂; in linear space e^{log L̂}(ggᵀ + ∇²log L̂).
                    let factor = w * psi * scale
                    if factor != 0 {
                        model.addHessian(th.baseAddress!, run: i, softmax: s, gradient: g, weight: factor, x: x, work: work, into: hes)
                        if linear {
                            for u in 0..<p { let fu = factor * g[u]; for v in 0..<p { hes[u * p + v] += fu * g[v] } }
                        }
                    }
                }
            }}}}}
        }
        return value
    }

    /// ∇ log L̂ᵢ for every run, row-major n × p (one allocation; for diagnostics).
    func logPredictionGradients(_ theta: [Double]) -> [Double] {
        logPredictionGradients(theta, runs: 0..<count)
    }

    /// ∇ log L̂ᵢ for the runs in `runs`, row-major.
    func logPredictionGradients(_ theta: [Double], runs: Range<Int>) -> [Double] {
        // A large sweep's Chinchilla law by its own loop (the same numbers to rounding).
        if count >= Self.parallelThreshold && isChinchilla { return chinchillaGradients(theta, runs: runs) }
        let p = model.parameterCount
        var out = [Double](repeating: 0, count: runs.count * p)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 16) { scratch in
            let s = scratch.baseAddress!, g = s + 8
            theta.withUnsafeBufferPointer { th in
                model.x.withUnsafeBufferPointer { xb in
                    out.withUnsafeMutableBufferPointer { o in
                        for (k, i) in runs.enumerated() {
                            _ = model.logPrediction(th.baseAddress!, run: i, softmax: s, x: xb.baseAddress!)
                            model.gradient(th.baseAddress!, run: i, softmax: s, x: xb.baseAddress!, into: g)
                            for j in 0..<p { o[k * p + j] = g[j] }
                        }
                    }
                }
            }
        }
        return out
    }
}
