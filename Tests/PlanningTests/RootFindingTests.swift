import Foundation
import Testing
@testable import Planning

@Suite("Brent's method")
struct RootFindingTests {
    @Test("Finds the Dottie number cos x = x to full precision")
    func dottie() throws {
        // The Dottie number, 0.739085133215160641655312087673… (OEIS A003957).
        let x = try #require(Brent.root(in: 0, 1) { cos($0) - $0 })
        #expect(abs(x - 0.7390851332151607) < 1e-15)
    }

    @Test("Stays in the bracket where Newton's method from the midpoint would leave it")
    func staysInside() throws {
        // atan has its root at 0; Newton from 1.5 jumps outside [-2, 2] (x − atan(x)(1+x²) ≈ −1.69, then diverges).
        let x = try #require(Brent.root(in: -2, 2.1) { atan($0) })
        #expect(abs(x) < 1e-14)
    }

    @Test("Reports no root when the bracket has none")
    func noSignChange() {
        #expect(Brent.root(in: 1, 2) { $0 * $0 + 1 } == nil)
    }

    @Test("Expands upward to find a bracket")
    func expanding() throws {
        let x = try #require(Brent.rootExpandingUpward(from: 0) { log1p($0) - 10 })
        #expect(abs(x - expm1(10)) < 1e-9)
    }

    @Test("Safeguarded Newton finds √2 from outside-the-bracket starts and stays inside")
    func safeguardedNewton() throws {
        // x² − 2 on [0, 2]: Newton from 0 would divide by zero; the safeguard bisects instead.
        for start in [0.0, 2.0, 5.0, -3.0] {
            let x = try #require(SafeguardedNewton.root(in: 0, 2, start: start) { ($0 * $0 - 2, 2 * $0) })
            #expect(abs(x - 2.0.squareRoot()) < 1e-14)
        }
    }

    @Test("Safeguarded Newton and Brent agree on the planner's optimality condition")
    func plannerResidual() throws {
        let curve = try IsoLossCurve(law: sardana, loss: 1.95)
        let k = CostCoefficients(perParamToken: 6, perParam: 2e14)
        let brent = try #require(Brent.root(in: curve.chinchillaT, 30, tolerance: 1e-14) { curve.optimalityResidual($0, k) })
        let newton = try curve.cheapestT(k)
        #expect(abs(brent - newton) < 1e-12)
    }
}
