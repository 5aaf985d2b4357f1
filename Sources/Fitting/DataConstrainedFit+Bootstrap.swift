import Foundation
import ScalingLaws

extension DataConstrainedFit {
    /// The bootstrap of a data-constrained fit: every resample of runs is solved again — the
    /// half-lives re-profiled (on the seven grid points nearest the full data's), U_N iterated
    /// to its own fixed point — so the intervals carry the half-lives' uncertainty and what it
    /// does to the coefficients that trade off against them. Holding them at the full data's
    /// values gave intervals that missed the truth on simulated runs (notebook 06).
    ///
    /// Fills `result`'s samples, standard errors, intervals (R*_D and R*_N included),
    /// correlations and compute-optimal intervals; returns warnings. Resamples run in
    /// parallel; resample b draws as `Bootstrap`'s does, so a seed gives the same samples.
    func bootstrap(into result: inout FitResult, from solution: Solution,
                   progress: (@Sendable (Int, Int) -> Void)?) -> [String] {
        let resamples = options.bootstrap, n = runs.count
        let slots = ResampleSlots<[String: Double]>(count: resamples)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, resamples))
        let chunk = (resamples + workers - 1) / workers
        let single = { var o = options; o.bootstrap = 0; return o }()
        let runs = self.runs
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for b in (worker * chunk)..<min(resamples, (worker + 1) * chunk) {
                var rng = Bootstrap.generator(seed: options.seed, resample: b)
                let drawn = (0..<n).map { _ in runs[Int(rng.next() % UInt64(n))] }
                let resample = DataConstrainedFit(runs: drawn, options: single)
                let solved = try? resample.solve(from: solution)
                slots.set(b, solved.map { $0.law.parameters })
                if let progress { progress(slots.filled, resamples) }
            }
        }
        let samples = slots.values.compactMap { $0 }
        let failures = resamples - samples.count
        var warnings: [String] = []
        if failures > 0 {
            warnings.append("\(failures) of \(resamples) bootstrap resamples failed to fit (e.g. drew no run that repeats data) and were left out")
        }
        result.samples = samples
        result.bootstrapFailures = failures
        guard samples.count >= 2 else { return warnings }
        result.uncertaintySource = .bootstrap
        let profiled = ["R_D", "R_N"].filter { name in result.parameters[name] != nil && samples.allSatisfy { $0[name] != nil } }
        for name in result.parameterNames + profiled {
            let values = samples.compactMap { $0[name] }
            result.standardErrors[name] = Statistics.standardDeviation(values)
            result.intervals[name] = Statistics.percentileInterval(values, confidence: options.confidence)
        }
        for (u, a) in result.parameterNames.enumerated() {
            for (v, b) in result.parameterNames.enumerated() where u != v {
                result.correlations[u][v] = Statistics.correlation(samples.map { $0[a]! }, samples.map { $0[b]! })
            }
        }
        result.computeOptimal = ComputeOptimalSummary.make(parameters: result.parameters, samples: samples,
                                                           budgets: options.reportBudgets, confidence: options.confidence)
        return warnings
    }
}
