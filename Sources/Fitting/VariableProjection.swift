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
struct VariableProjection: SeedSearch {
    /// Exponent values tried on each axis: log-spaced, so the small exponents real sweeps
    /// have (0.05–0.6) get fine resolution and large ones are still covered.
    var exponentGrid: [Double]
    /// The values tried on each axis: the grid, or a fixed exponent alone, or the grid within
    /// a bound (re-spaced over the bound when few grid points fall inside it).
    let axisGrids: [[Double]]
    /// Whether an axis's values came from a user's fix or bound (its edges are then the user's,
    /// not the search's).
    let axisConstrained: [Bool]
    /// Both exponents tied into one: the search runs along the diagonal.
    let diagonal: Bool
    /// How many distinct grid minima are polished.
    var candidates = 4
    /// xₖᵢ^(−γ) for every axis k, the axis's grid exponent γ and run i: independent of the run
    /// weights, so computed once and shared by every bootstrap resample.
    let basis: [[[Double]]]
    let form: SeparableForm
    /// The coefficients' roles when some are fixed or tied (nil: all free and distinct, the
    /// fast path).
    let coefficientGroups: CoefficientGroups?

    init(form: SeparableForm, exponentGrid: [Double], constraints: ParameterMap? = nil) {
        self.form = form
        self.exponentGrid = exponentGrid
        var grids: [[Double]] = [], constrained: [Bool] = []
        var diagonal = false
        for k in 0..<form.axisCount {
            let i = form.exponentIndex(k)
            guard let map = constraints else { grids.append(exponentGrid); constrained.append(false); continue }
            switch map.roles[i] {
            case let .fixed(v):
                grids.append([v]); constrained.append(true)
            case let .free(z):
                let grid = Self.grid(exponentGrid, within: map.lower[z], map.upper[z])
                grids.append(grid); constrained.append(grid != exponentGrid)
                if k == 1, map.freeIndex(form.exponentIndex(0)) == z { diagonal = true }
            }
        }
        axisGrids = grids
        axisConstrained = constrained
        self.diagonal = diagonal
        coefficientGroups = constraints.flatMap { CoefficientGroups(form: form, map: $0) }
        // On a large seeding set each column on its own core (the same numbers).
        let parallel = form.logAxes.first.map { $0.count >= Self.parallelRuns } ?? false
        basis = zip(form.logAxes, grids).map { axis, grid in
            parallel ? Self.concurrentRows(grid.count) { j in axis.map { exp(-grid[j] * $0) } }
                     : grid.map { gamma in axis.map { exp(-gamma * $0) } }
        }
    }

    /// Runs from which the grid's columns and rows are computed on all cores: each cell's sums
    /// are the serial loop's, so the seeds do not depend on it.
    static let parallelRuns = 10_000

    /// Σ aᵢbᵢ in four interleaved partial sums (a large sweep's seeding grid: four independent
    /// additions in flight instead of one chain; the same sum to rounding).
    static func interleavedDot(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>) -> Double {
        let n = a.count, blocks = n / 4
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        for k in 0..<blocks {
            let i = 4 * k
            s0 += a[i] * b[i]; s1 += a[i + 1] * b[i + 1]; s2 += a[i + 2] * b[i + 2]; s3 += a[i + 3] * b[i + 3]
        }
        for i in (4 * blocks)..<n { s0 += a[i] * b[i] }
        return (s0 + s1) + (s2 + s3)
    }

    /// `row(i)` for i in 0..<count, on all cores, in order.
    static func concurrentRows<Row>(_ count: Int, _ row: @escaping @Sendable (Int) -> Row) -> [Row] {
        let slots = ResampleSlots<Row>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { slots.set($0, row($0)) }
        return slots.values.map { $0! }
    }

    static func logSpaced(from lo: Double, to hi: Double, count: Int) -> [Double] {
        guard count > 1 else { return [lo] }
        return (0..<count).map { lo * pow(hi / lo, Double($0) / Double(count - 1)) }
    }

