import Foundation
import LinearAlgebra
import ScalingLaws

/// Hoffmann et al.'s approach 2 (IsoFLOP profiles, §3.2):
///
/// 1. group runs by compute budget C (runs within 5% of each other's C form one budget);
/// 2. per budget, fit a parabola of loss in x = log N: L ≈ c₀ + c₁x + c₂x²; its minimum
///    x* = −c₁/(2c₂) gives N*(C) (and D*(C) = C/(6N*));
/// 3. regress log N* on log C: N* = k·C^a, hence D* ∝ C^(1−a).
///
/// A profile is only parabolic near its minimum: over two or three decades of N it is
/// skewed, and a parabola through all of it misplaces the vertex. So each parabola is fitted
/// to the sizes within a factor `window` (default 4) of the budget's lowest-loss run, and at
/// least the 5 nearest (Hoffmann et al. fitted whole profiles; Porian et al. 2024 fit locally
/// around the minimum). On Porian et al.'s profiles this keeps the exponent within 0.025 of
/// the one their published optima give; whole profiles miss by up to 0.06. A vertex outside
/// the sizes it was fitted to is an extrapolation and is left out of the regression.
///
/// Least squares by LAPACK throughout; the bootstrap resamples runs within each budget.
struct IsoFLOPAnalysis {
    var runs: [Run]
    var options: FitOptions
    /// Sizes within this factor of the budget's minimum are fitted; 0 fits whole profiles.
    var window: Double { options.isoflopWindow }
    /// A parabola needs 3 sizes; 5 keep it from chasing the noise of a narrow window.
    static let minimumWindowSizes = 5

    /// Budgets whose runs differ by less than this factor in C are one IsoFLOP profile.
    static let budgetTolerance = 1.05

    func run() throws -> FitResult {
        let groups = Self.budgets(runs)
        var warnings: [String] = []
        let profiles = try groups.compactMap { group -> IsoFLOPProfile? in
            guard Set(group.map(\.params)).count >= 3 else {
                warnings.append("budget \(String(format: "%.3g", group[0].flops)) FLOPs has fewer than 3 model sizes: skipped")
                return nil
            }
            var profile = try Self.profile(Self.nearestMinimum(group, window: window), weights: nil)
            profile?.budgetRuns = group.count
            if let profile, !profile.minimumInsideSampledRange {
                warnings.append("budget \(String(format: "%.3g", profile.flops)) FLOPs: the parabola's minimum lies outside the sizes it was fitted to (an extrapolation): left out of N*(C)")
                return nil
            }
            if profile == nil {
                warnings.append("budget \(String(format: "%.3g", group[0].flops)) FLOPs: loss is not convex in log N (no minimum): left out of N*(C)")
            }
            return profile
        }
        guard profiles.count >= 2 else {
            throw FitError.unidentifiable("an IsoFLOP analysis needs at least 2 compute budgets with 3 or more model sizes each; found \(profiles.count) (runs are grouped by compute within 5%)")
        }
        let line = try Self.regress(profiles)
        var result = FitResult(
            form: .isoflop, against: nil, parameterNames: ["a", "k", "b"],
            parameters: ["a": line.slope, "k": exp(line.intercept), "b": 1 - line.slope],
            standardErrors: ["a": line.slopeError, "k": exp(line.intercept) * line.interceptError, "b": line.slopeError],
            uncertaintySource: .curvature,
            correlations: [[1, line.correlation, -1], [line.correlation, 1, -line.correlation], [-1, -line.correlation, 1]],
            intervals: [:], confidence: options.confidence, objective: FitObjective(loss: .squared, space: .linear),
            objectiveValue: line.rss, convergence: Convergence(reason: .closedForm, iterations: 0, gradientNorm: 0),
            search: SearchSummary(gridPoints: 0, startsPolished: 0, startsAgreeing: 0),
            runsUsed: profiles.reduce(0) { $0 + $1.runs }, computeOptimal: nil,
            diagnostics: FitDiagnostics(residuals: Self.residualSummary(profiles, line: line),
                                        influentialRuns: [], atBound: [], holdout: nil, strongCorrelations: []),
            samples: [], bootstrapFailures: 0, warnings: warnings)
        result.isoflopProfiles = profiles
        if options.bootstrap > 0 { try bootstrap(groups, into: &result) }
        return result
    }

    /// Runs grouped by budget, budgets in increasing compute.
    static func budgets(_ runs: [Run]) -> [[Run]] {
        let sorted = runs.sorted { $0.flops < $1.flops }
        var groups: [[Run]] = []
        for run in sorted {
            if let first = groups.last?.first, run.flops <= first.flops * budgetTolerance {
                groups[groups.count - 1].append(run)
            } else {
                groups.append([run])
            }
        }
        return groups
    }

    /// The runs of a budget whose size is within a factor `window` of its lowest-loss run's,
    /// and at least the `minimumWindowSizes` sizes nearest it (all runs when `window` is 0).
    static func nearestMinimum(_ group: [Run], window: Double) -> [Run] {
        guard window > 0, let best = group.min(by: { $0.loss < $1.loss }) else { return group }
        let distance = { (n: Double) in abs(log(n / best.params)) }
        let sizes = Array(Set(group.map(\.params))).sorted { distance($0) < distance($1) }
        let within = sizes.filter { distance($0) <= log(window) * (1 + 1e-12) }
        let kept = Set(within.count >= minimumWindowSizes ? within : Array(sizes.prefix(minimumWindowSizes)))
        return group.filter { kept.contains($0.params) }
    }

