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

    enum Need { case value, gradient, hessian }

    init(parameterCount p: Int, runs n: Int) {
        gradient = [Double](repeating: 0, count: p)
        majorizer = [Double](repeating: 0, count: p * p)
        hessian = [Double](repeating: 0, count: p * p)
        residuals = [Double](repeating: 0, count: n)
    }
}

extension FitData {
    /// Evaluates the objective at θ. Residuals are `prediction − observation`, in log or
    /// linear space; in linear space r = e^{log L̂} − L and the chain rule adds e^{log L̂}.
    func evaluate(_ theta: [Double], objective: FitObjective,
                  need: ObjectiveEvaluation.Need, into e: inout ObjectiveEvaluation) {
        let p = model.parameterCount
        e.value = 0
        for j in 0..<p { e.gradient[j] = 0 }
        if need != .value {
            for j in 0..<(p * p) { e.majorizer[j] = 0; e.hessian[j] = 0 }
        }
        var s = [Double](repeating: 0, count: model.terms.count)
        var g = [Double](repeating: 0, count: p)
        var dr = [Double](repeating: 0, count: p)
        let rho = objective.loss
        for i in 0..<count {
            let w = weights[i]
            let logPred = model.logPrediction(theta, run: i, softmax: &s)
            let r: Double
            var scale = 1.0
            switch objective.space {
            case .log: r = logPred - logLoss[i]
            case .linear: scale = exp(logPred); r = scale - loss[i]
            }
            e.residuals[i] = r
            if w == 0 { continue }
            e.value += w * rho.rho(r)
            if need == .value { continue }
            model.accumulateGradient(run: i, softmax: s, into: &g)
            for j in 0..<p { dr[j] = scale * g[j] }
            let psi = rho.psi(r)
            let omega = w * rho.majorizerWeight(r)
            for j in 0..<p { e.gradient[j] += w * psi * dr[j] }
            for u in 0..<p where dr[u] != 0 {
                let du = dr[u]
                for v in 0..<p { e.majorizer[u * p + v] += omega * du * dr[v] }
            }
            if need == .hessian {
                let c = w * rho.curvature(r)
                if c != 0 {
                    for u in 0..<p { for v in 0..<p { e.hessian[u * p + v] += c * dr[u] * dr[v] } }
                }
                // ψ·∇²r: in log space ∇²r = ∇²log L̂; in linear space e^{log L̂}(ggᵀ + ∇²log L̂).
                let factor = w * psi * scale
                if factor != 0 {
                    model.accumulateHessian(run: i, softmax: s, gradient: g, weight: factor, into: &e.hessian)
                    if objective.space == .linear {
                        for u in 0..<p { for v in 0..<p { e.hessian[u * p + v] += factor * g[u] * g[v] } }
                    }
                }
            }
        }
    }

    /// The objective's value alone.
    func value(_ theta: [Double], objective: FitObjective, scratch e: inout ObjectiveEvaluation) -> Double {
        evaluate(theta, objective: objective, need: .value, into: &e)
        return e.value
    }
}
