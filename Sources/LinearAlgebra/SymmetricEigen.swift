import CLAPACK

/// Eigen-decomposition of a symmetric matrix, A = V · diag(λ) · Vᵀ (LAPACK `dsyev`).
public struct SymmetricEigenDecomposition: Sendable, Equatable {
    /// Eigenvalues in ascending order.
    public let values: [Double]
    /// Orthonormal eigenvectors, one per column, in the order of `values`.
    public let vectors: Matrix
}

public func symmetricEigen(_ a: Matrix) throws -> SymmetricEigenDecomposition {
    guard a.isSquare else { throw LinearAlgebraError.dimensionMismatch("matrix is \(a.rows)x\(a.columns), not square") }
    try requireFinite(a.elements, "eigen input")
    var jobz = Int8(UInt8(ascii: "V")), uplo = Int8(UInt8(ascii: "L"))
    var n = Int32(a.rows), lda = max(1, Int32(a.rows))
    var aWork = a.elements
    var w = [Double](repeating: 0, count: a.rows)
    var info: Int32 = 0
    var workSize = 0.0
    var lwork: Int32 = -1
    dsyev_(&jobz, &uplo, &n, &aWork, &lda, &w, &workSize, &lwork, &info, 1, 1)
    try check(info, "dsyev", positive: LinearAlgebraError.noConvergence)
    lwork = Int32(workSize)
    var work = [Double](repeating: 0, count: max(1, Int(lwork)))
    dsyev_(&jobz, &uplo, &n, &aWork, &lda, &w, &work, &lwork, &info, 1, 1)
    try check(info, "dsyev", positive: LinearAlgebraError.noConvergence)
    return SymmetricEigenDecomposition(values: w, vectors: Matrix(rows: a.rows, columns: a.columns, columnMajor: aWork))
}
