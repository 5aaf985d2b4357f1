import Foundation
import ScalingLaws

/// Caballero et al.'s BNSL as a curve y(x; φ), with working parameters
/// φ = (a, log b, c0, then per break c_i, log d_i, log f_i) and its gradient:
///
///     y = a + P,  P = b·x^(−c0)·Π g_i,  log g_i = −c_i·f_i·log(1 + t_i),  t_i = (x/d_i)^(1/f_i)
///     ∂y/∂a = 1,  ∂y/∂log b = P,  ∂y/∂c0 = −log x·P,  ∂y/∂c_i = −f_i·log(1 + t_i)·P,
///     ∂y/∂log d_i = c_i·s_i·P,  ∂y/∂log f_i = −c_i·f_i·(log(1 + t_i) − s_i·log t_i)·P,  s_i = t_i/(1 + t_i)
struct BrokenPowerLawModel: CurveModel {
    let breaks: Int
    var parameterCount: Int { 3 + 3 * breaks }

    func value(_ phi: UnsafePointer<Double>, at x: Double, gradient g: UnsafeMutablePointer<Double>) -> Double {
        let lx = log(x)
        var logP = phi[1] - phi[2] * lx
        for i in 0..<breaks {
            let c = phi[3 + 3 * i], f = exp(phi[5 + 3 * i])
            let u = (lx - phi[4 + 3 * i]) / f                 // log t
            let softplus = max(u, 0) + log1p(exp(-abs(u)))     // log(1 + t)
            logP -= c * f * softplus
        }
        let p = exp(logP)
        g[0] = 1; g[1] = p; g[2] = -lx * p
        for i in 0..<breaks {
            let c = phi[3 + 3 * i], f = exp(phi[5 + 3 * i])
            let u = (lx - phi[4 + 3 * i]) / f
            let softplus = max(u, 0) + log1p(exp(-abs(u)))
            let s = LinkModel.logistic(u)
            g[3 + 3 * i] = -f * softplus * p
            g[4 + 3 * i] = c * s * p
            g[5 + 3 * i] = -c * f * (softplus - s * u) * p
        }
        return phi[0] + p
    }
}

/// The broken power law for the optimiser: the curve's x per run and `breaks` breaks.
struct BrokenPowerLawForm: LawParametrisation {
    let x: [Double]
    let breaks: Int
    /// The fit's objective: the seed grid is ranked by it.
    let objective: FitObjective

    var specs: [ParameterSpec] {
        [ParameterSpec(name: "a", scale: .linear), ParameterSpec(name: "b", scale: .logarithmic),
         ParameterSpec(name: "c0", scale: .linear)]
            + (1...max(1, breaks)).prefix(breaks).flatMap { i in
                [ParameterSpec(name: "c\(i)", scale: .linear), ParameterSpec(name: "d\(i)", scale: .logarithmic),
                 ParameterSpec(name: "f\(i)", scale: .logarithmic)]
            }
    }

    func baseObjective(loss: [Double], logLoss: [Double], weights: [Double]) -> any PolishObjective {
        CurveObjective(model: BrokenPowerLawModel(breaks: breaks), x: x, loss: loss, logLoss: logLoss, weights: weights)
    }

    func restricted(to runs: [Int]) -> any LawParametrisation {
        BrokenPowerLawForm(x: runs.map { x[$0] }, breaks: breaks, objective: objective)
    }

    func seedSearch(gridSize: Int, constraints map: ParameterMap) -> any SeedSearch {
        BrokenPowerLawSeeds(form: self, map: map, locations: breaks == 1 ? max(12, min(gridSize, 30)) : 8)
    }
}

/// Seeds for a broken power law: the fit is multi-modal chiefly in where the breaks are. A grid
/// over the break locations (log-spaced from half the smallest x to twice the largest, in
/// increasing order), their sharpness f ∈ {0.05, 0.1, 0.25, 0.5, 1}, the slopes c0 ∈ {0, 0.1,
/// 0.25, 0.5, 1} and c_i ∈ {0.25, 0.5, 1, 2, 4, 8} (with several breaks, f ∈ {0.05, 0.2, 0.8},
/// c_i ∈ {0.5, 2, 6} and 8 locations each); at each point y is linear in (a, b), solved by
/// least squares (b > 0), and the cell is scored by the fit's own objective. The best cells
/// with distinct break locations start the polish. A fixed parameter is searched at its value.
struct BrokenPowerLawSeeds: SeedSearch {
    let form: BrokenPowerLawForm
    let map: ParameterMap
    let locations: Int
    var candidates = 6

