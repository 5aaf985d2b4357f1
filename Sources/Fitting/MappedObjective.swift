import Foundation

/// How a form's working parameters φ (natural names: logs of coefficients, exponents) become
/// the model's own θ. For the separable forms and the data-constrained law they are the same;
/// Kaplan's model is a log-sum-exp in (u, v, p, q), its working parameters (log N_c, log D_c,
/// α_N, α_D), so that each natural parameter can be fixed, tied or bounded on its own.
enum ModelMap: Sendable {
    case identity
    /// θ = (φ₀·φ₂/φ₃, φ₁, φ₂/φ₃, φ₃): u = p·log N_c, v = log D_c, p = α_N/α_D, q = α_D.
    case kaplan

    func theta(_ phi: [Double]) -> [Double] {
        switch self {
        case .identity: return phi
        case .kaplan: let p = phi[2] / phi[3]; return [phi[0] * p, phi[1], p, phi[3]]
        }
    }

    func working(_ theta: [Double]) -> [Double] {
        switch self {
        case .identity: return theta
        case .kaplan: return [theta[0] / theta[2], theta[1], theta[2] * theta[3], theta[3]]
        }
    }

    /// ∂θᵢ/∂φⱼ, row-major.
    func jacobian(_ phi: [Double]) -> [Double] {
        switch self {
        case .identity:
            let n = phi.count
            return (0..<(n * n)).map { $0 / n == $0 % n ? 1 : 0 }
        case .kaplan:
            let (a, g, q) = (phi[0], phi[2], phi[3])
            return [g / q, 0, a / q, -a * g / (q * q),
                    0, 1, 0, 0,
                    0, 0, 1 / q, -g / (q * q),
                    0, 0, 0, 1]
        }
    }

    /// Σᵢ gᵢ ∇²θᵢ(φ), row-major: the curvature the map adds to the Hessian in φ.
    func curvature(_ phi: [Double], gradient g: [Double]) -> [Double]? {
        switch self {
        case .identity: return nil
        case .kaplan:
            let (a, al, q) = (phi[0], phi[2], phi[3])
            var c = [Double](repeating: 0, count: 16)
            // θ₀ = a·α_N/q
            c[0 * 4 + 2] += g[0] / q; c[2 * 4 + 0] += g[0] / q
            c[0 * 4 + 3] -= g[0] * al / (q * q); c[3 * 4 + 0] -= g[0] * al / (q * q)
            c[2 * 4 + 3] -= g[0] * a / (q * q); c[3 * 4 + 2] -= g[0] * a / (q * q)
            c[3 * 4 + 3] += g[0] * 2 * a * al / (q * q * q)
            // θ₂ = α_N/q
            c[2 * 4 + 3] -= g[2] / (q * q); c[3 * 4 + 2] -= g[2] / (q * q)
            c[3 * 4 + 3] += g[2] * 2 * al / (q * q * q)
            return c
        }
    }
}

/// A base objective seen through a constrained fit's free variables z:
/// φ = S·z + c (`ParameterMap`: fixed and tied parameters), θ = m(φ) (`ModelMap`), and
///
///     ∇_z F = Jᵀ ∇_θ F,   ∇²_z F = Jᵀ ∇²_θ F J + Sᵀ (Σᵢ ∂F/∂θᵢ ∇²_φ θᵢ) S,   J = ∂θ/∂φ · S,
///
/// the majoriser transforming like the Gauss–Newton part. With nothing fixed or tied and an
/// identity model map, z is θ and the base is evaluated directly.
struct MappedObjective: PolishObjective {
    var base: any PolishObjective
    let map: ParameterMap
    let modelMap: ModelMap

    var passThrough: Bool { map.isIdentity && { if case .identity = modelMap { return true } else { return false } }() }

    var parameterCount: Int { map.freeCount }
    var count: Int { base.count }
    var loss: [Double] { base.loss }
    var weights: [Double] {
        get { base.weights }
        set { base.weights = newValue }
    }

    func makeEvaluation() -> ObjectiveEvaluation {
        passThrough ? base.makeEvaluation()
            : ObjectiveEvaluation(parameterCount: map.freeCount, runs: base.count, inner: base.makeEvaluation())
    }

    /// θ at z.
    func theta(_ z: [Double]) -> [Double] { modelMap.theta(map.working(z)) }

    /// J = ∂θ/∂z, row-major p_θ × m.
    private func jacobian(_ phi: [Double]) -> [Double] {
        let p = phi.count, m = map.freeCount
        let model = modelMap.jacobian(phi)
        var j = [Double](repeating: 0, count: p * m)
        for c in 0..<p {
            guard let k = map.freeIndex(c) else { continue }
            for r in 0..<p { j[r * m + k] += model[r * p + c] }
        }
        return j
    }

    func evaluate(_ z: [Double], objective: FitObjective, need: ObjectiveEvaluation.Need,
                  into e: inout ObjectiveEvaluation) {
        if passThrough { base.evaluate(z, objective: objective, need: need, into: &e); return }
        let phi = map.working(z)
        let inner = e.inner!
        base.evaluate(modelMap.theta(phi), objective: objective, need: need, into: &inner.e)
        e.value = inner.e.value
        e.residuals = inner.e.residuals
        guard need != .value else { return }
        let p = phi.count, m = map.freeCount
        let j = jacobian(phi)
        let g = inner.e.gradient
        for k in 0..<m { var s = 0.0; for r in 0..<p { s += j[r * m + k] * g[r] }; e.gradient[k] = s }
        func project(_ a: [Double], into out: inout [Double]) {
            // Jᵀ A J
            for k in 0..<m {
                for l in 0..<m {
                    var s = 0.0
                    for r in 0..<p where j[r * m + k] != 0 {
                        var t = 0.0
                        for c in 0..<p { t += a[r * p + c] * j[c * m + l] }
                        s += j[r * m + k] * t
                    }
                    out[k * m + l] = s
                }
            }
        }
        project(inner.e.majorizer, into: &e.majorizer)
        guard need == .hessian else { return }
        project(inner.e.hessian, into: &e.hessian)
        if let c = modelMap.curvature(phi, gradient: g) {
            for a in 0..<p {
                guard let k = map.freeIndex(a) else { continue }
                for b in 0..<p {
                    guard let l = map.freeIndex(b) else { continue }
                    e.hessian[k * m + l] += c[a * p + b]
                }
            }
        }
    }

    func logPredictionGradients(_ z: [Double]) -> [Double] {
        logPredictionGradients(z, runs: 0..<base.count)
    }

    func logPredictionGradients(_ z: [Double], runs: Range<Int>) -> [Double] {
        let phi = map.working(z)
        let rows = base.logPredictionGradients(modelMap.theta(phi), runs: runs)
        if passThrough { return rows }
        let p = phi.count, m = map.freeCount, n = runs.count
        let j = jacobian(phi)
        var out = [Double](repeating: 0, count: n * m)
        for i in 0..<n {
            for k in 0..<m {
                var s = 0.0
                for r in 0..<p { s += j[r * m + k] * rows[i * p + r] }
                out[i * m + k] = s
            }
        }
        return out
    }
}
