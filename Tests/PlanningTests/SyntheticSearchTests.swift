import Foundation
import Testing
import ScalingLaws
@testable import Planning

/// `--optimise-synthetic`: the amount of rephrased data the planner chooses is the cheapest one
/// a brute-force scan finds, and worthless synthetic data is never bought.
@Suite struct SyntheticSearchTests {
    /// Muennighoff et al.'s fit (the `muennighoff2023` preset).
    static let law = ChinchillaLaw(E: exp(0.6254804), A: exp(6.255414), B: exp(7.3049974), alpha: 0.3526596, beta: 0.3526596)

    static func planner(unique: Double, worth: Double = 1, rephraser: Double = 7e9) -> Planner {
        var p = flopsPlanner(law, tokens: 1e12)
        p.uniqueData = UniqueData(uniqueTokens: unique, halfLife: 15.387756, paramsHalfLife: 5.309743)
        p.optimiseSynthetic = SyntheticData(tokens: 0, worth: worth, rephraserParams: rephraser)
        return p
    }

    static func total(_ planner: Planner, synthetic s: Double) -> Double {
        var p = planner
        var template = p.optimiseSynthetic!
        template.tokens = s
        p.optimiseSynthetic = nil
        p.synthetic = template
        return (try? p.plan(.loss(2.3)))?.recommended.totalFLOPs ?? .infinity
    }

    /// At 5B and 20B unique tokens rephrasing pays; at 200B the data suffices and none is made.
    @Test(arguments: [(5e9, true), (20e9, true), (200e9, false)])
    func chosenAmountBeatsABruteForceScan(_ unique: Double, _ pays: Bool) throws {
        let planner = Self.planner(unique: unique)
        let chosen = try planner.plan(.loss(2.3))
        let s = try #require(chosen.synthetic).data.tokens
        // 0, and 600 log-spaced amounts from 0.01% to 100× the unique data.
        let scan = [0] + (0..<600).map { unique * pow(10, -4 + 6 * Double($0) / 599) }
        let best = scan.map { Self.total(planner, synthetic: $0) }.min()!
        #expect(best.isFinite && (s > 0) == pays, "S = \(s)")
        #expect(chosen.recommended.totalFLOPs <= best * (1 + 1e-6), "S = \(s): \(chosen.recommended.totalFLOPs) vs scan \(best)")
        #expect(chosen.syntheticOptimised)
    }

    /// Synthetic tokens worth a thousandth of a real one add less than repeating the real data
    /// does; generating them costs FLOPs, so none are bought.
    @Test func worthlessDataIsNeverBought() throws {
        let chosen = try Self.planner(unique: 20e9, worth: 1e-3).plan(.loss(2.3))
        #expect(chosen.synthetic?.data.tokens == 0)
    }

    /// Generation cost grows with the amount (2·N_g·(1 + r)·S, linear).
    @Test func moreSyntheticDataCostsMoreToMake() {
        let amounts = [0, 1e9, 1e10, 1e11]
        let flops = amounts.map { SyntheticData(tokens: $0).generationFLOPs }
        #expect(zip(flops, flops.dropFirst()).allSatisfy { $0 < $1 })
        #expect(flops[2] == 2 * 7e9 * 2.1 * 1e10)
    }
}
