import Foundation
import LinearAlgebra
import ScalingLaws

/// Builds the diagnostics of a separable fit: residuals, influence, bounds, correlations.
struct FitDiagnosticsBuilder {
    var fit: LawFit
    var seeds: any SeedSearch
    /// The objective over the free variables, and their values at the optimum.
    var data: MappedObjective
    var theta: [Double]
    var covariance: AsymptoticCovariance.Result?
    var standardErrors: [String: Double]
    var correlations: [[Double]]

    func build() -> FitDiagnostics {
        // Residuals in log space: the curvature's, when its objective is on log L (the same
        // numbers; a million-run pass spared), else evaluated.
        let r: [Double]
        if let covariance, fit.options.objective.space == .log {
            r = covariance.residuals
        } else {
            var e = data.makeEvaluation()
            data.evaluate(theta, objective: FitObjective(loss: .squared, space: .log), need: .value, into: &e)
            r = e.residuals
        }
        return FitDiagnostics(residuals: residualSummary(r), influentialRuns: influence(r),
                              atBound: atBound(), holdout: nil, strongCorrelations: strongCorrelations())
    }

    private func residualSummary(_ r: [Double]) -> ResidualSummary {
        if r.count >= FitData.parallelThreshold { return largeResidualSummary(r) }
        var a = r.map(abs)
        let worst = a.indices.max { a[$0] < a[$1] }
        let meanAbsolute = Statistics.mean(a), maxAbsolute = a.max() ?? 0
        // The median by selection, not a sort (a million residuals): the same order statistics.
        let medianAbsolute = Statistics.quantileBySelection(&a, 0.5)
        return ResidualSummary(count: r.count,
                               rms: (r.reduce(0) { $0 + $1 * $1 } / Double(max(1, r.count))).squareRoot(),
                               meanAbsolute: meanAbsolute, medianAbsolute: medianAbsolute,
                               maxAbsolute: maxAbsolute, worst: worst.map { fit.runs[$0].source })
    }

    /// The same for a large sweep: |r|, its largest (the first of equals), Σ|r| and Σr² in one
    /// pass, one chunk of runs per core (the sums added in chunk order: the serial loop's to
    /// rounding), then the median by selection.
    private func largeResidualSummary(_ r: [Double]) -> ResidualSummary {
        let n = r.count
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let chunk = (n + workers - 1) / workers
        let slots = ResampleSlots<(worst: Int, largest: Double, sum: Double, squares: Double)>(count: workers)
        var a = [Double](unsafeUninitializedCapacity: n) { out, count in
            r.withUnsafeBufferPointer { r in
                let shared = AbsoluteResiduals(residuals: r.baseAddress!, absolute: out.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    let range = (w * chunk)..<min(n, (w + 1) * chunk)
                    var worst = range.lowerBound, largest = -Double.infinity, sum = 0.0, squares = 0.0
                    for i in range {
                        let x = shared.residuals[i], size = abs(x)
                        shared.absolute[i] = size
                        if size > largest { largest = size; worst = i }
                        sum += size
                        squares += x * x
                    }
                    slots.set(w, (worst, largest, sum, squares))
                }
            }
            count = n
        }
        var worst = 0, largest = -Double.infinity, sum = 0.0, squares = 0.0
        for part in slots.values.compactMap({ $0 }) {
            if part.largest > largest { largest = part.largest; worst = part.worst }
            sum += part.sum
            squares += part.squares
        }
        let median = Statistics.quantileBySelection(&a, 0.5)
        return ResidualSummary(count: n, rms: (squares / Double(n)).squareRoot(), meanAbsolute: sum / Double(n),
                               medianAbsolute: median, maxAbsolute: largest, worst: fit.runs[worst].source)
    }

    /// Runs whose gradients the influence diagnostics hold at once.
    static let gradientChunk = 1 << 14

