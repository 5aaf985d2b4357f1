import CLAPACK

/// The solution of min ‖A x − b‖₂ (minimum-norm when A is rank-deficient).
public struct LeastSquaresSolution: Sendable, Equatable {
    public let x: [Double]
    /// Effective rank: singular values above `rcond · σ_max` count.
    public let rank: Int
    /// Singular values of A, largest first.
    public let singularValues: [Double]
    /// ‖A x − b‖₂², when A has more rows than columns and full rank; otherwise nil.
    public let residualSumOfSquares: Double?
}

/// Least squares by LAPACK's `dgelsd` (SVD, divide and conquer): stable for the
/// ill-conditioned design matrices a scaling-law fit produces (columns N^−α and D^−β span
/// many orders of magnitude). Singular values below `rcond · σ_max` are treated as zero;
/// the default, max(m, n) · ε, is numpy's `lstsq` choice.
public func leastSquares(_ a: Matrix, _ b: [Double], rcond: Double? = nil) throws -> LeastSquaresSolution {
    guard a.rows == b.count else {
        throw LinearAlgebraError.dimensionMismatch("A has \(a.rows) rows, b has \(b.count) entries")
    }
    try requireFinite(a.elements, "least-squares matrix")
    try requireFinite(b, "least-squares right-hand side")
    var m = Int32(a.rows), n = Int32(a.columns), nrhs: Int32 = 1
    var lda = max(1, m)
    var ldb = max(1, max(m, n))
    var aWork = a.elements
    var bWork = b + [Double](repeating: 0, count: Int(ldb) - b.count)
    var s = [Double](repeating: 0, count: Int(min(m, n)))
    var rc = rcond ?? Double(max(a.rows, a.columns)) * Double.ulpOfOne
    var rank: Int32 = 0
    var info: Int32 = 0
    // Workspace query, then the solve.
    var workSize = 0.0
    var lwork: Int32 = -1
    var iworkSize: Int32 = 0
    dgelsd_(&m, &n, &nrhs, &aWork, &lda, &bWork, &ldb, &s, &rc, &rank, &workSize, &lwork, &iworkSize, &info)
    try check(info, "dgelsd", positive: LinearAlgebraError.noConvergence)
    lwork = Int32(workSize)
    var work = [Double](repeating: 0, count: Int(lwork))
    var iwork = [Int32](repeating: 0, count: max(1, Int(iworkSize)))
    dgelsd_(&m, &n, &nrhs, &aWork, &lda, &bWork, &ldb, &s, &rc, &rank, &work, &lwork, &iwork, &info)
    try check(info, "dgelsd", positive: LinearAlgebraError.noConvergence)
    let x = Array(bWork[0..<Int(n)])
    var rss: Double? = nil
    if m > n && Int(rank) == Int(n) {
        rss = bWork[Int(n)..<Int(m)].reduce(0) { $0 + $1 * $1 }
    }
    return LeastSquaresSolution(x: x, rank: Int(rank), singularValues: s, residualSumOfSquares: rss)
}
