import Foundation

/// A grid search to find the basins, then the robust polish from each: the fit that does not
/// depend on where it started.
///
/// The polish works on the free variables z of the fit (`ParameterMap`: fixed and tied
/// parameters taken out, bounds as a box); the grid's seeds (θ vectors of the form's model)
/// are mapped into z and clamped into the box.
///
/// On large sweeps (more than `seedingLimit` runs) the grid and the first polish run on an
/// evenly strided subset, and the whole sweep is then polished from that optimum: the grid's
/// cost and memory grow with runs × grid points, and a subset of tens of thousands of runs
/// locates the basin as well as a million do. The final optimum is always of every run.
struct GlobalSearch: Sendable {
    static let seedingLimit = 20_000

    let form: any LawParametrisation
    let map: ParameterMap
    let seeds: any SeedSearch
    /// Runs the seeding uses when the sweep is large; nil when it uses them all.
    let seedingRuns: [Int]?
    let seedingForm: (any LawParametrisation)?
    var polisher = Polisher()

    init(form: any LawParametrisation, map: ParameterMap, gridSize: Int, runs: Int) {
        self.form = form
        self.map = map
        if runs > Self.seedingLimit {
            let stride = Double(runs) / Double(Self.seedingLimit)
            let subset = (0..<Self.seedingLimit).map { Int(Double($0) * stride) }
            let restricted = form.restricted(to: subset)
            seedingRuns = subset
            seedingForm = restricted
            seeds = restricted.seedSearch(gridSize: gridSize, constraints: map)
        } else {
            seedingRuns = nil
            seedingForm = nil
            seeds = form.seedSearch(gridSize: gridSize, constraints: map)
        }
    }

    /// The same search from given seeds (θ vectors) instead of a grid: a bootstrap resample of
    /// a form whose grid is expensive starts from the full data's seeds.
    init(form: any LawParametrisation, map: ParameterMap, seeds given: [[Double]], like other: GlobalSearch) {
        self.form = form
        self.map = map
        seeds = GivenSeeds(given: given, base: other.seeds)
        seedingRuns = nil
        seedingForm = nil
    }

    struct Outcome {
        /// The free variables z at the optimum.
        var theta: [Double]
        var value: Double
        var convergence: Convergence
        /// Polished starts and how many reached the winning value (to relative 1e-9).
        var startsPolished: Int
        var startsAgreeing: Int
        /// The distinct local optima the polish reached (θ vectors, best first; values differing
        /// by more than relative 1e-6).
        var optima: [[Double]] = []
        /// The finish's last pass at `theta` (a large sweep's; see `Polisher.Outcome`).
        var lastPass: ObjectiveEvaluation? = nil
    }

    /// The objective over z for a base objective over θ.
    func problem(_ base: any PolishObjective) -> MappedObjective {
        MappedObjective(base: base, map: map, modelMap: form.modelMap)
    }

    /// The model's θ at z.
    func theta(_ z: [Double]) -> [Double] { form.modelMap.theta(map.working(z)) }

    /// Fits `base`. `extraStarts` (z vectors) are polished first: the bootstrap passes the
    /// full-data optimum, so a resample never ends worse than a warm start would, and grid
    /// seeds in the basin of an optimum already found are not polished again.
    /// `progress` hears of the grid, the starts polished and (on a large sweep) the Newton
    /// steps on every run.
    func fit(_ base: any PolishObjective, objective: FitObjective, extraStarts: [[Double]] = [],
             progress: FitProgress? = nil) -> Outcome? {
        let data = problem(base)
        guard let subset = seedingRuns, let seedingForm, base.count > subset.count else {
            return search(data, objective: objective, extraStarts: extraStarts, progress: progress)
        }
        let allLoss = base.loss, allWeights = base.weights
        let loss = subset.map { allLoss[$0] }
        var seedingBase = seedingForm.baseObjective(loss: loss, logLoss: loss.map { log($0) },
                                                    weights: subset.map { allWeights[$0] })
        // The subset is evaluated as the sweep is (on all cores; Chinchilla by its own loop).
        if var runs = seedingBase as? FitData { runs.asLargeSweep = true; seedingBase = runs }
        guard let located = search(problem(seedingBase), objective: objective, extraStarts: extraStarts,
                                   progress: progress) else { return nil }
        // From the subset's optimum the whole sweep's is a few Newton steps away: the
        // majoriser's linear steps (two or more full passes each) would only approach it.
        var finisher = polisher
        finisher.maxMajorizerIterations = 0
        finisher.gradientInLineSearch = true
        finisher.hessianInLineSearch = true
        if let progress { finisher.onNewtonStep = { @Sendable step in progress(.polish, step, 0) } }
        let result = finisher.polish(data, objective: objective, from: located.theta, lower: map.lower, upper: map.upper)
        guard result.value.isFinite, result.theta.allSatisfy(\.isFinite) else { return nil }
        return Outcome(theta: result.theta, value: result.value, convergence: result.convergence,
                       startsPolished: located.startsPolished, startsAgreeing: located.startsAgreeing, optima: located.optima,
                       lastPass: result.lastPass)
    }

    private func search(_ data: MappedObjective, objective: FitObjective, extraStarts: [[Double]],
                        progress: FitProgress?) -> Outcome? {
        var best: Outcome? = nil
        var values: [Double] = []
        var optima: [[Double]] = []
        func polish(_ z: [Double]) {
            let result = polisher.polish(data, objective: objective, from: z, lower: map.lower, upper: map.upper)
            guard result.value.isFinite, result.theta.allSatisfy(\.isFinite) else { return }
            values.append(result.value)
            optima.append(theta(result.theta))
            if best == nil || result.value < best!.value {
                best = Outcome(theta: result.theta, value: result.value, convergence: result.convergence,
                               startsPolished: 0, startsAgreeing: 0)
            }
        }
        for z in extraStarts { polish(z) }
        let warm = !extraStarts.isEmpty
        progress?(.grid, 0, seeds.gridPoints)
        let starts = seeds.seeds(loss: data.loss, weights: data.weights)
        progress?(.grid, seeds.gridPoints, seeds.gridPoints)
        for (k, seed) in starts.enumerated() {
            progress?(.search, k, starts.count)
            if warm && optima.contains(where: { seeds.sameBasin($0, seed) }) { continue }
            polish(map.free(form.modelMap.working(seed)))
        }
        progress?(.search, starts.count, starts.count)
        guard var outcome = best else { return nil }
        var distinct: [(Double, [Double])] = []
        for (value, optimum) in zip(values, optima).sorted(by: { $0.0 < $1.0 })
        where !distinct.contains(where: { abs($0.0 / value - 1) < 1e-6 }) {
            distinct.append((value, optimum))
        }
        outcome.optima = distinct.map(\.1)
        outcome.startsPolished = values.count
        outcome.startsAgreeing = values.filter { $0 <= outcome.value * (1 + 1e-9) + 1e-300 }.count
        return outcome
    }
}
