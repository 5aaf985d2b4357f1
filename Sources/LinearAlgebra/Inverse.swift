import CLAPACK

/// The inverse of a square matrix by LU (LAPACK `dgetrf` + `dgetri`). Throws `.singular`
/// when an exact zero pivot appears; an ill-conditioned matrix inverts, so callers that
/// care (covariance from a Hessian) should look at the condition number or use
/// `pseudoInverse`.
public func inverse(_ a: Matrix) throws -> Matrix {
    guard a.isSquare else { throw LinearAlgebraError.dimensionMismatch("matrix is \(a.rows)x\(a.columns), not square") }
    try requireFinite(a.elements, "matrix to invert")
    if a.rows == 0 { return a }
    var n = Int32(a.rows), lda = max(1, Int32(a.rows))
    var aWork = a.elements
    var ipiv = [Int32](repeating: 0, count: a.rows)
    var info: Int32 = 0
    dgetrf_(&n, &n, &aWork, &lda, &ipiv, &info)
    try check(info, "dgetrf", positive: LinearAlgebraError.singular)
    var workSize = 0.0
    var lwork: Int32 = -1
    dgetri_(&n, &aWork, &lda, &ipiv, &workSize, &lwork, &info)
    try check(info, "dgetri", positive: LinearAlgebraError.singular)
    lwork = Int32(workSize)
    var work = [Double](repeating: 0, count: max(1, Int(lwork)))
    dgetri_(&n, &aWork, &lda, &ipiv, &work, &lwork, &info)
    try check(info, "dgetri", positive: LinearAlgebraError.singular)
    return Matrix(rows: a.rows, columns: a.columns, columnMajor: aWork)
}

/// Moore–Penrose pseudo-inverse through the SVD: singular values below `rcond · σ_max`
/// are treated as zero. Also returns how many were, so callers can warn.
public func pseudoInverse(_ a: Matrix, rcond: Double = 1e-12) throws -> (inverse: Matrix, droppedDirections: Int) {
    let svd = try singularValueDecomposition(a)
    let k = svd.singularValues.count
    let tol = rcond * (svd.singularValues.first ?? 0)
    var out = Matrix(rows: a.columns, columns: a.rows)
    var dropped = 0
    for l in 0..<k {
        let s = svd.singularValues[l]
        guard s > tol, s > 0 else { dropped += 1; continue }
        let inv = 1 / s
        for j in 0..<a.rows {
            let ujl = svd.u[j, l] * inv
            if ujl == 0 { continue }
            for i in 0..<a.columns { out[i, j] += svd.vt[l, i] * ujl }
        }
    }
    return (out, dropped)
}
