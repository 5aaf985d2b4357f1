import Foundation

/// The data a fit sees, in the form the model needs: observations (log L or L) and a weight
/// per run (1, or a bootstrap resample's multiplicity).
struct FitData: Sendable {
    var model: LogSumExpModel
    var loss: [Double]
    var logLoss: [Double]
    var weights: [Double]
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
    /// Evaluates the objective at θ. Residuals are `prediction − observation`, in log or
    /// linear space; in linear space r = e^{log L̂} − L and the chain rule adds e^{log L̂}.
    ///
    /// The loop runs on raw buffers: it is the innermost loop of every fit and bootstrap, and
    /// array bounds and uniqueness checks would otherwise cost as much as the arithmetic.
    func evaluate(_ theta: [Double], objective: FitObjective,
                  need: ObjectiveEvaluation.Need, into e: inout ObjectiveEvaluation) {
        let p = model.parameterCount
        let n = count
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
            e.residuals.withUnsafeMutableBufferPointer { resB in
            e.gradient.withUnsafeMutableBufferPointer { gradB in
            e.majorizer.withUnsafeMutableBufferPointer { majB in
            e.hessian.withUnsafeMutableBufferPointer { hesB in
                let x = xb.baseAddress!, grad = gradB.baseAddress!, maj = majB.baseAddress!, hes = hesB.baseAddress!
                for j in 0..<p { grad[j] = 0 }
                if need != .value { for j in 0..<(p * p) { maj[j] = 0; hes[j] = 0 } }
                for i in 0..<n {
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
            }}}}}}}}}
        }
        e.value = value
    }

    /// ∇ log L̂ᵢ for every run (allocating; for diagnostics, not for optimisers).
    func logPredictionGradients(_ theta: [Double]) -> [[Double]] {
        let p = model.parameterCount
        var out: [[Double]] = []
        out.reserveCapacity(count)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 16) { scratch in
            let s = scratch.baseAddress!, g = s + 8
            theta.withUnsafeBufferPointer { th in
                model.x.withUnsafeBufferPointer { xb in
                    for i in 0..<count {
                        _ = model.logPrediction(th.baseAddress!, run: i, softmax: s, x: xb.baseAddress!)
                        model.gradient(th.baseAddress!, run: i, softmax: s, x: xb.baseAddress!, into: g)
                        out.append((0..<p).map { g[$0] })
                    }
                }
            }
        }
        return out
    }
}
