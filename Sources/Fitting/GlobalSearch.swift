import Foundation

/// Variable projection to find the basins, then the robust polish from each: the fit that
/// does not depend on where it started.
struct GlobalSearch: Sendable {
    var projection: VariableProjection
    var polisher = Polisher()

    init(form: SeparableForm, gridSize: Int) {
        projection = VariableProjection(form: form, exponentGrid: VariableProjection.logSpaced(from: 0.02, to: 2.5, count: gridSize))
    }

    struct Outcome {
        var theta: [Double]
        var value: Double
        var convergence: Convergence
        /// The grid cell whose polish won (nil when an extra start won).
        var seed: VariableProjection.Cell?
        /// Polished starts and how many reached the winning value (to relative 1e-9).
        var startsPolished: Int
        var startsAgreeing: Int
    }

    /// Fits `form` to `data`. `extraStarts` (θ vectors) are polished too: the bootstrap passes
    /// the full-data optimum, so a resample never ends worse than a warm start would.
    func fit(_ form: SeparableForm, _ data: FitData, objective: FitObjective,
             extraStarts: [[Double]] = []) -> Outcome? {
        let cells = projection.search(form, loss: data.loss, weights: data.weights)
        let minLoss = data.loss.min() ?? 1
        var best: Outcome? = nil
        var values: [Double] = []
        var optima: [[Double]] = []
        func polish(_ theta: [Double], _ cell: VariableProjection.Cell?) {
            let result = polisher.polish(data, objective: objective, from: theta)
            guard result.value.isFinite, result.theta.allSatisfy(\.isFinite) else { return }
            values.append(result.value)
            optima.append((0..<form.axisCount).map { result.theta[form.exponentIndex($0)] })
            if best == nil || result.value < best!.value {
                best = Outcome(theta: result.theta, value: result.value, convergence: result.convergence,
                               seed: cell, startsPolished: 0, startsAgreeing: 0)
            }
        }
        for theta in extraStarts { polish(theta, nil) }
        for cell in cells {
            // A grid minimum next to an optimum already found lies in its basin: skip it.
            if !optima.isEmpty && optima.contains(where: { projection.isNeighbour($0, of: cell) }) && !extraStarts.isEmpty { continue }
            // A coefficient the grid set to zero is started just above zero (θ holds logs).
            let coefficients = cell.coefficients.map { max($0, 1e-12) }
            let floor = cell.floor.map { max($0, 1e-6 * minLoss) }
            polish(form.theta(coefficients: coefficients, floor: floor, exponents: cell.exponents), cell)
        }
        guard var outcome = best else { return nil }
        outcome.startsPolished = values.count
        outcome.startsAgreeing = values.filter { $0 <= outcome.value * (1 + 1e-9) + 1e-300 }.count
        return outcome
    }
}
