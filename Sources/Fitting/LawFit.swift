import Foundation
import LinearAlgebra
import ScalingLaws

/// The pipeline every parametric form goes through: global search, curvature, bootstrap,
/// diagnostics.
struct LawFit {
    var form: any LawParametrisation
    var lawForm: LawForm
    var displayOrder: [String]
    var runs: [Run]
    var options: FitOptions
    /// The runs' L and log L, when the caller has them already (else read from `runs`).
    var observations: (loss: [Double], logLoss: [Double])? = nil

    /// The free variables of this fit: the form's parameters less those `options.constraints`
    /// fixes or ties, within its bounds.
    func parameterMap() throws -> ParameterMap {
        try ParameterMap(specs: form.specs, constraints: options.constraints, form: lawForm.rawValue)
    }

    /// The objective over the form's θ, with per-run `weights` (1 by default).
    func data(weights: [Double]? = nil) -> any PolishObjective {
        let loss = observations?.loss ?? runs.map(\.loss)
        return form.baseObjective(loss: loss, logLoss: observations?.logLoss ?? loss.concurrentMap { log($0) },
                           weights: weights ?? [Double](repeating: 1, count: runs.count))
    }

    func search(_ map: ParameterMap) -> GlobalSearch {
        GlobalSearch(form: form, map: map, gridSize: options.gridSize, runs: runs.count)
    }

    /// Each bootstrap resample searches a coarser grid (at most 25 points per axis) and is
    /// also polished from the full-data optimum: the grid guards against a resample whose
    /// optimum moved to another basin, the warm start makes the common case exact and fast.
    func resampleSearch(_ map: ParameterMap) -> GlobalSearch {
        GlobalSearch(form: form, map: map, gridSize: min(options.gridSize, 25), runs: runs.count)
    }

