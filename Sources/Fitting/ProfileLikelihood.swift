import Foundation

/// Profile-likelihood intervals for the half-lives of a data-constrained fit.
///
/// A half-life's curvature standard error says little: its profile is flat on one side (to
/// ∞, "no decay") and steep on the other. Instead, for each value R the others are refitted
/// with R held, and the interval is where the robust likelihood-ratio statistic
///
///     Λ(R) = 2·(F(R) − F̂)·E ψ′ / E ψ²
///
/// stays below the χ²₁ quantile at the confidence level (Schrader & Hettmansperger 1980, the
/// M-estimation analogue of Wilks' test; for squared loss it is 2ΔF/σ̂²). E ψ′ is estimated as
/// for the curvature errors (`AsymptoticCovariance`), E ψ² = Σ wψ²/(n − p). The interval's
/// high end is ∞ when even R = ∞ is not rejected: the data do not pin the half-life down.
struct ProfileLikelihood {
    var fit: LawFit
    var result: FitResult

    func addHalfLifeIntervals(to result: inout FitResult) throws {
        let map = try fit.parameterMap()
        for name in ["R_D", "R_N"] {
            guard let index = fit.form.parameterNames.firstIndex(of: name), map.freeIndex(index) != nil,
                  !map.tiedGroups.contains(where: { $0.contains(name) }) else { continue }
            if let interval = try interval(for: name, index: index) {
                result.profileIntervals[name] = interval
            }
        }
    }

    /// The profile interval of one half-life, or nil when the profile cannot be computed.
    private func interval(for name: String, index: Int) throws -> Interval? {
        let options = fit.options
        let best = result.objectiveValue
        guard let estimate = result.parameters[name] else { return nil }
        // The statistic's scale from the optimum's residuals.
        let map = try fit.parameterMap()
        let base = fit.data()
        var e = base.makeEvaluation()
        let phiHat = fit.form.specs.map { spec -> Double in spec.scale.working(result.parameters[spec.name]!) }
        base.evaluate(fit.form.modelMap.theta(phiHat), objective: options.objective, need: .value, into: &e)
        let residuals = e.residuals
        var psi2 = 0.0
        for r in residuals { let s = options.objective.loss.psi(r); psi2 += s * s }
        let meanPsi2 = psi2 / max(1, Double(residuals.count - map.freeCount))
        let slope = AsymptoticCovariance.expectedSlope(options.objective.loss, residuals: residuals,
                                                      weights: residuals.map { _ in 1 })
        let scale = slope / meanPsi2
        let threshold = Statistics.chiSquaredOneQuantile(options.confidence)

        var start = phiHat
        /// Λ at half-life R (∞ allowed), warm-started from the last profile point.
        func statistic(_ r: Double) -> Double {
            var constraints = options.constraints
            constraints.fixed[name] = r
            guard let held = try? ParameterMap(specs: fit.form.specs, constraints: constraints, form: "data-constrained") else { return .infinity }
            let problem = MappedObjective(base: base, map: held, modelMap: fit.form.modelMap)
            var phi = start
            phi[index] = ParameterScale.halfLife.working(r)
            let polished = Polisher().polish(problem, objective: options.objective, from: held.free(phi),
                                             lower: held.lower, upper: held.upper)
            guard polished.value.isFinite else { return .infinity }
            start = held.working(polished.theta)
            return 2 * scale * max(0, polished.value - best)
        }
        /// The R where Λ crosses the threshold between `inside` (accepted) and `outside`, by
        /// bisection on log R.
        func crossing(_ inside: Double, _ outside: Double) -> Double {
            var a = log(inside), b = log(outside)
            for _ in 0..<10 {
                let mid = 0.5 * (a + b)
                if statistic(exp(mid)) <= threshold { a = mid } else { b = mid }
            }
            return exp(0.5 * (a + b))
        }
        // The profile stays within the user's bound on the half-life, if any.
        let bound = options.constraints.bounds[name]
        let floor = max(0.05, bound?.low ?? 0), ceiling = min(1e4, bound?.high ?? .infinity)
        let unbounded = (bound?.high ?? .infinity) == .infinity
        let centre = estimate.isFinite ? min(estimate, ceiling) : ceiling
        // Down from the estimate.
        start = phiHat
        var low = floor
        var r = centre
        while r > floor {
            let next = max(floor, r / 2)
            if statistic(next) > threshold { low = crossing(r, next); break }
            r = next
        }
        // Up from the estimate, then ∞ itself.
        start = phiHat
        var high = Double.infinity
        if estimate.isFinite {
            r = centre
            var crossed = false
            while r < ceiling {
                let next = min(ceiling, r * 2)
                if statistic(next) > threshold { high = crossing(r, next); crossed = true; break }
                r = next
            }
            if !crossed && (!unbounded || statistic(.infinity) > threshold) { high = ceiling }
        }
        return Interval(low, high)
    }
}
