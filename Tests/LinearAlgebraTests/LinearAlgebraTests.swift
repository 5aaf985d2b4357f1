import Testing
@testable import LinearAlgebra

/// Each solver is checked against a closed form or an identity it must satisfy.
@Suite struct LinearAlgebraTests {
    @Test func leastSquaresRecoversExactLine() throws {
        // y = 2 + 3x exactly: the fit must return (2, 3) and zero residual.
        let xs: [Double] = [0, 1, 2, 3, 4]
        let a = Matrix(xs.map { [1, $0] })
        let y = xs.map { 2 + 3 * $0 }
        let s = try leastSquares(a, y)
        #expect(abs(s.x[0] - 2) < 1e-12 && abs(s.x[1] - 3) < 1e-12)
        #expect(s.rank == 2)
        #expect((s.residualSumOfSquares ?? 1) < 1e-20)
    }

    @Test func leastSquaresMatchesNormalEquationsClosedForm() throws {
        // Simple regression: slope = Sxy / Sxx, intercept = ȳ − slope·x̄.
        let xs: [Double] = [1, 2, 4, 7, 11]
        let ys: [Double] = [1.3, 2.1, 3.9, 7.6, 10.2]
        let mx = xs.reduce(0, +) / 5, my = ys.reduce(0, +) / 5
        let sxy = zip(xs, ys).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let sxx = xs.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        let slope = sxy / sxx
        let s = try leastSquares(Matrix(xs.map { [1, $0] }), ys)
        #expect(abs(s.x[1] - slope) < 1e-12)
        #expect(abs(s.x[0] - (my - slope * mx)) < 1e-12)
    }

    @Test func rankDeficientLeastSquaresGivesMinimumNorm() throws {
        // Two identical columns: the minimum-norm solution splits the weight evenly.
        let a = Matrix([[1, 1], [2, 2], [3, 3]])
        let s = try leastSquares(a, [2, 4, 6])
        #expect(s.rank == 1)
        #expect(abs(s.x[0] - 1) < 1e-10 && abs(s.x[1] - 1) < 1e-10)
    }

    @Test func spdSolveAndItsFailure() throws {
        let a = Matrix([[4, 1], [1, 3]])
        let x = try solveSymmetricPositiveDefinite(a, [1, 2])
        // Cramer's rule: det = 11, x = (1·3 − 1·2, 4·2 − 1·1)/11.
        #expect(abs(x[0] - 1.0 / 11) < 1e-14 && abs(x[1] - 7.0 / 11) < 1e-14)
        #expect(throws: LinearAlgebraError.self) {
            try solveSymmetricPositiveDefinite(Matrix([[1, 2], [2, 1]]), [1, 1])
        }
    }

    @Test func generalSolveAndInverse() throws {
        let a = Matrix([[0, 2, 1], [1, 0, 0], [3, 1, 1]])
        let x = try solve(a, [3, 1, 5])
        let back = a * x
        for (u, v) in zip(back, [3.0, 1, 5]) { #expect(abs(u - v) < 1e-12) }
        let inv = try inverse(a)
        let id = a * inv
        for i in 0..<3 { for j in 0..<3 { #expect(abs(id[i, j] - (i == j ? 1 : 0)) < 1e-12) } }
        #expect(throws: LinearAlgebraError.self) { try inverse(Matrix([[1, 2], [2, 4]])) }
    }

    @Test func svdReconstructsAndKnowsItsSingularValues() throws {
        // [[3, 0], [4, 5]] has singular values √45 and √5 (σ² are eigenvalues of AᵀA = [[25,20],[20,25]]).
        let a = Matrix([[3, 0], [4, 5]])
        let svd = try singularValueDecomposition(a)
        #expect(abs(svd.singularValues[0] - 45.0.squareRoot()) < 1e-12)
        #expect(abs(svd.singularValues[1] - 5.0.squareRoot()) < 1e-12)
        let rebuilt = svd.u * Matrix.diagonal(svd.singularValues) * svd.vt
        for i in 0..<2 { for j in 0..<2 { #expect(abs(rebuilt[i, j] - a[i, j]) < 1e-12) } }
        #expect(svd.rank() == 2)
    }

    @Test func symmetricEigenOfKnownMatrix() throws {
        // [[2, 1], [1, 2]]: eigenvalues 1 and 3, eigenvectors (1, −1)/√2 and (1, 1)/√2.
        let e = try symmetricEigen(Matrix([[2, 1], [1, 2]]))
        #expect(abs(e.values[0] - 1) < 1e-14 && abs(e.values[1] - 3) < 1e-14)
        #expect(abs(abs(e.vectors[0, 1]) - 0.5.squareRoot()) < 1e-14)
    }

    @Test func pseudoInverseDropsNullDirection() throws {
        // pinv of [[1, 1], [1, 1]] is [[1, 1], [1, 1]] / 4.
        let (p, dropped) = try pseudoInverse(Matrix([[1, 1], [1, 1]]))
        #expect(dropped == 1)
        for i in 0..<2 { for j in 0..<2 { #expect(abs(p[i, j] - 0.25) < 1e-14) } }
    }

    @Test func nonFiniteInputIsRefused() {
        #expect(throws: LinearAlgebraError.nonFinite("least-squares right-hand side")) {
            try leastSquares(Matrix([[1], [1]]), [1, .nan])
        }
    }
}
