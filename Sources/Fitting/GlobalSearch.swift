import Foundation

/// A grid search to find the basins, then the robust polish from each: the fit that does not
/// depend on where it started.
struct GlobalSearch: Sendable {
    var seeds: any SeedSearch
    var polisher = Polisher()

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