    /// `grid` within [low, high]; when fewer than a quarter of its points (or 5) fall inside,
    /// the same number of points log-spaced over the bound instead.
    static func grid(_ grid: [Double], within low: Double, _ high: Double) -> [Double] {
        let inside = grid.filter { $0 >= low && $0 <= high }
        if inside.count == grid.count { return grid }
        if inside.count >= max(5, grid.count / 4) { return inside }
        let lo = low > 0 ? low : min(grid.first!, high / 10)
        let hi = high.isFinite ? high : max(grid.last!, lo * 10)
        return logSpaced(from: lo, to: hi, count: grid.count)
    }

    struct Cell: Sendable {
        var exponents: [Double]
        var gridIndex: [Int]
        var coefficients: [Double]
        var floor: Double?
        var rss: Double
    }

    var gridPoints: Int { diagonal ? axisGrids[0].count : axisGrids.reduce(1) { $0 * $1.count } }

    func seeds(loss: [Double], weights: [Double]) -> [[Double]] {
        let minLoss = loss.min() ?? 1
        return search(loss: loss, weights: weights).map { cell in
            // A coefficient the grid set to zero is started just above zero (θ holds logs).
            let coefficients = cell.coefficients.map { max($0, 1e-12) }
            let floor = cell.floor.map { max($0, 1e-6 * minLoss) }
            return form.theta(coefficients: coefficients, floor: floor, exponents: cell.exponents)
        }
    }

    func sameBasin(_ theta: [Double], _ seed: [Double]) -> Bool {
        isNeighbour((0..<form.axisCount).map { theta[form.exponentIndex($0)] },
                    of: (0..<form.axisCount).map { seed[form.exponentIndex($0)] })
    }

    func atBound(_ theta: [Double], minLoss: Double) -> [String] {
        var out: [String] = []
        for k in 0..<form.axisCount where !axisConstrained[k] {
            let value = theta[form.exponentIndex(k)]
            let grid = axisGrids[k]
            if value <= grid.first! * 1.0001 || value >= grid.last! * 0.9999 { out.append(form.exponentNames[k]) }
        }
        if let f = form.floorIndex, exp(theta[f]) < 1e-4 * minLoss { out.append(form.floorName) }
        return out
    }