    func run(progress: FitProgress?) throws -> FitResult {
        let map = try parameterMap()
        let base = self.data()
        let search = self.search(map)
        let data = search.problem(base)
        guard let best = search.fit(base, objective: options.objective, progress: progress) else {
            throw FitError.searchFailed("no start of the search reached a finite objective")
        }
        var warnings: [String] = []
        if !best.convergence.converged { warnings.append("the polish \(best.convergence)") }

        let curvature = try? AsymptoticCovariance.estimate(data, objective: options.objective, theta: best.theta,
                                                           lastPass: best.lastPass)
        if let c = curvature, c.droppedDirections > 0 {
            warnings.append("the curvature is singular in \(c.droppedDirections) direction\(c.droppedDirections == 1 ? "" : "s"): some parameters are not identified by these runs (pseudo-inverse used)")
        }
        let names = form.parameterNames
        let phi = map.working(best.theta)
        let parameters = form.namedNatural(phi)
        let estimated = names.filter { !map.fixedNames.contains($0) }

        // Curvature covariance of the natural parameters by the delta method: J Σ_z Jᵀ.
        var standardErrors: [String: Double] = [:]
        var correlations = identity(displayOrder.count)
        if let c = curvature {
            let j = form.naturalJacobian(phi, map: map)
            let cov = j * c.covariance * j.transposed
            // A half-life's curvature error (in 1/κ) says little; its interval is the profile's.
            for (i, name) in names.enumerated() where estimated.contains(name) && cov[i, i].isFinite
                && form.specs[i].scale != .halfLife {
                standardErrors[name] = max(0, cov[i, i]).squareRoot()
            }
            for (u, a) in displayOrder.enumerated() {
                for (v, b) in displayOrder.enumerated() where u != v {
                    let i = names.firstIndex(of: a)!, k = names.firstIndex(of: b)!
                    let d = (cov[i, i] * cov[k, k]).squareRoot()
                    guard d.isFinite else { correlations[u][v] = 0; continue }
                    // Clamped: a pseudo-inverse (singular curvature) can put it a hair outside [−1, 1].
                    correlations[u][v] = d > 0 ? max(-1, min(1, cov[i, k] / d)) : 0
                }
            }
        }

        var samples: [[String: Double]] = []
        var intervals: [String: Interval] = [:]
        var failures = 0
        var source = UncertaintySource.curvature
        if options.bootstrap > 0 {
            // The data-constrained grid costs a hundred projected searches: its resamples start
            // from the full data's optimum and the other local optima its search reached.
            let resampling = form is DataConstrainedForm
                ? GlobalSearch(form: form, map: map, seeds: Array(best.optima.dropFirst()), like: search)
                : resampleSearch(map)
            let boot = Bootstrap(resamples: options.bootstrap, seed: options.seed, search: resampling)
                .run(base, objective: options.objective, fullOptimum: best.theta,
                     progress: progress.map { report in { @Sendable done, total in report(.bootstrap, done, total) } })
            failures = boot.failures
            samples = boot.thetas.map { form.namedNatural(map.working($0)) }
            if failures > 0 { warnings.append("\(failures) of \(options.bootstrap) bootstrap resamples failed to fit and were left out") }
            if samples.count >= 2 {
                source = .bootstrap
                for name in estimated {
                    let values = samples.map { $0[name]! }
                    standardErrors[name] = values.allSatisfy(\.isFinite) ? Statistics.standardDeviation(values) : nil
                    intervals[name] = Statistics.percentileInterval(values, confidence: options.confidence)
                }
                for (u, a) in displayOrder.enumerated() {
                    for (v, b) in displayOrder.enumerated() where u != v {
                        let x = samples.map { $0[a]! }, y = samples.map { $0[b]! }
                        // A half-life of ∞ in some sample has no correlation to speak of.
                        correlations[u][v] = x.allSatisfy(\.isFinite) && y.allSatisfy(\.isFinite) ? Statistics.correlation(x, y) : 0
                    }
                }
            }
        }

        let diagnostics = FitDiagnosticsBuilder(fit: self, seeds: search.seeds, data: data, theta: best.theta,
                                                covariance: curvature,
                                                standardErrors: standardErrors, correlations: correlations).build()
        for (a, b, rho) in diagnostics.strongCorrelations {
            warnings.append("\(symbol(a)) and \(symbol(b)) are strongly correlated (ρ = \(String(format: "%.2f", rho))): quote \(symbol(a)) only with \(symbol(b))")
        }
        if !diagnostics.atBound.isEmpty {
            warnings.append("at a bound of the search: \(diagnostics.atBound.map(symbol).joined(separator: ", ")); the data may not pin \(diagnostics.atBound.count == 1 ? "it" : "them") down")
        }

        var result = FitResult(
            form: lawForm, against: lawForm == .powerLaw || lawForm == .brokenPowerLaw ? options.against : nil,
            parameterNames: displayOrder, parameters: parameters, standardErrors: standardErrors,
            uncertaintySource: source, correlations: correlations, intervals: intervals,
            confidence: options.confidence, objective: options.objective, objectiveValue: best.value,
            convergence: best.convergence,
            search: SearchSummary(gridPoints: search.seeds.gridPoints,
                                  startsPolished: best.startsPolished, startsAgreeing: best.startsAgreeing),
            runsUsed: runs.count, computeOptimal: nil, diagnostics: diagnostics, samples: samples,
            bootstrapFailures: failures, warnings: warnings)
        result.fixed = map.fixedNames
        result.tied = map.tiedGroups
        if lawForm == .chinchilla || lawForm == .dataConstrained {
            result.computeOptimal = ComputeOptimalSummary.make(parameters: parameters, samples: samples,
                                                               budgets: options.reportBudgets, confidence: options.confidence)
        }
        return result
    }

    private func symbol(_ name: String) -> String {
        ["alpha": "α", "beta": "β", "alpha_N": "α_N", "alpha_D": "α_D"][name] ?? name
    }

    private func identity(_ n: Int) -> [[Double]] {
        (0..<n).map { i in (0..<n).map { $0 == i ? 1 : 0 } }
    }
}

extension ComputeOptimalSummary {
    static func make(parameters: [String: Double], samples: [[String: Double]], budgets: [Double],
                     confidence: Double) -> ComputeOptimalSummary? {
        guard let law = try? ChinchillaLaw(parameters: parameters) else { return nil }
        let sampleLaws = samples.compactMap { try? ChinchillaLaw(parameters: $0) }
        func interval(_ f: (ChinchillaLaw) -> Double) -> Interval? {
            sampleLaws.count >= 2 ? Statistics.percentileInterval(sampleLaws.map(f), confidence: confidence) : nil
        }
        let rows = budgets.map { c -> Budget in
            let opt = law.computeOptimal(flops: c)
            return Budget(flops: c, params: opt.params, tokens: opt.tokens, tokensPerParam: opt.tokens / opt.params,
                          tokensPerParamInterval: interval { let o = $0.computeOptimal(flops: c); return o.tokens / o.params })
        }
        return ComputeOptimalSummary(paramsExponent: law.paramsExponent, tokensExponent: law.tokensExponent, G: law.G,
                                     paramsExponentInterval: interval(\.paramsExponent),
                                     tokensExponentInterval: interval(\.tokensExponent), budgets: rows)
    }
}
