import CLAPACK

/// A = U · diag(σ) · Vᵀ (thin), from LAPACK `dgesdd`.
public struct SingularValueDecomposition: Sendable, Equatable {
    public let u: Matrix
    /// Singular values, largest first.
    public let singularValues: [Double]
    public let vt: Matrix

    /// Condition number σ_max / σ_min (infinite when σ_min is zero).
    public var conditionNumber: Double {
        guard let first = singularValues.first, let last = singularValues.last else { return 1 }
        return last == 0 ? .infinity : first / last
    }

    /// Rank at relative tolerance `rcond` (default: n · machine epsilon, as numpy does).
    public func rank(rcond: Double? = nil) -> Int {
        guard let first = singularValues.first else { return 0 }
        let tol = (rcond ?? Double(max(u.rows, vt.columns)) * Double.ulpOfOne) * first
        return singularValues.filter { $0 > tol }.count
    }
}

public func singularValueDecomposition(_ a: Matrix) throws -> SingularValueDecomposition {
    try requireFinite(a.elements, "SVD input")
    let k = min(a.rows, a.columns)
    var jobz = Int8(UInt8(ascii: "S"))
    var m = Int32(a.rows), n = Int32(a.columns), lda = max(1, Int32(a.rows))
    var ldu = max(1, Int32(a.rows)), ldvt = max(1, Int32(k))
    var aWork = a.elements
    var s = [Double](repeating: 0, count: k)
    var u = [Double](repeating: 0, count: a.rows * k)
    var vt = [Double](repeating: 0, count: k * a.columns)
    var iwork = [Int32](repeating: 0, count: max(1, 8 * k))
    var info: Int32 = 0
    var workSize = 0.0
    var lwork: Int32 = -1
    dgesdd_(&jobz, &m, &n, &aWork, &lda, &s, &u, &ldu, &vt, &ldvt, &workSize, &lwork, &iwork, &info, 1)
    try check(info, "dgesdd", positive: LinearAlgebraError.noConvergence)
    lwork = Int32(workSize)
    var work = [Double](repeating: 0, count: max(1, Int(lwork)))
    dgesdd_(&jobz, &m, &n, &aWork, &lda, &s, &u, &ldu, &vt, &ldvt, &work, &lwork, &iwork, &info, 1)
    try check(info, "dgesdd", positive: LinearAlgebraError.noConvergence)
    return SingularValueDecomposition(u: Matrix(rows: a.rows, columns: k, columnMajor: u),
                                      singularValues: s,
                                      vt: Matrix(rows: k, columns: a.columns, columnMajor: vt))
}