    /// The best `candidates` local minima of the projected objective, best first.
    func search(loss: [Double], weights runWeights: [Double]) -> [Cell] {
        if let groups = coefficientGroups { return groups.search(self, loss: loss, weights: runWeights) }
        let n = loss.count
        let w = (0..<n).map { runWeights[$0] / (loss[$0] * loss[$0]) }
        let yy = (0..<n).reduce(0.0) { $0 + w[$1] * loss[$1] * loss[$1] }
        let k = form.axisCount
        // Weighted sums of each basis column: Σwφ, Σwφ², Σwφy.
        var sumPhi = axisGrids.map { [Double](repeating: 0, count: $0.count) }
        var sumPhi2 = sumPhi, sumPhiY = sumPhi
        for axis in 0..<k {
            for j in 0..<axisGrids[axis].count {
                var a = 0.0, b = 0.0, c = 0.0
                basis[axis][j].withUnsafeBufferPointer { col in
                    w.withUnsafeBufferPointer { w in
                        loss.withUnsafeBufferPointer { loss in
                            for i in 0..<n { let v = w[i] * col[i]; a += v; b += v * col[i]; c += v * loss[i] }
                        }
                    }
                }
                sumPhi[axis][j] = a; sumPhi2[axis][j] = b; sumPhiY[axis][j] = c
            }
        }
        let sumW = w.reduce(0, +)
        let sumWY = (0..<n).reduce(0.0) { $0 + w[$1] * loss[$1] }
        let g0 = axisGrids[0].count
        let g1 = k == 2 && !diagonal ? axisGrids[1].count : 1
        let total = g0 * g1
        var rssGrid = [Double](repeating: .infinity, count: total)
        var coefGrid = [[Double]](repeating: [], count: total)
        let m = k + (form.hasFloor ? 1 : 0)
        let (phi, phi2, phiY) = (sumPhi, sumPhi2, sumPhiY)
        let (basis, diagonal, hasFloor, interleaved) = (self.basis, self.diagonal, form.hasFloor, form.seedsALargeSweep)
        // The cells of one j0 (every j1): a solver and scratch of their own, so that the rows of a
        // large seeding set run on all cores with the numbers of one loop.
        let row = { @Sendable (j0: Int) -> [(rss: Double, coefficients: [Double])?] in
            var solver = NonNegativeLeastSquares(size: m)
            var weighted = [Double](repeating: 0, count: n)
            // The cross term Σ w φ₁ φ₂ is the only sum that needs both exponents.
            if k == 2 { let a = basis[0][j0]; for i in 0..<n { weighted[i] = w[i] * a[i] } }
            return (0..<g1).map { j1 in
                let index = k == 1 ? [j0] : [j0, diagonal ? j0 : j1]
                solver.reset()
                for u in 0..<k {
                    solver.gram[u * m + u] = phi2[u][index[u]]
                    solver.rhs[u] = phiY[u][index[u]]
                    if hasFloor { solver.gram[u * m + k] = phi[u][index[u]]; solver.gram[k * m + u] = phi[u][index[u]] }
                }
                if k == 2 {
                    var cross = 0.0
                    basis[1][index[1]].withUnsafeBufferPointer { b in
                        weighted.withUnsafeBufferPointer { weighted in
                            if interleaved { cross = Self.interleavedDot(weighted, b) } else {
                                for i in 0..<n { cross += weighted[i] * b[i] }
                            }
                        }
                    }
                    solver.gram[1] = cross; solver.gram[m] = cross
                }
                if hasFloor { solver.gram[k * m + k] = sumW; solver.rhs[k] = sumWY }
                guard let rss = solver.solve(yy: yy) else { return nil }
                return (rss, solver.solution)
            }
        }
        let rows = n >= Self.parallelRuns && g0 > 1 ? Self.concurrentRows(g0, row) : (0..<g0).map(row)
        for j0 in 0..<g0 {
            for (j1, cell) in rows[j0].enumerated() {
                guard let cell else { continue }
                rssGrid[j0 + j1 * g0] = cell.rss
                coefGrid[j0 + j1 * g0] = cell.coefficients
            }
        }
        return Self.localMinima(rssGrid, shape: [g0, g1]).prefix(candidates).map { flat in
            let index = k == 1 ? [flat] : [flat % g0, diagonal ? flat % g0 : flat / g0]
            let coef = coefGrid[flat]
            return Cell(exponents: (0..<k).map { axisGrids[$0][index[$0]] }, gridIndex: index,
                        coefficients: Array(coef[0..<k]), floor: form.hasFloor ? coef[k] : nil, rss: rssGrid[flat])
        }
    }

    /// Whether `exponents` lie within one grid step of `cell` on every axis (the grid is
    /// log-spaced, so steps are compared as ratios).
    func isNeighbour(_ exponents: [Double], of cell: [Double]) -> Bool {
        guard exponentGrid.count > 1 else { return true }
        let step = log(exponentGrid[1] / exponentGrid[0])
        return zip(exponents, cell).allSatisfy { abs(log(max($0, 1e-300) / max($1, 1e-300))) <= 1.5 * step }
    }

    /// Flat indices of cells no worse than any of their grid neighbours, best first.
    static func localMinima(_ rss: [Double], shape: [Int]) -> [Int] {
        let g0 = shape[0], g1 = shape.count == 2 ? shape[1] : 1
        var out: [Int] = []
        for i1 in 0..<g1 {
            for i0 in 0..<g0 {
                let v = rss[i0 + i1 * g0]
                guard v.isFinite else { continue }
                var isMinimum = true
                for d1 in -1...1 {
                    for d0 in -1...1 where !(d0 == 0 && d1 == 0) {
                        let j0 = i0 + d0, j1 = i1 + d1
                        guard j0 >= 0, j0 < g0, j1 >= 0, j1 < g1 else { continue }
                        if rss[j0 + j1 * g0] < v { isMinimum = false }
                    }
                }
                if isMinimum { out.append(i0 + i1 * g0) }
            }
        }
        return out.sorted { rss[$0] < rss[$1] }
    }
}