    /// One-step influence (Cook 1977, adapted to M-estimation): dropping run i moves θ by about
    /// (JᵀJ)⁻¹ ∇rᵢ ψ(rᵢ) / E ψ′. Reported in standard errors of the natural parameters.
    private func influence(_ logResiduals: [Double]) -> [InfluentialRun] {
        guard let cov = covariance else { return [] }
        let p = theta.count
        let objective = fit.options.objective
        // The residuals in the objective's space, as the curvature evaluated them.
        let residuals = cov.residuals
        // The curvature covariance is τ²(JᵀJ)⁻¹: its τ² recovers (JᵀJ)⁻¹.
        let slope = cov.meanSlope, tau2 = cov.tau2
        guard tau2 > 0 else { return [] }
        let jacobian = fit.form.naturalJacobian(data.map.working(theta), map: data.map)
        let names = fit.form.parameterNames
        let q = names.count
        // Δnatural = (∂natural/∂z) (JᵀJ)⁻¹ ∇rᵢ · ψ/Eψ′: the fixed part, K = (∂natural/∂z)·Σ/τ², once.
        var k = [Double](repeating: 0, count: q * p)
        for a in 0..<q { for j in 0..<p { for l in 0..<p { k[a * p + l] += jacobian[a, j] * cov.covariance[j, l] / tau2 } } }
        let errors = names.map { standardErrors[$0] ?? 0 }
        // The three largest shifts, earliest run first among equals: each part of the runs
        // keeps its own three in one pass (no sort of all runs), and the parts' are merged.
        let shifts = ShiftSearch(data: data, theta: theta, k: k, errors: errors, slope: slope, objective: objective,
                                 residuals: residuals, logResiduals: logResiduals)
        let n = data.count
        let parts = n >= FitData.parallelThreshold ? max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8)) : 1
        let slots = ResampleSlots<[Shift]>(count: parts)
        let size = (n + parts - 1) / parts
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            slots.set(part, shifts.largest(in: (part * size)..<min(n, (part + 1) * size)))
        }
        let top = slots.values.flatMap { $0 ?? [] }
            .sorted { ($0.shift, -$0.run) > ($1.shift, -$1.run) }.prefix(3)
        return top.map { InfluentialRun(source: fit.runs[$0.run].source, shift: $0.shift, parameter: names[$0.parameter]) }
    }

    /// Limits of the search the optimum sits at, and bounds the user set that it reached.
    private func atBound() -> [String] {
        let own = seeds.atBound(data.modelMap.theta(data.map.working(theta)), minLoss: data.loss.min() ?? 1)
        let user = data.map.atUserBound(data.map.working(theta))
        return fit.form.parameterNames.filter { (own.contains($0) || user.contains($0)) && !data.map.fixedNames.contains($0) }
    }

    private func strongCorrelations() -> [(String, String, Double)] {
        var out: [(String, String, Double)] = []
        let names = fit.displayOrder
        // A tie is a correlation of 1 by construction, and a fixed parameter has none.
        let held = Set(data.map.fixedNames)
        let sameGroup = { (a: String, b: String) in data.map.tiedGroups.contains { $0.contains(a) && $0.contains(b) } }
        for u in names.indices { for v in names.indices where v > u && abs(correlations[u][v]) >= 0.95
            && !held.contains(names[u]) && !held.contains(names[v]) && !sameGroup(names[u], names[v]) {
            out.append((names[u], names[v], correlations[u][v]))
        } }
        return out
    }
}

/// The residuals a worker reads and the |r| it writes (each its own runs).
private struct AbsoluteResiduals: @unchecked Sendable {
    let residuals: UnsafePointer<Double>
    let absolute: UnsafeMutablePointer<Double>
}

/// One run's largest shift in standard errors, and the parameter it moves.
typealias Shift = (shift: Double, run: Int, parameter: Int)

/// The influence diagnostics' per-run work, for any range of runs (on several cores): each
/// run's largest shift |K·∇ log L̂ᵢ · ψ(rᵢ)/E ψ′| / s.e., over the natural parameters.
private struct ShiftSearch: Sendable {
    let data: MappedObjective
    let theta: [Double]
    /// (∂natural/∂z)·Σ/τ², row-major q × p.
    let k: [Double]
    let errors: [Double]
    let slope: Double
    let objective: FitObjective
    let residuals: [Double]
    let logResiduals: [Double]

    /// The three largest shifts in `range`, largest first, earliest run first among equals
    /// (one pass; the runs' gradients a chunk at a time).
    func largest(in range: Range<Int>) -> [Shift] {
        let p = theta.count, q = errors.count
        var top: [Shift] = []
        var gradients: [Double] = []
        // Read through the mapped objective once (each read is a copy out of its base).
        let loss = objective.space == .linear ? data.loss : []
        var chunk = 0..<0
        for i in range {
            if !chunk.contains(i) {
                chunk = i..<min(range.upperBound, i + FitDiagnosticsBuilder.gradientChunk)
                gradients = data.logPredictionGradients(theta, runs: chunk)
            }
            let row = (i - chunk.lowerBound) * p
            var scale = objective.loss.psi(residuals[i]) / slope
            if objective.space == .linear { scale *= loss[i] * exp(logResiduals[i]) }
            var bestShift = 0.0, best = 0
            gradients.withUnsafeBufferPointer { g in
                k.withUnsafeBufferPointer { k in
                    errors.withUnsafeBufferPointer { errors in
                        for a in 0..<q where errors[a] > 0 {
                            var d = 0.0
                            for l in 0..<p { d += k[a * p + l] * g[row + l] }
                            let shift = abs(d * scale) / errors[a]
                            if shift > bestShift { bestShift = shift; best = a }
                        }
                    }
                }
            }
            if top.count < 3 || bestShift > top[top.count - 1].shift {
                let at = top.firstIndex { bestShift > $0.shift } ?? top.count
                top.insert((bestShift, i, best), at: at)
                if top.count > 3 { top.removeLast() }
            }
        }
        return top
    }
}
