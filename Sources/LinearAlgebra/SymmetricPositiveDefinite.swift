import CLAPACK

/// Solves A x = b for symmetric positive definite A by Cholesky (LAPACK `dposv`).
/// Throws `.singular` when A is not positive definite — the caller decides what that means
/// (for a Newton step: add damping and try again).
public func solveSymmetricPositiveDefinite(_ a: Matrix, _ b: [Double]) throws -> [Double] {
    guard a.isSquare, a.rows == b.count else {
        throw LinearAlgebraError.dimensionMismatch("A is \(a.rows)x\(a.columns), b has \(b.count) entries")
    }
    try requireFinite(a.elements, "SPD matrix")
    try requireFinite(b, "SPD right-hand side")
    var uplo = Int8(UInt8(ascii: "L"))
    var n = Int32(a.rows), nrhs: Int32 = 1, lda = max(1, Int32(a.rows)), ldb = max(1, Int32(a.rows))
    var aWork = a.elements
    var x = b
    var info: Int32 = 0
    dposv_(&uplo, &n, &nrhs, &aWork, &lda, &x, &ldb, &info, 1)
    try check(info, "dposv", positive: LinearAlgebraError.singular)
    return x
}

/// Solves A x = b for general square A by LU with partial pivoting (LAPACK `dgesv`).
public func solve(_ a: Matrix, _ b: [Double]) throws -> [Double] {
    guard a.isSquare, a.rows == b.count else {
        throw LinearAlgebraError.dimensionMismatch("A is \(a.rows)x\(a.columns), b has \(b.count) entries")
    }
    try requireFinite(a.elements, "matrix")
    try requireFinite(b, "right-hand side")
    var n = Int32(a.rows), nrhs: Int32 = 1, lda = max(1, n), ldb = max(1, n)
    var aWork = a.elements
    var x = b
    var ipiv = [Int32](repeating: 0, count: Int(n))
    var info: Int32 = 0
    dgesv_(&n, &nrhs, &aWork, &lda, &ipiv, &x, &ldb, &info)
    try check(info, "dgesv", positive: LinearAlgebraError.singular)
    return x
}

/// Cholesky solve on caller-owned storage, for hot loops that solve thousands of tiny
/// systems (the variable-projection grid): `a` (n×n, column-major) is overwritten by its
/// factor and `b` by the solution. Returns false when A is not positive definite.
/// No allocation, no copies; the same LAPACK `dposv` underneath.
public func solveSymmetricPositiveDefiniteInPlace(order n: Int, _ a: UnsafeMutablePointer<Double>,
                                                  _ b: UnsafeMutablePointer<Double>) -> Bool {
    var uplo = Int8(UInt8(ascii: "L"))
    var nn = Int32(n), nrhs: Int32 = 1, lda = Int32(max(1, n)), ldb = Int32(max(1, n))
    var info: Int32 = 0
    dposv_(&uplo, &nn, &nrhs, a, &lda, b, &ldb, &info, 1)
    return info == 0
}
