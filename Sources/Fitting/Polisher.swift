import Foundation
import LinearAlgebra

/// Full-parameter polish of a robust objective from a starting point, in two phases:
///
/// 1. Iteratively reweighted Levenberg–Marquardt. Each step minimises Huber's quadratic
///    majoriser Σ wᵢ ψ(rᵢ)/rᵢ · (rᵢ + ∇rᵢ·Δ)² plus a Marquardt damping term, so every
///    accepted step lowers F (Huber 1981, §7.8; Holland & Welsch 1977). Robust far away.
/// 2. Damped Newton on the exact Hessian (including the ψ·∇²r curvature terms, which carry
///    most of the curvature when nearly all residuals sit on Huber's linear branch), with
///    backtracking. Fast and precise near the optimum.
///
/// Stopping rules are relative to F itself, never to max(|F|, 1): with Huber δ = 10⁻³ the
/// optimum is F ≈ 10⁻³, and an absolute 10⁻⁹ stop is what ended Hoffmann et al.'s optimiser
/// early (Besiroglu et al. 2024, §3).
struct Polisher {
    var maxMajorizerIterations = 400
    var maxNewtonIterations = 100
    /// Relative decrease of F below which a step counts as no progress.
    var relativeTolerance = 1e-15
    /// Relative decrease per majoriser step below which Newton takes over: the majoriser
    /// converges only linearly, Newton quadratically once the basin is reached.
    var handoverTolerance = 1e-4
    /// Stop when max |∂F/∂θ| ≤ gradientTolerance · F (F > 0) or ≤ gradientTolerance (F = 0).
    var gradientTolerance = 1e-13
    /// Told the count of Newton steps taken so far, after each (progress on a large sweep).
    var onNewtonStep: (@Sendable (Int) -> Void)? = nil
    /// Whether the Newton line search sums ∇F with F at each trial point (a large sweep's
    /// finish). Costlier per trial, but at the accepted point the gradient is then known, and
    /// the step it asks for can be tried on the last step's Hessian before a pass computes a
    /// new one: when that step promises less than half the decrease that stops the polish, it
    /// stops there. Newton's convergence is quadratic, so the promised decrease falls from
    /// ~10⁻⁸·F to ~10⁻¹⁷·F in one step while the Hessian moves by ~10⁻⁴ relative: the pass
    /// that only confirmed convergence is saved, and the point where the polish stops is the
    /// same.
    var gradientInLineSearch = false
    /// With `gradientInLineSearch`: each trial's pass sums ∇²F too, so the accepted point's
    /// Newton step needs no pass of its own. Near the optimum the first trial (t = 1) is
    /// accepted, so each step costs one pass instead of two (a Hessian pass at the point, F and
    /// ∇F at the trial), and the steps are the same numbers. On the million runs the last step's
    /// Hessian at the next point never promised little enough to stop there (6·10⁻⁹·F; a step
    /// on it left 2·10⁻¹²·F), so every step took a Hessian pass anyway.
    var hessianInLineSearch = false

    struct Outcome {
        var theta: [Double]
        var value: Double
        var convergence: Convergence
        /// A finish's (`gradientInLineSearch`) last pass, of F and ∇F at `theta`: its residuals
        /// and Gauss–Newton matrix serve the curvature.
        var lastPass: ObjectiveEvaluation? = nil
    }