    private func axis(_ index: Int, _ grid: [Double]) -> [Double] {
        if case let .fixed(v) = map.roles[index] { return [v] }
        let k = map.freeIndex(index)!
        let inside = grid.filter { $0 >= map.lower[k] && $0 <= map.upper[k] }
        return inside.isEmpty ? [min(max(grid[grid.count / 2], map.lower[k]), map.upper[k])] : inside
    }

    private var axes: [[Double]] {
        let lo = log((form.x.min() ?? 1) / 2), hi = log((form.x.max() ?? 1) * 2)
        let logD = (0..<locations).map { lo + (hi - lo) * Double($0) / Double(locations - 1) }
        var out = [axis(2, [0, 0.1, 0.25, 0.5, 1])]
        // Several breaks multiply the grid: coarser slopes and sharpness per break then.
        let slopes: [Double] = form.breaks == 1 ? [0.25, 0.5, 1, 2, 4, 8] : [0.5, 2, 6]
        let sharpness: [Double] = form.breaks == 1 ? [0.05, 0.1, 0.25, 0.5, 1] : [0.05, 0.2, 0.8]
        for i in 0..<form.breaks {
            out.append(axis(3 + 3 * i, slopes))
            out.append(axis(4 + 3 * i, logD))
            out.append(axis(5 + 3 * i, sharpness.map { log($0) }))
        }
        return out
    }

    var gridPoints: Int { axes.reduce(1) { $0 * $1.count } }

    func seeds(loss y: [Double], weights w: [Double]) -> [[Double]] {
        let axes = self.axes
        let model = BrokenPowerLawModel(breaks: form.breaks)
        let objective = CurveObjective(model: model, x: form.x, loss: y, logLoss: y.map { log($0) }, weights: w)
        var scratch = objective.makeEvaluation()
        let fixedA: Double? = { if case let .fixed(v) = map.roles[0] { return v } else { return nil } }()
        let fixedB: Double? = { if case let .fixed(v) = map.roles[1] { return exp(v) } else { return nil } }()
        var scored: [(value: Double, phi: [Double])] = []
        var index = [Int](repeating: 0, count: axes.count)
        var g = [Double](repeating: 0, count: model.parameterCount)
        outer: while true {
            var phi = [0.0, 0.0] + index.enumerated().map { axes[$0.offset][$0.element] }
            // Breaks in increasing order only (the same law otherwise, relabelled).
            let ordered = (1..<max(1, form.breaks)).allSatisfy { phi[4 + 3 * $0] > phi[4 + 3 * ($0 - 1)] } || form.breaks < 2
            if ordered {
                // v = x^(−c0)·Π g_i (b = 1, a = 0): y ≈ a + b·v.
                phi[0] = 0; phi[1] = 0
                let v = form.x.map { x in phi.withUnsafeBufferPointer { model.value($0.baseAddress!, at: x, gradient: &g) } }
                var sw = 0.0, sv = 0.0, svv = 0.0, sy = 0.0, svy = 0.0
                for j in y.indices { sw += w[j]; sv += w[j] * v[j]; svv += w[j] * v[j] * v[j]; sy += w[j] * y[j]; svy += w[j] * v[j] * y[j] }
                var b: Double, a: Double
                switch (fixedA, fixedB) {
                case let (a0?, b0?): a = a0; b = b0
                case let (a0?, nil): a = a0; b = svv > 0 ? (svy - a0 * sv) / svv : 0
                case let (nil, b0?): b = b0; a = sw > 0 ? (sy - b0 * sv) / sw : 0
                case (nil, nil):
                    let det = sw * svv - sv * sv
                    b = abs(det) > 1e-300 ? (sw * svy - sv * sy) / det : 0
                    a = sw > 0 ? (sy - b * sv) / sw : 0
                }
                if b > 0, b.isFinite, a.isFinite {
                    phi[0] = a; phi[1] = log(b)
                    let value = objective.value(phi, objective: form.objective, scratch: &scratch)
                    if value.isFinite { scored.append((value, phi)) }
                }
            }
            var k = 0
            while k < axes.count {
                index[k] += 1
                if index[k] < axes[k].count { break }
                index[k] = 0
                k += 1
            }
            if k == axes.count { break outer }
        }
        var out: [[Double]] = []
        for cell in scored.sorted(by: { $0.value < $1.value }) {
            if out.contains(where: { sameBasin(cell.phi, $0) }) { continue }
            out.append(cell.phi)
            if out.count == candidates { break }
        }
        return out
    }

    func sameBasin(_ theta: [Double], _ seed: [Double]) -> Bool {
        (0..<form.breaks).allSatisfy { abs(theta[4 + 3 * $0] - seed[4 + 3 * $0]) < 0.1 }
    }

    func atBound(_ theta: [Double], minLoss: Double) -> [String] { [] }
}
