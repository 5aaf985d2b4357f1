import Foundation

/// A grid search to find the basins, then the robust polish from each: the fit that does not
/// depend on where it started.
///
/// On large sweeps (more than `seedingLimit` runs) the grid and the first polish run on an
/// evenly strided subset, and the whole sweep is then polished from that optimum: the grid's
/// cost and memory grow with runs × grid points, and a subset of tens of thousands of runs
/// locates the basin as well as a million do. The final optimum is always of every run.
struct GlobalSearch: Sendable {
    static let seedingLimit = 20_000

    let seeds: any SeedSearch
    /// Runs the seeding uses when the sweep is large; nil when it uses them all.
    let seedingRuns: [Int]?
    let seedingModel: LogSumExpModel?
    var polisher = Polisher()

    init(form: any LawParametrisation, gridSize: Int, runs: Int) {
        if runs > Self.seedingLimit {
            let stride = Double(runs) / Double(Self.seedingLimit)
            let subset = (0..<Self.seedingLimit).map { Int(Double($0) * stride) }
            let restricted = form.restricted(to: subset)
            seedingRuns = subset
            seedingModel = restricted.model
            seeds = restricted.seedSearch(gridSize: gridSize)
        } else {
            seedingRuns = nil
            seedingModel = nil
            seeds = form.seedSearch(gridSize: gridSize)
        }
    }

    struct Outcome {
        var theta: [Double]
        var value: Double
        var convergence: Convergence
        /// Polished starts and how many reached the winning value (to relative 1e-9).
        var startsPolished: Int
        var startsAgreeing: Int
    }

    /// Fits `data`. `extraStarts` (θ vectors) are polished first: the bootstrap passes the
    /// full-data optimum, so a resample never ends worse than a warm start would, and grid
    /// seeds in the basin of an optimum already found are not polished again.
    func fit(_ data: FitData, objective: FitObjective, extraStarts: [[Double]] = []) -> Outcome? {
        guard let subset = seedingRuns, let model = seedingModel, data.count > subset.count else {
            return search(data, objective: objective, extraStarts: extraStarts)
        }
        let seedingData = FitData(model: model, loss: subset.map { data.loss[$0] },
                                  logLoss: subset.map { data.logLoss[$0] }, weights: subset.map { data.weights[$0] })
        guard let located = search(seedingData, objective: objective, extraStarts: extraStarts) else { return nil }
        let result = polisher.polish(data, objective: objective, from: located.theta)
        guard result.value.isFinite, result.theta.allSatisfy(\.isFinite) else { return nil }
        return Outcome(theta: result.theta, value: result.value, convergence: result.convergence,
                       startsPolished: located.startsPolished, startsAgreeing: located.startsAgreeing)
    }

    private func search(_ data: FitData, objective: FitObjective, extraStarts: [[Double]]) -> Outcome? {
        var best: Outcome? = nil
        var values: [Double] = []
        var optima: [[Double]] = []
        func polish(_ theta: [Double]) {
            let result = polisher.polish(data, objective: objective, from: theta)
            guard result.value.isFinite, result.theta.allSatisfy(\.isFinite) else { return }
            values.append(result.value)
            optima.append(result.theta)
            if best == nil || result.value < best!.value {
                best = Outcome(theta: result.theta, value: result.value, convergence: result.convergence,
                               startsPolished: 0, startsAgreeing: 0)
            }
        }
        for theta in extraStarts { polish(theta) }
        let warm = !extraStarts.isEmpty
        for seed in seeds.seeds(loss: data.loss, weights: data.weights) {
            if warm && optima.contains(where: { seeds.sameBasin($0, seed) }) { continue }
            polish(seed)
        }
        guard var outcome = best else { return nil }
        outcome.startsPolished = values.count
        outcome.startsAgreeing = values.filter { $0 <= outcome.value * (1 + 1e-9) + 1e-300 }.count
        return outcome
    }
}