    /// Polishes `problem` from `start`, keeping x within [lower, upper] componentwise (empty:
    /// unbounded). Bounds are handled by projection (Bertsekas 1982): a variable on a bound
    /// whose gradient pushes outward is held for the step, the rest take the (reduced)
    /// Levenberg–Marquardt or Newton step, and the candidate is clamped into the box. With no
    /// bound touched this is exactly the unbounded method.
    func polish<Problem: PolishObjective>(_ data: Problem, objective: FitObjective, from start: [Double],
                                          lower: [Double] = [], upper: [Double] = []) -> Outcome {
        let p = data.parameterCount
        let box = Box(lower: lower.isEmpty ? Array(repeating: -.infinity, count: p) : lower,
                      upper: upper.isEmpty ? Array(repeating: .infinity, count: p) : upper)
        var e = data.makeEvaluation()
        var scratch = data.makeEvaluation()
        var theta = box.clamp(start)
        // Without the majoriser's phase (a Newton finish) the first Newton step evaluates F and
        // its derivatives itself, and checks F there.
        var f = Double.nan
        if maxMajorizerIterations > 0 {
            data.evaluate(theta, objective: objective, need: .gradient, into: &e)
            f = e.value
            guard f.isFinite else { return Self.failure(theta, f) }
        }
        var iterations = 0

        // Phase 1: majorise–minimise with Marquardt damping.
        var lambda = 1e-3
        var stalls = 0
        while iterations < maxMajorizerIterations && stalls < 2 {
            iterations += 1
            let free = box.freeVariables(theta, gradient: e.gradient)
            if free.isEmpty { break }
            var a = e.majorizer
            for j in 0..<p { a[j * p + j] += lambda * max(a[j * p + j], 1e-12) }
            guard let step = Self.solveReduced(a, e.gradient, free: free, p: p) else {
                lambda *= 10
                if lambda > 1e12 { break }
                continue
            }
            let candidate = box.clamp(zip(theta, step).map { $0 + $1 })
            let fNew = data.value(candidate, objective: objective, scratch: &scratch)
            if fNew.isFinite && fNew < f {
                stalls = (f - fNew) <= handoverTolerance * f ? stalls + 1 : 0
                theta = candidate
                f = fNew
                lambda = max(lambda / 3, 1e-12)
                data.evaluate(theta, objective: objective, need: .gradient, into: &e)
            } else {
                lambda *= 4
                if lambda > 1e12 { break }
            }
        }

        // Phase 2: damped Newton on the exact Hessian, with backtracking.
        var reason = Convergence.Reason.iterationLimit
        // Whether `e` holds F and ∇F at θ already (the line search's accepted trial), and the
        // undamped Hessian and free variables of the step that led there.
        var gradientKnown = false
        var lastStep: (hessian: [Double], free: [Int])? = nil
        // Whether `e` holds ∇²F at θ already (the line search's accepted trial).
        var hessianKnown = false
        for _ in 0..<maxNewtonIterations {
            if gradientKnown {
                let free = box.freeVariables(theta, gradient: e.gradient)
                let gmax = free.reduce(0) { max($0, abs(e.gradient[$1])) }
                if gmax <= gradientTolerance * max(e.value, 1e-300) { reason = .gradient; break }
                if let last = lastStep, last.free == free,
                   let step = Self.solveReduced(last.hessian, e.gradient, free: free, p: p) {
                    let promised = -0.5 * zip(e.gradient, step).reduce(0) { $0 + $1.0 * $1.1 }
                    if promised >= 0 && promised <= 0.5 * relativeTolerance * f {
                        iterations += 1
                        reason = .noFurtherDecrease
                        break
                    }
                }
            }
            if !hessianKnown { data.evaluate(theta, objective: objective, need: .hessian, into: &e) }
            hessianKnown = false
            gradientKnown = false
            if maxMajorizerIterations == 0 && iterations == 0 && !e.value.isFinite { return Self.failure(theta, e.value) }
            f = e.value
            let free = box.freeVariables(theta, gradient: e.gradient)
            let gmax = free.reduce(0) { max($0, abs(e.gradient[$1])) }
            if gmax <= gradientTolerance * max(f, 1e-300) { reason = .gradient; break }
            iterations += 1
            guard let (candidate, fNew, damped) = newtonStep(e, theta: theta, f: f, free: free, box: box, data: data,
                                                             objective: objective, scratch: &scratch) else {
                reason = .noFurtherDecrease
                break
            }
            let progress = f - fNew
            theta = candidate
            f = fNew
            if gradientInLineSearch {
                swap(&e, &scratch)
                if hessianInLineSearch {
                    hessianKnown = true
                } else {
                    lastStep = damped ? nil : (scratch.hessian, free)
                    gradientKnown = true
                }
            }
            onNewtonStep?(iterations)
            if progress <= relativeTolerance * f {
                reason = .noFurtherDecrease
                if !gradientKnown && !hessianKnown { data.evaluate(theta, objective: objective, need: .gradient, into: &e) }
                break
            }
        }
        if reason == .iterationLimit && !gradientKnown && !hessianKnown {
            data.evaluate(theta, objective: objective, need: .gradient, into: &e)
        }
        let free = box.freeVariables(theta, gradient: e.gradient)
        let gmax = free.reduce(0) { max($0, abs(e.gradient[$1])) }
        return Outcome(theta: theta, value: e.value,
                       convergence: Convergence(reason: reason, iterations: iterations, gradientNorm: gmax),
                       lastPass: gradientInLineSearch ? e : nil)
    }

