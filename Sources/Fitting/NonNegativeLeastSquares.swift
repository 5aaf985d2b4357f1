import LinearAlgebra

/// min θᵀGθ − 2θᵀb + yy over θ ≥ 0 for tiny systems (m ≤ 3 unknowns), given the Gram
/// matrix G and b = Xᵀy: every active set is tried (at most 2³ − 1), each solved by Cholesky
/// (LAPACK `dposv`), and the best feasible one wins. Columns are scaled to unit diagonal
/// first, since x^(−γ) spans many orders of magnitude.
///
/// Owns its scratch, so the variable-projection grid solves thousands of these without
/// allocating.
struct NonNegativeLeastSquares {
    let size: Int
    /// Row-major m×m Gram matrix and right-hand side, filled by the caller.
    var gram: [Double]
    var rhs: [Double]
    /// The best feasible solution after `solve`.
    private(set) var solution: [Double]
    private var scale: [Double]
    private var factor: [Double]
    private var reducedRHS: [Double]
    private var reducedSolution: [Double]
    private var free: [Int]

    init(size m: Int) {
        size = m
        gram = [Double](repeating: 0, count: m * m)
        rhs = [Double](repeating: 0, count: m)
        solution = rhs; scale = rhs; reducedRHS = rhs; reducedSolution = rhs
        factor = gram
        free = []
        free.reserveCapacity(m)
    }

    mutating func reset() {
        for j in gram.indices { gram[j] = 0 }
        for j in rhs.indices { rhs[j] = 0 }
    }

    /// Solves; returns the residual sum of squares yy − bᵀθ, or nil when no active set is
    /// feasible (all-zero data).
    mutating func solve(yy: Double) -> Double? {
        let m = size
        for i in 0..<m { let d = gram[i * m + i]; scale[i] = d > 0 ? 1 / d.squareRoot() : 0 }
        var best: Double? = nil
        for mask in stride(from: (1 << m) - 1, through: 1, by: -1) {
            free.removeAll(keepingCapacity: true)
            for i in 0..<m where mask & (1 << i) != 0 && scale[i] > 0 { free.append(i) }
            let f = free.count
            guard f > 0 else { continue }
            for u in 0..<f {
                let i = free[u]
                reducedRHS[u] = rhs[i] * scale[i]
                reducedSolution[u] = reducedRHS[u]
                for v in 0..<f { let j = free[v]; factor[u + v * f] = gram[i * m + j] * scale[i] * scale[j] }
            }
            let ok = factor.withUnsafeMutableBufferPointer { a in
                reducedSolution.withUnsafeMutableBufferPointer { z in
                    solveSymmetricPositiveDefiniteInPlace(order: f, a.baseAddress!, z.baseAddress!)
                }
            }
            guard ok else { continue }
            var feasible = true
            var explained = 0.0
            for u in 0..<f {
                if reducedSolution[u] < 0 { feasible = false; break }
                explained += reducedRHS[u] * reducedSolution[u]
            }
            guard feasible else { continue }
            let rss = max(0, yy - explained)
            if best == nil || rss < best! {
                best = rss
                for i in 0..<m { solution[i] = 0 }
                for u in 0..<f { solution[free[u]] = reducedSolution[u] * scale[free[u]] }
            }
            if mask == (1 << m) - 1 { break }  // the unconstrained optimum is feasible: done
        }
        return best
    }
}
