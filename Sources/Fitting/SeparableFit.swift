import Foundation
import ScalingLaws

/// The pipeline for laws that are linear once their exponents are fixed (Chinchilla,
/// power laws, data-constrained): global search, curvature, bootstrap, diagnostics.
struct SeparableFit {
    var form: SeparableForm
    var lawForm: LawForm
    var displayOrder: [String]
    var runs: [Run]
    var options: FitOptions

    func data(weights: [Double]? = nil) -> FitData {
        FitData(model: form.model, loss: runs.map(\.loss), logLoss: runs.map { log($0.loss) },
                weights: weights ?? runs.map { _ in 1 })
    }

    var search: GlobalSearch { GlobalSearch(form: form, gridSize: options.gridSize) }

    /// Each bootstrap resample searches a coarser grid (at most 25 points per axis) and is
    /// also polished from the full-data optimum: the grid guards against a resample whose
    /// optimum moved to another basin, the warm start makes the common case exact and fast.
    var resampleSearch: GlobalSearch { GlobalSearch(form: form, gridSize: min(options.gridSize, 25)) }

    func run(progress: (@Sendable (Int, Int) -> Void)?) throws -> FitResult {
        let data = self.data()
        let search = self.search
        guard let best = search.fit(form, data, objective: options.objective) else {
            throw FitError.searchFailed("no start of the search reached a finite objective")
        }
        var warnings: [String] = []
        if !best.convergence.converged { warnings.append("the polish \(best.convergence)") }

        let curvature = try? AsymptoticCovariance.estimate(data, objective: options.objective, theta: best.theta)
        if let c = curvature, c.droppedDirections > 0 {
            warnings.append("the curvature is singular in \(c.droppedDirections) direction\(c.droppedDirections == 1 ? "" : "s"): some parameters are not identified by these runs (pseudo-inverse used)")
        }
        let names = form.parameterNames
        let natural = form.natural(best.theta)
        let derivative = form.naturalDerivative(best.theta)
        var parameters: [String: Double] = [:]
        for (j, name) in names.enumerated() { parameters[name] = natural[j] }

        // Curvature standard errors by the delta method: se(natural) = |∂natural/∂θ| · se(θ).
        var standardErrors: [String: Double] = [:]
        var correlations = identity(displayOrder.count)
        if let c = curvature {
            for (j, name) in names.enumerated() { standardErrors[name] = derivative[j] * max(0, c.covariance[j, j]).squareRoot() }
            for (u, a) in displayOrder.enumerated() {
                for (v, b) in displayOrder.enumerated() where u != v {
                    let i = names.firstIndex(of: a)!, j = names.firstIndex(of: b)!
                    let d = (c.covariance[i, i] * c.covariance[j, j]).squareRoot()
                    correlations[u][v] = d > 0 ? c.covariance[i, j] / d : 0
                }
            }
        }

        var samples: [[String: Double]] = []
        var intervals: [String: Interval] = [:]
        var failures = 0
        var source = UncertaintySource.curvature
        if options.bootstrap > 0 {
            let boot = Bootstrap(resamples: options.bootstrap, seed: options.seed, search: resampleSearch)
                .run(form, data, objective: options.objective, fullOptimum: best.theta, progress: progress)
            failures = boot.failures
            samples = boot.thetas.map { form.namedNatural($0) }
            if failures > 0 { warnings.append("\(failures) of \(options.bootstrap) bootstrap resamples failed to fit and were left out") }
            if samples.count >= 2 {
                source = .bootstrap
                for name in names {
                    let values = samples.map { $0[name]! }
                    standardErrors[name] = Statistics.standardDeviation(values)
                    intervals[name] = Statistics.percentileInterval(values, confidence: options.confidence)
                }
                for (u, a) in displayOrder.enumerated() {
                    for (v, b) in displayOrder.enumerated() where u != v {
                        correlations[u][v] = Statistics.correlation(samples.map { $0[a]! }, samples.map { $0[b]! })
                    }
                }
            }
        }

        let diagnostics = FitDiagnosticsBuilder(fit: self, grid: search.projection.exponentGrid, data: data, theta: best.theta, seed: best.seed,
                                                covariance: curvature, standardErrors: standardErrors,
                                                correlations: correlations).build()
        for (a, b, rho) in diagnostics.strongCorrelations {
            warnings.append("\(a) and \(b) are strongly correlated (ρ = \(String(format: "%.2f", rho))): quote \(a) only with \(b)")
        }
        if !diagnostics.atBound.isEmpty {
            warnings.append("at a bound of the search: \(diagnostics.atBound.joined(separator: ", ")); the data may not pin \(diagnostics.atBound.count == 1 ? "it" : "them") down")
        }

        var result = FitResult(
            form: lawForm, against: lawForm == .powerLaw ? options.against : nil,
            parameterNames: displayOrder, parameters: parameters, standardErrors: standardErrors,
            uncertaintySource: source, correlations: correlations, intervals: intervals,
            confidence: options.confidence, objective: options.objective, objectiveValue: best.value,
            convergence: best.convergence,
            search: SearchSummary(gridPoints: Int(pow(Double(options.gridSize), Double(form.axisCount))),
                                  startsPolished: best.startsPolished, startsAgreeing: best.startsAgreeing),
            runsUsed: runs.count, computeOptimal: nil, diagnostics: diagnostics, samples: samples,
            bootstrapFailures: failures, settings: [:], warnings: warnings)
        if lawForm == .chinchilla || lawForm == .dataConstrained {
            result.computeOptimal = ComputeOptimalSummary.make(parameters: parameters, samples: samples,
                                                               budgets: options.reportBudgets, confidence: options.confidence)
        }
        return result
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
