import Foundation
import ScalingLaws

/// Muennighoff et al.'s data-constrained law for the optimiser: the objective of the law as it
/// predicts (`DataConstrainedObjective`), and a search that seeds it.
///
/// Working parameters (a, b, e, α, β, κ_D, κ_N), natural names A, B, E, alpha, beta, R_D, R_N.
struct DataConstrainedForm: LawParametrisation {
    var params: [Double]
    var tokens: [Double]
    var unique: [Double]
    /// The constraints as the user gave them (the seed search needs the Chinchilla five's).
    var constraints: ParameterConstraints
    /// The fit's objective: the seed grid is ranked by it.
    var objective: FitObjective

    static let names = ["A", "B", "E", "alpha", "beta", "R_D", "R_N"]

    var specs: [ParameterSpec] {
        [ParameterSpec(name: "A", scale: .logarithmic), ParameterSpec(name: "B", scale: .logarithmic),
         ParameterSpec(name: "E", scale: .logarithmic), ParameterSpec(name: "alpha", scale: .exponent),
         ParameterSpec(name: "beta", scale: .exponent), ParameterSpec(name: "R_D", scale: .halfLife),
         ParameterSpec(name: "R_N", scale: .halfLife)]
    }

    func baseObjective(loss: [Double], logLoss: [Double], weights: [Double]) -> any PolishObjective {
        DataConstrainedObjective(params: params, tokens: tokens, unique: unique, loss: loss, logLoss: logLoss, weights: weights)
    }

    func restricted(to runs: [Int]) -> any LawParametrisation {
        DataConstrainedForm(params: runs.map { params[$0] }, tokens: runs.map { tokens[$0] },
                            unique: runs.map { unique[$0] }, constraints: constraints, objective: objective)
    }

    func seedSearch(gridSize: Int, constraints map: ParameterMap) -> any SeedSearch {
        // With the exponents held, each projected search is one cell: the half-life grid can be fine.
        let exponentsHeld = map.freeIndex(3) == nil && map.freeIndex(4) == nil
        return DataConstrainedSeeds(form: self, map: map, exponentGridSize: min(gridSize, 20),
                                    halfLifeCount: exponentsHeld ? 40 : (gridSize >= 25 ? 12 : 6))
    }
}

/// Seeds for the data-constrained polish. With U_N held at a guess, the law is Chinchilla's on
/// (N′, D′) for fixed half-lives, which variable projection solves globally; so:
///
/// 1. with parameters undiscounted (κ_N = 0), profile κ_D over a grid (each a projected
///    Chinchilla search) — the best gives a first law, hence a first U_N;
/// 2. with that U_N, search the (κ_D, κ_N) grid the same way, and seed from its best distinct
///    local minima (and from step 1's best).
///
/// The polish then frees U_N (it follows the law's own parameters), so a seed's U_N guess only
/// has to be near. The grid of half-lives is log-spaced on [1, 1000] epochs, plus κ = 0
/// ("no decay"); a fixed half-life is searched at its value only.
struct DataConstrainedSeeds: SeedSearch {
    let form: DataConstrainedForm
    let map: ParameterMap
    let exponentGridSize: Int
    let halfLifeCount: Int
    var candidates = 4

    var gridPoints: Int { dataRates.count * paramRates.count * exponentGridSize * exponentGridSize }

    /// Decay rates tried for each half-life: 0, then 1/R for R log-spaced from 1000 down to 1.
    private func rates(_ index: Int) -> [Double] {
        if case let .fixed(v) = map.roles[index] { return [v] }
        let k = map.freeIndex(index)!
        let grid = [0] + VariableProjection.logSpaced(from: 1000, to: 1, count: halfLifeCount).map { 1 / $0 }
        let inside = grid.filter { $0 >= map.lower[k] && $0 <= map.upper[k] }
        return inside.isEmpty ? [min(max(0, map.lower[k]), map.upper[k])] : inside
    }
    var dataRates: [Double] { rates(5) }
    var paramRates: [Double] { rates(6) }

    /// The Chinchilla five's constraints, for the projected searches.
    private var chinchillaMap: ParameterMap? {
        var c = form.constraints
        c.fixed = c.fixed.filter { $0.key != "R_D" && $0.key != "R_N" }
        c.bounds = c.bounds.filter { $0.key != "R_D" && $0.key != "R_N" }
        c.ties = c.ties.filter { !["R_D", "R_N"].contains($0.first) && !["R_D", "R_N"].contains($0.second) }
        let specs = Array(form.specs.prefix(5))
        return try? ParameterMap(specs: specs, constraints: c, form: "chinchilla")
    }

