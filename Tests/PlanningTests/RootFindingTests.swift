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
}
