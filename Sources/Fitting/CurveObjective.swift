import Foundation

/// A one-variable curve y = f(x; φ) with its gradient in φ: a downstream link (metric against
/// loss). Its objective is `CurveObjective`.
protocol CurveModel: Sendable {
    var parameterCount: Int { get }
    /// f(x; φ), writing ∇_φ f into `g` (at least `parameterCount` long).
    func value(_ phi: UnsafePointer<Double>, at x: Double, gradient g: UnsafeMutablePointer<Double>) -> Double
}

/// F(φ) = Σ wᵢ ρ(rᵢ) for a curve: rᵢ = f(xᵢ) − yᵢ on the metric itself (the default for links,
/// as Gadre et al. and Bhagia et al. fit by least squares), or log f(xᵢ) − log yᵢ. The
/// gradient and the majoriser are analytic; the Hessian is forward differences of the
/// analytic gradient (four parameters at most: four more passes).
///
/// `anchors` are known points (x, y) added to every evaluation with weight 1: not data, so a
/// bootstrap resample never leaves one out, and they have no residual in the diagnostics.
struct CurveObjective: PolishObjective {
    let model: any CurveModel
    let x: [Double]
    var anchors: [(x: Double, y: Double)] = []
    var loss: [Double]
    var logLoss: [Double]
    var weights: [Double]

    var parameterCount: Int { model.parameterCount }
    var count: Int { loss.count }

    func makeEvaluation() -> ObjectiveEvaluation { ObjectiveEvaluation(parameterCount: parameterCount, runs: count) }

    func evaluate(_ phi: [Double], objective: FitObjective, need: ObjectiveEvaluation.Need,
                  into e: inout ObjectiveEvaluation) {
        gradientPass(phi, objective: objective, majorizer: need != .value, into: &e)
        guard need == .hessian, e.value.isFinite else { return }
        DifferencedHessian.fill(&e, at: phi, scratch: makeEvaluation()) { x, scratch in
            gradientPass(x, objective: objective, majorizer: false, into: &scratch)
        }
    }

    private func gradientPass(_ phi: [Double], objective: FitObjective, majorizer: Bool, into e: inout ObjectiveEvaluation) {
        let p = parameterCount, rho = objective.loss, linear = objective.space == .linear
        var value = 0.0
        for j in 0..<p { e.gradient[j] = 0 }
        if majorizer { for j in 0..<(p * p) { e.majorizer[j] = 0 } }
        withUnsafeTemporaryAllocation(of: Double.self, capacity: max(8, parameterCount)) { gb in
            let g = gb.baseAddress!
            phi.withUnsafeBufferPointer { th in
                for i in 0..<(count + anchors.count) {
                    let (xi, yi) = i < count ? (x[i], loss[i]) : anchors[i - count]
                    let f = model.value(th.baseAddress!, at: xi, gradient: g)
                    let r: Double
                    if linear {
                        r = f - yi
                    } else {
                        guard f > 0, yi > 0 else { value = .infinity; return }
                        r = log(f) - log(yi)
                        for j in 0..<p { g[j] /= f }
                    }
                    if i < count { e.residuals[i] = r }
                    let w = i < count ? weights[i] : 1
                    if w == 0 { continue }
                    value += w * rho.rho(r)
                    let psi = w * rho.psi(r)
                    for j in 0..<p { e.gradient[j] += psi * g[j] }
                    if majorizer {
                        let omega = w * rho.majorizerWeight(r)
                        for u in 0..<p where g[u] != 0 { let du = omega * g[u]; for v in 0..<p { e.majorizer[u * p + v] += du * g[v] } }
                    }
                }
            }
        }
        e.value = value.isNaN ? .infinity : value
    }

    /// ∇ log f for every point (∇f/f; diagnostics scale it back by the prediction).
    func logPredictionGradients(_ phi: [Double]) -> [Double] {
        let p = parameterCount
        var out = [Double](repeating: 0, count: count * p)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: max(8, parameterCount)) { gb in
            phi.withUnsafeBufferPointer { th in
                for i in 0..<count {
                    let f = model.value(th.baseAddress!, at: x[i], gradient: gb.baseAddress!)
                    for j in 0..<p { out[i * p + j] = f != 0 ? gb[j] / f : 0 }
                }
            }
        }
        return out
    }
}