    /// The outcome of a start where F is not finite.
    private static func failure(_ theta: [Double], _ f: Double) -> Outcome {
        Outcome(theta: theta, value: f, convergence: Convergence(reason: .numericalFailure, iterations: 0, gradientNorm: .infinity))
    }

    /// The feasible box of a polish.
    struct Box {
        var lower: [Double]
        var upper: [Double]

        func clamp(_ x: [Double]) -> [Double] {
            x.indices.map { min(max(x[$0], lower[$0]), upper[$0]) }
        }

        /// Indices not held on a bound: a variable at its lower bound with ∂F/∂x > 0 (or at
        /// its upper bound with ∂F/∂x < 0) would leave the box by descending, so it is held.
        func freeVariables(_ x: [Double], gradient g: [Double]) -> [Int] {
            x.indices.filter { j in
                !((x[j] <= lower[j] && g[j] > 0) || (x[j] >= upper[j] && g[j] < 0))
            }
        }
    }

    /// Solves A·Δ = −g on the `free` indices (Δ = 0 elsewhere) by Cholesky.
    static func solveReduced(_ a: [Double], _ g: [Double], free: [Int], p: Int) -> [Double]? {
        if free.count == p {
            return try? solveSymmetricPositiveDefinite(Matrix(rows: p, columns: p, columnMajor: a), g.map { -$0 })
        }
        let f = free.count
        var reduced = [Double](repeating: 0, count: f * f)
        for (u, i) in free.enumerated() { for (v, j) in free.enumerated() { reduced[u * f + v] = a[i * p + j] } }
        guard let step = try? solveSymmetricPositiveDefinite(Matrix(rows: f, columns: f, columnMajor: reduced),
                                                             free.map { -g[$0] }) else { return nil }
        var full = [Double](repeating: 0, count: p)
        for (u, i) in free.enumerated() { full[i] = step[u] }
        return full
    }

    /// One Newton step (H + μI)Δ = −∇F on the free variables, raising μ until H + μI is
    /// positive definite and a backtracked (projected) step lowers F. Nil when no step lowers
    /// F: the point is optimal to working precision. Also says whether μ > 0 was needed.
    private func newtonStep<Problem: PolishObjective>(_ e: ObjectiveEvaluation, theta: [Double], f: Double, free: [Int],
                                                      box: Box, data: Problem, objective: FitObjective,
                                                      scratch: inout ObjectiveEvaluation) -> ([Double], Double, Bool)? {
        let p = theta.count
        guard !free.isEmpty else { return nil }
        var diagScale = 0.0
        for j in 0..<p { diagScale = max(diagScale, abs(e.hessian[j * p + j]) + abs(e.majorizer[j * p + j])) }
        var mu = 0.0
        for _ in 0..<6 {
            var h = e.hessian
            for j in 0..<p { h[j * p + j] += mu }
            if let step = Self.solveReduced(h, e.gradient, free: free, p: p) {
                // The quadratic model promises a decrease of −½∇Fᵀ·Δ; when that is below
                // working precision the point is already optimal, and no line search is needed.
                let promised = -0.5 * zip(e.gradient, step).reduce(0) { $0 + $1.0 * $1.1 }
                if promised <= relativeTolerance * f { return nil }
                var t = 1.0
                for _ in 0..<30 {
                    let candidate = box.clamp((0..<p).map { theta[$0] + t * step[$0] })
                    data.evaluate(candidate, objective: objective,
                                  need: gradientInLineSearch ? (hessianInLineSearch ? .hessian : .gradient) : .value, into: &scratch)
                    let fNew = scratch.value
                    if fNew.isFinite && fNew < f { return (candidate, fNew, mu > 0) }
                    t *= 0.5
                }
            }
            mu = mu == 0 ? 1e-12 * max(diagScale, 1e-300) : mu * 1000
        }
        return nil
    }
}