    /// The parabola fit for one budget (weights default to 1); nil when it opens downwards.
    static func profile(_ group: [Run], weights: [Double]?) throws -> IsoFLOPProfile? {
        let weights = weights ?? group.map { _ in 1 }
        let x = group.map { log($0.params) }
        let center = x.reduce(0, +) / Double(x.count)
        var design = Matrix(rows: group.count, columns: 3)
        var y = [Double](repeating: 0, count: group.count)
        for i in group.indices {
            let s = weights[i].squareRoot(), u = x[i] - center
            design[i, 0] = s; design[i, 1] = s * u; design[i, 2] = s * u * u
            y[i] = s * group[i].loss
        }
        let c = try leastSquares(design, y).x
        guard c[2] > 0 else { return nil }
        let u = -c[1] / (2 * c[2])
        let params = exp(center + u)
        let flops = exp(group.map { log($0.flops) }.reduce(0, +) / Double(group.count))
        return IsoFLOPProfile(flops: flops, optimalParams: params, optimalTokens: flops / (6 * params),
                              optimalLoss: c[0] + c[1] * u + c[2] * u * u, runs: group.count, budgetRuns: group.count,
                              curvature: c[2], minimumInsideSampledRange: (x.min()! ... x.max()!).contains(center + u))
    }

    struct Line { var slope, intercept, slopeError, interceptError, correlation, rss: Double }

    /// Ordinary least squares of log N* on log C, with the textbook standard errors.
    static func regress(_ profiles: [IsoFLOPProfile]) throws -> Line {
        let x = profiles.map { log($0.flops) }, y = profiles.map { log($0.optimalParams) }
        let design = Matrix(x.map { [1, $0] })
        let solution = try leastSquares(design, y)
        let n = Double(x.count)
        let rss = zip(x, y).reduce(0.0) { let r = $1.1 - solution.x[0] - solution.x[1] * $1.0; return $0 + r * r }
        let sigma2 = n > 2 ? rss / (n - 2) : 0
        let mean = x.reduce(0, +) / n
        let sxx = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let slopeVar = sigma2 / sxx
        let interceptVar = sigma2 * (1 / n + mean * mean / sxx)
        let cov = -mean * sigma2 / sxx
        let corr = slopeVar > 0 && interceptVar > 0 ? cov / (slopeVar * interceptVar).squareRoot() : 0
        return Line(slope: solution.x[1], intercept: solution.x[0], slopeError: slopeVar.squareRoot(),
                    interceptError: interceptVar.squareRoot(), correlation: corr, rss: rss)
    }

    /// Resamples runs within each budget, refits every parabola and the line.
    private func bootstrap(_ groups: [[Run]], into result: inout FitResult) throws {
        var samples: [[String: Double]] = []
        var failures = 0
        for b in 0..<options.bootstrap {
            var rng = SeededGenerator(seed: options.seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(b) &+ 1)
            var profiles: [IsoFLOPProfile] = []
            for group in groups where Set(group.map(\.params)).count >= 3 {
                var counts = [Double](repeating: 0, count: group.count)
                for _ in group.indices { counts[Int(rng.next() % UInt64(group.count))] += 1 }
                let local = Set(Self.nearestMinimum(group, window: window).map(\.params))
                let kept = group.indices.filter { counts[$0] > 0 && local.contains(group[$0].params) }
                guard Set(kept.map { group[$0].params }).count >= 3,
                      let p = try Self.profile(kept.map { group[$0] }, weights: kept.map { counts[$0] }),
                      p.minimumInsideSampledRange else { continue }
                profiles.append(p)
            }
            guard profiles.count >= 2, let line = try? Self.regress(profiles) else { failures += 1; continue }
            samples.append(["a": line.slope, "k": exp(line.intercept), "b": 1 - line.slope])
        }
        result.samples = samples
        result.bootstrapFailures = failures
        guard samples.count >= 2 else { return }
        result.uncertaintySource = .bootstrap
        for name in result.parameterNames {
            let v = samples.map { $0[name]! }
            result.standardErrors[name] = Statistics.standardDeviation(v)
            result.intervals[name] = Statistics.percentileInterval(v, confidence: options.confidence)
        }
    }
}

/// One budget's IsoFLOP minimum.
public struct IsoFLOPProfile: Sendable, Equatable {
    public var flops: Double
    public var optimalParams: Double
    public var optimalTokens: Double
    public var optimalLoss: Double
    /// Runs the parabola was fitted to (those near the minimum).
    public var runs: Int
    /// Runs of the budget in all.
    public var budgetRuns: Int
    /// c₂ of the parabola in log N (its sharpness).
    public var curvature: Double
    /// False when the vertex lies outside the sampled sizes (an extrapolated minimum).
    public var minimumInsideSampledRange: Bool
}
