import Foundation
import LinearAlgebra

/// Kaplan et al.'s L = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D for the optimiser.
///
/// With p = α_N/α_D and q = α_D, log L = q · log(e^(u − p·log N) + e^(v − log D)), where
/// u = p·log N_c and v = log D_c: a log-sum-exp of affine terms (the D term with a fixed
/// unit slope) scaled by q. θ = (u, v, p, q).
///
/// For fixed (p, q), L^(1/q) = e^u·N^(−p) + e^v·D^(−1) is linear in (e^u, e^v): the search
/// projects those out on a (p, q) grid, as variable projection does for Chinchilla.
struct KaplanForm: LogSumExpForm {
    var logParams: [Double]
    var logTokens: [Double]

    /// Working parameters (log N_c, log D_c, α_N, α_D); the model's θ = (u, v, p, q) follows
    /// from them (`ModelMap.kaplan`).
    var specs: [ParameterSpec] {
        [ParameterSpec(name: "N_c", scale: .logarithmic), ParameterSpec(name: "D_c", scale: .logarithmic),
         ParameterSpec(name: "alpha_N", scale: .exponent), ParameterSpec(name: "alpha_D", scale: .exponent)]
    }

    var modelMap: ModelMap { .kaplan }

    var model: LogSumExpModel {
        LogSumExpModel(terms: [.init(intercept: 0, slope: 2, x: logParams),
                               .init(intercept: 1, slope: nil, x: logTokens, fixedSlope: 1)],
                       parameterCount: 4, outerScale: 3)
    }

    func restricted(to runs: [Int]) -> any LawParametrisation {
        KaplanForm(logParams: runs.map { logParams[$0] }, logTokens: runs.map { logTokens[$0] })
    }

    /// Constraints are not used by the grid (the polish imposes them on its seeds).
    func seedSearch(gridSize: Int, constraints: ParameterMap) -> any SeedSearch {
        KaplanProjection(form: self,
                         ratios: VariableProjection.logSpaced(from: 0.05, to: 5, count: gridSize),
                         scales: VariableProjection.logSpaced(from: 0.01, to: 1, count: gridSize))
    }
}

/// The (p, q) grid search for Kaplan's form, each cell a non-negative least-squares solve
/// of L^(1/q) on (N^(−p), D^(−1)), weighted to relative error, and scored by the weighted
/// squared residuals of log L at that solution.
///
/// Why not score a cell by the linear solve's own residual: relative residuals in L^(1/q)
/// are 1/q times those in L only while they are small. Where the form fits badly and q is
/// small (L^100 at q = 0.01) they blow up non-linearly, and the linear residuals ranked cells
/// at q = 0.01 with the N term switched off above the real basin. On Chinchilla's 240 runs
/// (Epoch's reconstruction) that sent every start to a degenerate optimum (N_c = 0,
/// F = 0.0112) where an independent scipy multi-start finds F = 0.00266
/// (`scripts/reference/kaplan_fit.py`).
struct KaplanProjection: SeedSearch {
    let form: KaplanForm
    /// Grid over p = α_N/α_D and over q = α_D.
    let ratios: [Double]
    let scales: [Double]
    var candidates = 4

    var gridPoints: Int { ratios.count * scales.count }

    func seeds(loss: [Double], weights: [Double]) -> [[Double]] {
        let n = loss.count
        let inverseTokens = form.logTokens.map { exp(-$0) }
        let logLoss = loss.map { log($0) }
        let basis = ratios.map { p in form.logParams.map { exp(-p * $0) } }
        var solver = NonNegativeLeastSquares(size: 2)
        var cells: [(rss: Double, theta: [Double], index: (Int, Int))] = []
        var rssGrid = [Double](repeating: .infinity, count: gridPoints)
        var thetas = [[Double]](repeating: [], count: gridPoints)
        for (iq, q) in scales.enumerated() {
            let y = loss.map { pow($0, 1 / q) }
            let w = (0..<n).map { weights[$0] / (y[$0] * y[$0]) }
            var yy = 0.0, zz = 0.0, zy = 0.0
            for i in 0..<n { yy += w[i] * y[i] * y[i]; zz += w[i] * inverseTokens[i] * inverseTokens[i]; zy += w[i] * inverseTokens[i] * y[i] }
            for (ip, p) in ratios.enumerated() {
                let phi = basis[ip]
                var pp = 0.0, pz = 0.0, py = 0.0
                for i in 0..<n { let v = w[i] * phi[i]; pp += v * phi[i]; pz += v * inverseTokens[i]; py += v * y[i] }
                solver.reset()
                solver.gram[0] = pp; solver.gram[1] = pz; solver.gram[2] = pz; solver.gram[3] = zz
                solver.rhs[0] = py; solver.rhs[1] = zy
                guard solver.solve(yy: yy) != nil else { continue }
                let flat = ip + iq * ratios.count
                let (c0, c1) = (solver.solution[0], solver.solution[1])
                var rss = 0.0
                for i in 0..<n {
                    let r = q * log(c0 * phi[i] + c1 * inverseTokens[i]) - logLoss[i]
                    rss += weights[i] * r * r
                }
                guard rss.isFinite else { continue }
                rssGrid[flat] = rss
                let c = solver.solution.map { max($0, 1e-300) }
                thetas[flat] = [log(c[0]), log(c[1]), p, q]
            }
        }
        for iq in scales.indices {
            for ip in ratios.indices {
                let flat = ip + iq * ratios.count
                let v = rssGrid[flat]
                guard v.isFinite else { continue }
                var isMinimum = true
                for dq in -1...1 { for dp in -1...1 where !(dp == 0 && dq == 0) {
                    let jp = ip + dp, jq = iq + dq
                    guard jp >= 0, jp < ratios.count, jq >= 0, jq < scales.count else { continue }
                    if rssGrid[jp + jq * ratios.count] < v { isMinimum = false }
                } }
                if isMinimum { cells.append((v, thetas[flat], (ip, iq))) }
            }
        }
        return cells.sorted { $0.rss < $1.rss }.prefix(candidates).map(\.theta)
    }

    func sameBasin(_ theta: [Double], _ seed: [Double]) -> Bool {
        let stepP = log(ratios[1] / ratios[0]), stepQ = log(scales[1] / scales[0])
        return abs(log(max(theta[2], 1e-300) / seed[2])) <= 1.5 * stepP
            && abs(log(max(theta[3], 1e-300) / seed[3])) <= 1.5 * stepQ
    }

    func atBound(_ theta: [Double], minLoss: Double) -> [String] {
        var out: [String] = []
        if theta[2] <= ratios.first! * 1.0001 || theta[2] >= ratios.last! * 0.9999 { out.append("alpha_N") }
        if theta[3] <= scales.first! * 1.0001 || theta[3] >= scales.last! * 0.9999 { out.append("alpha_D") }
        return out
    }
}
