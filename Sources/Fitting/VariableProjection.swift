import Foundation
import LinearAlgebra

/// Global search over the exponents by variable projection (Golub & Pereyra 1973).
///
/// For fixed exponents γ the law L = E + Σ Cₖ xₖ^(−γₖ) is linear in (E, C), so the best
/// coefficients are a least-squares solve. Projecting them out leaves a function of γ alone
/// (one or two dimensions), which a dense grid covers completely: the grid finds every basin,
/// and its best few cells seed the full robust polish. The inner problem is weighted least
/// squares on relative error, Σ wᵢ (L̂ᵢ − Lᵢ)² / Lᵢ², a smooth proxy for the log-space
/// objective; coefficients are kept non-negative by trying the active sets (at most 2³).
struct VariableProjection {
    /// Exponent values tried on each axis: log-spaced, so the small exponents real sweeps
    /// have (0.05–0.6) get fine resolution and large ones are still covered.
    var exponentGrid: [Double] = VariableProjection.logSpaced(from: 0.02, to: 2.5, count: 50)
    /// How many distinct grid minima are polished.
    var candidates = 4

    static func logSpaced(from lo: Double, to hi: Double, count: Int) -> [Double] {
        guard count > 1 else { return [lo] }
        return (0..<count).map { lo * pow(hi / lo, Double($0) / Double(count - 1)) }
    }

    struct Cell {
        var exponents: [Double]
        var gridIndex: [Int]
        var coefficients: [Double]
        var floor: Double?
        var rss: Double
    }

    /// The best `candidates` local minima of the projected objective, best first.
    func search(_ form: SeparableForm, loss: [Double], weights runWeights: [Double]) -> [Cell] {
        let n = loss.count
        let w = (0..<n).map { runWeights[$0] / (loss[$0] * loss[$0]) }
        let yy = (0..<n).reduce(0.0) { $0 + w[$1] * loss[$1] * loss[$1] }
        let g = exponentGrid.count
        // Per axis and exponent: the basis column φ = x^(−γ) and its weighted sums.
        var phi: [[[Double]]] = []
        var sumPhi: [[Double]] = [], sumPhi2: [[Double]] = [], sumPhiY: [[Double]] = []
        for axis in form.logAxes {
            var columns: [[Double]] = []
            var s1: [Double] = [], s2: [Double] = [], sy: [Double] = []
            for gamma in exponentGrid {
                let col = axis.map { exp(-gamma * $0) }
                var a = 0.0, b = 0.0, c = 0.0
                for i in 0..<n { let v = w[i] * col[i]; a += v; b += v * col[i]; c += v * loss[i] }
                columns.append(col); s1.append(a); s2.append(b); sy.append(c)
            }
            phi.append(columns); sumPhi.append(s1); sumPhi2.append(s2); sumPhiY.append(sy)
        }
        let sumW = w.reduce(0, +)
        let sumWY = (0..<n).reduce(0.0) { $0 + w[$1] * loss[$1] }
        let k = form.axisCount
        let shape = Array(repeating: g, count: k)
        let total = shape.reduce(1, *)
        var cells: [Cell?] = Array(repeating: nil, count: total)
        for flat in 0..<total {
            let index = k == 1 ? [flat] : [flat % g, flat / g]
            // Gram matrix over [C₁ … C_K, E], and right-hand side.
            let m = k + (form.hasFloor ? 1 : 0)
            var gram = [Double](repeating: 0, count: m * m)
            var rhs = [Double](repeating: 0, count: m)
            for u in 0..<k {
                gram[u * m + u] = sumPhi2[u][index[u]]
                rhs[u] = sumPhiY[u][index[u]]
                if form.hasFloor { gram[u * m + k] = sumPhi[u][index[u]]; gram[k * m + u] = gram[u * m + k] }
            }
            if k == 2 {
                let a = phi[0][index[0]], b = phi[1][index[1]]
                var cross = 0.0
                for i in 0..<n { cross += w[i] * a[i] * b[i] }
                gram[1] = cross; gram[m] = cross
            }
            if form.hasFloor { gram[k * m + k] = sumW; rhs[k] = sumWY }
            guard let (coef, rss) = nonNegativeSolve(gram: gram, rhs: rhs, yy: yy, size: m) else { continue }
            cells[flat] = Cell(exponents: index.map { exponentGrid[$0] }, gridIndex: index,
                               coefficients: Array(coef[0..<k]), floor: form.hasFloor ? coef[k] : nil, rss: rss)
        }
        return localMinima(cells, shape: shape).prefix(candidates).map { $0 }
    }

    /// min θᵀGθ − 2θᵀb + yy over θ ≥ 0 by enumerating the active sets (m ≤ 3, so ≤ 8 solves),
    /// each solved by Cholesky (LAPACK). Columns are scaled to unit diagonal first, since
    /// x^(−γ) spans many orders of magnitude.
    private func nonNegativeSolve(gram: [Double], rhs: [Double], yy: Double, size m: Int) -> ([Double], Double)? {
        let scale = (0..<m).map { gram[$0 * m + $0] > 0 ? 1 / gram[$0 * m + $0].squareRoot() : 0 }
        var best: ([Double], Double)? = nil
        for mask in stride(from: (1 << m) - 1, through: 1, by: -1) {
            let free = (0..<m).filter { mask & (1 << $0) != 0 && scale[$0] > 0 }
            guard !free.isEmpty else { continue }
            let f = free.count
            var a = [Double](repeating: 0, count: f * f)
            var b = [Double](repeating: 0, count: f)
            for (u, i) in free.enumerated() {
                b[u] = rhs[i] * scale[i]
                for (v, j) in free.enumerated() { a[u * f + v] = gram[i * m + j] * scale[i] * scale[j] }
            }
            guard let z = try? solveSymmetricPositiveDefinite(Matrix(rows: f, columns: f, columnMajor: a), b),
                  z.allSatisfy({ $0 >= 0 }) else { continue }
            var theta = [Double](repeating: 0, count: m)
            for (u, i) in free.enumerated() { theta[i] = z[u] * scale[i] }
            // RSS = yy − bᵀθ at the (sub)problem's optimum.
            let rss = max(0, yy - zip(free, z).reduce(0.0) { $0 + rhs[$1.0] * scale[$1.0] * $1.1 })
            if best == nil || rss < best!.1 { best = (theta, rss) }
            if mask == (1 << m) - 1 { break }  // the unconstrained solution is feasible: done
        }
        return best
    }

    /// Cells no worse than any of their grid neighbours, best first.
    private func localMinima(_ cells: [Cell?], shape: [Int]) -> [Cell] {
        let g = shape[0]
        var out: [Cell] = []
        for case let cell? in cells {
            var isMinimum = true
            let idx = cell.gridIndex
            for d0 in -1...1 {
                for d1 in (shape.count == 2 ? -1...1 : 0...0) where !(d0 == 0 && d1 == 0) {
                    let i0 = idx[0] + d0
                    let i1 = shape.count == 2 ? idx[1] + d1 : 0
                    guard i0 >= 0, i0 < g, i1 >= 0, i1 < (shape.count == 2 ? g : 1) else { continue }
                    if let other = cells[i0 + i1 * g], other.rss < cell.rss { isMinimum = false }
                }
            }
            if isMinimum { out.append(cell) }
        }
        return out.sorted { $0.rss < $1.rss }
    }
}
