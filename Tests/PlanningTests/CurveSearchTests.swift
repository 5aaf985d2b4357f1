import Foundation
import Testing
@testable import Planning

/// `CurveSearch` on a cost with several local minima whose bound comes, as the planner's does,
/// from a falling part and a rising part: c(t) = f(t) + g(t), f = e^(−t) − 0.8·Σ σ(40·(t − cᵢ))
/// falling, g = e^t rising, so c ≥ f(b) + g(a) on [a, b]. The answer is checked against a dense grid.
@Suite struct CurveSearchTests {
    static func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    @Test(arguments: [[0.5, 1.0, 1.5], [0.3, 1.2], [0.8]])
    func globalMinimumOfAMultimodalCost(_ steps: [Double]) throws {
        func falling(_ t: Double) -> Double { t == .infinity ? -0.8 * Double(steps.count) : exp(-t) - 0.8 * steps.reduce(0) { $0 + Self.sigmoid(40 * (t - $1)) } }
        func rising(_ t: Double) -> Double { t == -.infinity ? 0 : exp(t) }
        func cost(_ t: Double) -> Double { falling(t) + rising(t) }
        func slope(_ t: Double) -> Double {
            exp(t) - exp(-t) - 0.8 * steps.reduce(0) { s, c in let q = Self.sigmoid(40 * (t - c)); return s + 40 * q * (1 - q) }
        }
        let search = CurveSearch(lower: -.infinity, upper: .infinity, start: 0, cost: cost,
                                 bound: { a, b in falling(b) + rising(a) }, slope: slope)
        let t = try search.minimum()
        let grid = (0...200_000).map { -5 + 10 * Double($0) / 200_000 }
        let localMinima = (1..<grid.count - 1).filter { cost(grid[$0]) < cost(grid[$0 - 1]) && cost(grid[$0]) < cost(grid[$0 + 1]) }
        let best = grid.min { cost($0) < cost($1) }!
        #expect(localMinima.count >= steps.count, "the cost has \(localMinima.count) local minima")
        #expect(cost(t) <= cost(best) + 1e-12, "t \(t) (\(cost(t))) vs grid \(best) (\(cost(best)))")
        #expect(abs(t - best) < 1e-4)
        #expect(abs(slope(t)) < 1e-9)
    }

    /// A piece with finite ends: the minimum at an end is returned exactly.
    @Test func minimumAtAnEnd() throws {
        let search = CurveSearch(lower: 1, upper: 3, start: 0, cost: { exp($0) + exp(-$0) },
                                 bound: { a, b in exp(a) + exp(-b) }, slope: { exp($0) - exp(-$0) })
        #expect(try search.minimum() == 1)
    }
}