    /// One projected Chinchilla search at fixed rates and sizing: its best cells as 7-vectors.
    private func projected(kD: Double, kN: Double, sizing: (c: Double, r: Double)?, loss: [Double], weights: [Double],
                           map5: ParameterMap?) -> [(rss: Double, phi: [Double])] {
        var logN: [Double] = [], logD: [Double] = []
        for i in form.params.indices {
            let u = min(form.unique[i], form.tokens[i])
            let d = DataConstrainedObjective.decay(kD, max(0, form.tokens[i] / u - 1))
            logD.append(log(u) + log1p(d.f))
            var n = log(form.params[i])
            if let sizing, kN > 0 {
                let s = sizing.c + sizing.r * log(u)
                if n > s { n = s + log1p(DataConstrainedObjective.decay(kN, expm1(n - s)).f) }
            }
            logN.append(n)
        }
        let separable = SeparableForm(logAxes: [logN, logD], hasFloor: true, coefficientNames: ["A", "B"],
                                      floorName: "E", exponentNames: ["alpha", "beta"])
        var vp = VariableProjection(form: separable,
                                    exponentGrid: VariableProjection.logSpaced(from: 0.02, to: 2.5, count: exponentGridSize),
                                    constraints: map5)
        vp.candidates = 2
        let minLoss = loss.min() ?? 1
        return vp.search(loss: loss, weights: weights).map { cell in
            let theta = separable.theta(coefficients: cell.coefficients.map { max($0, 1e-12) },
                                        floor: cell.floor.map { max($0, 1e-6 * minLoss) }, exponents: cell.exponents)
            return (cell.rss, theta + [kD, kN])
        }
    }

    /// log N_opt(U) = c + r·log U of a 7-vector's law.
    static func sizing(_ phi: [Double]) -> (c: Double, r: Double) {
        let (a, b, alpha, beta) = (phi[0], phi[1], phi[3], phi[4])
        return ((a - b + log(alpha) - log(beta)) / alpha, beta / alpha)
    }

    func seeds(loss: [Double], weights: [Double]) -> [[Double]] {
        let map5 = chinchillaMap
        // 1. Parameters undiscounted: the best κ_D.
        let zeroN = paramRates.contains(0) ? 0.0 : paramRates[0]
        var stage1: [(rss: Double, phi: [Double])] = []
        for kD in dataRates { stage1 += projected(kD: kD, kN: zeroN, sizing: nil, loss: loss, weights: weights, map5: map5) }
        guard let first = stage1.min(by: { $0.rss < $1.rss }) else { return [] }
        var out = [first.phi]
        guard paramRates.count > 1 || paramRates[0] > 0 else { return out }
        // 2. The (κ_D, κ_N) grid at that sizing: its local minima.
        let sizing = Self.sizing(first.phi)
        let nD = dataRates.count, nN = paramRates.count
        var best = [Double](repeating: .infinity, count: nD * nN)
        var phis = [[Double]](repeating: [], count: nD * nN)
        // Each cell is scored by the fit's own objective (U_N from the cell's law, as the polish
        // will see it), not by the projection's squared error: the two rank basins differently.
        let exact = DataConstrainedObjective(params: form.params, tokens: form.tokens, unique: form.unique,
                                             loss: loss, logLoss: loss.map { log($0) }, weights: weights)
        var scratch = exact.makeEvaluation()
        for (iD, kD) in dataRates.enumerated() {
            for (iN, kN) in paramRates.enumerated() {
                if let top = projected(kD: kD, kN: kN, sizing: sizing, loss: loss, weights: weights, map5: map5).first {
                    let value = exact.value(top.phi, objective: form.objective, scratch: &scratch)
                    best[iD + iN * nD] = value.isFinite ? value : .infinity; phis[iD + iN * nD] = top.phi
                }
            }
        }
        for flat in VariableProjection.localMinima(best, shape: [nD, nN]).prefix(candidates) where !out.contains(phis[flat]) {
            out.append(phis[flat])
        }
        // The profile over κ_N is often monotone (one minimum): also start from the best cell
        // of a few spread-out κ_N columns, so the polish explores discounting parameters.
        for iN in stride(from: nN - 1, to: 0, by: -max(1, nN / 3)) {
            let column = (0..<nD).map { $0 + iN * nD }.filter { best[$0].isFinite }
            if let flat = column.min(by: { best[$0] < best[$1] }), !out.contains(phis[flat]) { out.append(phis[flat]) }
        }
        return out
    }

    func sameBasin(_ theta: [Double], _ seed: [Double]) -> Bool {
        // Exponents within 10% and decay rates within a grid step (on log(κ + 0.01)).
        abs(log(max(theta[3], 1e-12) / max(seed[3], 1e-12))) < 0.1
            && abs(log(max(theta[4], 1e-12) / max(seed[4], 1e-12))) < 0.1
            && abs(log((max(theta[5], 0) + 0.01) / (max(seed[5], 0) + 0.01))) < 0.5
            && abs(log((max(theta[6], 0) + 0.01) / (max(seed[6], 0) + 0.01))) < 0.5
    }

    func atBound(_ theta: [Double], minLoss: Double) -> [String] {
        var out: [String] = []
        if theta[3] < 1e-6 && map.freeIndex(3) != nil { out.append("alpha") }
        if theta[4] < 1e-6 && map.freeIndex(4) != nil { out.append("beta") }
        if exp(theta[2]) < 1e-4 * minLoss && map.freeIndex(2) != nil { out.append("E") }
        return out
    }
}

/// Seeds given in advance (a bootstrap resample's: the full data's best starts).
struct GivenSeeds: SeedSearch {
    let given: [[Double]]
    let base: any SeedSearch
    var gridPoints: Int { 0 }
    func seeds(loss: [Double], weights: [Double]) -> [[Double]] { given }
    func sameBasin(_ theta: [Double], _ seed: [Double]) -> Bool { base.sameBasin(theta, seed) }
    func atBound(_ theta: [Double], minLoss: Double) -> [String] { base.atBound(theta, minLoss: minLoss) }
}
