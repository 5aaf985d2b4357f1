import Foundation
import LinearAlgebra

/// A law that is linear in its coefficients once its exponents are fixed:
///
///     L = E + Σₖ Cₖ · xₖ^(−γₖ)          (K = 1 or 2 axes; E optional)
///
/// Chinchilla is K = 2 with x = (N, D), C = (A, B), γ = (α, β); a saturating power law is
/// K = 1. The optimiser's parameter vector θ is [log C₁ … log C_K, (log E), γ₁ … γ_K], which
/// for Chinchilla is Hoffmann et al.'s (a, b, e, α, β).
struct SeparableForm: LogSumExpForm {
    /// log xₖ for each run, one array per axis.
    var logAxes: [[Double]]
    var hasFloor: Bool
    /// Natural names: coefficients, then floor, then exponents.
    var coefficientNames: [String]
    var floorName: String
    var exponentNames: [String]
    /// Whether these runs are a large sweep's seeding subset (`restricted(to:)`): the grid's
    /// sums may then be taken in another order than one loop's (`VariableProjection`).
    var seedsALargeSweep = false

    var axisCount: Int { logAxes.count }
    var parameterCount: Int { 2 * axisCount + (hasFloor ? 1 : 0) }
    var floorIndex: Int? { hasFloor ? axisCount : nil }
    func exponentIndex(_ k: Int) -> Int { axisCount + (hasFloor ? 1 : 0) + k }

    /// Parameter names in θ order, natural (not log) names.
    var names: [String] { coefficientNames + (hasFloor ? [floorName] : []) + exponentNames }

    var model: LogSumExpModel {
        var terms = (0..<axisCount).map { k in
            LogSumExpModel.Term(intercept: k, slope: exponentIndex(k), x: logAxes[k])
        }
        if let f = floorIndex { terms.append(LogSumExpModel.Term(intercept: f, slope: nil, x: [])) }
        return LogSumExpModel(terms: terms, parameterCount: parameterCount)
    }

    /// θ from natural values (coefficients and floor must be positive).
    func theta(coefficients: [Double], floor: Double?, exponents: [Double]) -> [Double] {
        coefficients.map { log($0) } + (hasFloor ? [log(floor ?? 0)] : []) + exponents
    }

    /// Whether θⱼ is a logarithm (of a coefficient or the floor) rather than an exponent.
    func isLogParameter(_ j: Int) -> Bool { j < axisCount + (hasFloor ? 1 : 0) }

    /// θ is the working vector: logs of the coefficients and floor, then the exponents.
    var specs: [ParameterSpec] {
        names.enumerated().map { ParameterSpec(name: $0.element, scale: isLogParameter($0.offset) ? .logarithmic : .exponent) }
    }

    func restricted(to runs: [Int]) -> any LawParametrisation {
        var copy = self
        copy.logAxes = logAxes.map { axis in runs.map { axis[$0] } }
        copy.seedsALargeSweep = true
        return copy
    }

    func seedSearch(gridSize: Int, constraints: ParameterMap) -> any SeedSearch {
        VariableProjection(form: self, exponentGrid: VariableProjection.logSpaced(from: 0.02, to: 2.5, count: gridSize),
                           constraints: constraints)
    }
}
