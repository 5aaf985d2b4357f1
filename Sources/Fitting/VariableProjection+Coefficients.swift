import Foundation

/// Variable projection when some coefficients (A, B, the floor E) are fixed or tied: the
/// inner problem is still linear, in the free coefficients, on columns that sum the tied
/// ones' basis functions, against the loss minus the fixed ones' contribution:
///
///     L − Σ_fixed c·φ_c = Σ_groups C_g · Σ_{c ∈ g} φ_c,   C_g ≥ 0.
///
/// Slower than the fast path (it forms each cell's Gram matrix from the runs) and only used
/// when such constraints are given. Bounds on coefficients are not imposed here: the polish
/// starts from the seeds clamped into them.
struct CoefficientGroups: Sendable {
    enum Slot: Sendable { case fixed(Double), group(Int) }
    /// One slot per coefficient in θ order (the axes' coefficients, then the floor).
    let slots: [Slot]
    let groupCount: Int

    /// Nil when every coefficient is free and distinct (the fast path applies).
    init?(form: SeparableForm, map: ParameterMap) {
        let m = form.axisCount + (form.hasFloor ? 1 : 0)
        var slots: [Slot] = [], groupOfFree: [Int: Int] = [:]
        var constrained = false
        for c in 0..<m {
            switch map.roles[c] {
            case let .fixed(v):
                slots.append(.fixed(exp(v))); constrained = true
            case let .free(z):
                if let g = groupOfFree[z] { slots.append(.group(g)); constrained = true } else {
                    groupOfFree[z] = groupOfFree.count
                    slots.append(.group(groupOfFree[z]!))
                }
            }
        }
        guard constrained else { return nil }
        self.slots = slots
        groupCount = groupOfFree.count
    }

    func search(_ vp: VariableProjection, loss: [Double], weights runWeights: [Double]) -> [VariableProjection.Cell] {
        let form = vp.form, n = loss.count, k = form.axisCount
        let w = (0..<n).map { runWeights[$0] / (loss[$0] * loss[$0]) }
        let g0 = vp.axisGrids[0].count
        let g1 = k == 2 && !vp.diagonal ? vp.axisGrids[1].count : 1
        var rssGrid = [Double](repeating: .infinity, count: g0 * g1)
        var coefGrid = [[Double]](repeating: [], count: g0 * g1)
        let ones = [Double](repeating: 1, count: n)
        var solver = NonNegativeLeastSquares(size: max(groupCount, 1))
        var columns = [[Double]](repeating: [Double](repeating: 0, count: n), count: max(groupCount, 1))
        var target = [Double](repeating: 0, count: n)
        for j0 in 0..<g0 {
            for j1 in 0..<g1 {
                let index = k == 1 ? [j0] : [j0, vp.diagonal ? j0 : j1]
                let slotColumn: (Int) -> [Double] = { c in c < k ? vp.basis[c][index[c]] : ones }
                for g in 0..<groupCount { for i in 0..<n { columns[g][i] = 0 } }
                for i in 0..<n { target[i] = loss[i] }
                for (c, slot) in slots.enumerated() {
                    let col = slotColumn(c)
                    switch slot {
                    case let .fixed(v): for i in 0..<n { target[i] -= v * col[i] }
                    case let .group(g): for i in 0..<n { columns[g][i] += col[i] }
                    }
                }
                var yy = 0.0
                for i in 0..<n { yy += w[i] * target[i] * target[i] }
                let flat = j0 + j1 * g0
                if groupCount == 0 { rssGrid[flat] = yy; coefGrid[flat] = []; continue }   // every coefficient fixed
                solver.reset()
                for u in 0..<groupCount {
                    var b = 0.0
                    for i in 0..<n { b += w[i] * columns[u][i] * target[i] }
                    solver.rhs[u] = b
                    for v in u..<groupCount {
                        var s = 0.0
                        for i in 0..<n { s += w[i] * columns[u][i] * columns[v][i] }
                        solver.gram[u * groupCount + v] = s; solver.gram[v * groupCount + u] = s
                    }
                }
                if let rss = solver.solve(yy: yy) {
                    rssGrid[flat] = rss
                    coefGrid[flat] = solver.solution
                } else {
                    // No positive combination helps (the fixed terms already overshoot every
                    // run): the free coefficients are 0, the residual all of it.
                    rssGrid[flat] = yy
                    coefGrid[flat] = [Double](repeating: 0, count: groupCount)
                }
            }
        }
        return VariableProjection.localMinima(rssGrid, shape: [g0, g1]).prefix(vp.candidates).map { flat in
            let index = k == 1 ? [flat] : [flat % g0, vp.diagonal ? flat % g0 : flat / g0]
            let values = slots.map { slot -> Double in
                switch slot {
                case let .fixed(v): return v
                case let .group(g): return coefGrid[flat][g]
                }
            }
            return VariableProjection.Cell(exponents: (0..<k).map { vp.axisGrids[$0][index[$0]] }, gridIndex: index,
                                           coefficients: Array(values[0..<k]), floor: form.hasFloor ? values[k] : nil,
                                           rss: rssGrid[flat])
        }
    }
}
