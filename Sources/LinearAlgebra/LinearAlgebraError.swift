/// What can go wrong in a factorisation or solve. LAPACK reports through `info`; we turn
/// every non-zero `info` into one of these rather than returning garbage.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
    /// `info < 0`: argument number `-info` was illegal (a bug on our side, never the user's).
    case illegalArgument(routine: String, position: Int)
    /// `info > 0` from a factorisation: the matrix is singular or not positive definite.
    case singular(routine: String, info: Int)
    /// `info > 0` from an iterative routine (SVD, eigen): it did not converge.
    case noConvergence(routine: String, info: Int)
    case dimensionMismatch(String)
    /// A NaN or infinity in the input: LAPACK's answer would be meaningless.
    case nonFinite(String)

    public var description: String {
        switch self {
        case let .illegalArgument(routine, position):
            return "\(routine): argument \(position) has an illegal value"
        case let .singular(routine, info):
            return "\(routine): matrix is singular or not positive definite (info = \(info))"
        case let .noConvergence(routine, info):
            return "\(routine): did not converge (info = \(info))"
        case let .dimensionMismatch(what):
            return "dimension mismatch: \(what)"
        case let .nonFinite(what):
            return "non-finite value in \(what)"
        }
    }
}

/// Turns LAPACK's `info` into an error: negative is an illegal argument; positive means
/// `positive` (singular for factorisations, no convergence for iterative routines).
@inline(__always)
func check(_ info: Int32, _ routine: String, positive: (String, Int) -> LinearAlgebraError) throws {
    if info < 0 { throw LinearAlgebraError.illegalArgument(routine: routine, position: Int(-info)) }
    if info > 0 { throw positive(routine, Int(info)) }
}

@inline(__always)
func requireFinite(_ values: [Double], _ what: String) throws {
    for v in values where !v.isFinite { throw LinearAlgebraError.nonFinite(what) }
}
