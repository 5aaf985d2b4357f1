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

    /// The property as a theorem: when, at every D the plan may train on (here D ≤ --max-tokens
    /// 300B), S synthetic tokens at worth k give no more effective data than repeating the real
    /// data does — w̄·D′(D, U + S) ≤ D′(D, U), w̄ = (U + k·S)/(U + S), checked below from eq. 5
    /// over the optimiser's whole range of S — every plan with S > 0 is matched by the same
    /// (N, D) without it at no generation cost, so S = 0 is chosen. k = 0.5 is below
    /// D′(300B, 20B)/300B = 0.68, the worth of a token repeated to that length.
    @Test func syntheticWorthNoMoreThanRepetitionIsNeverBought() throws {
        let u = 20e9, k = 0.5, dMax = 300e9, rStar = 15.387756
        func decayed(_ d: Double, _ pool: Double) -> Double {
            d <= pool ? d : pool + pool * rStar * (1 - exp(-(d / pool - 1) / rStar))
        }
        for s in (0...40).map({ u * pow(10, -3 + 5 * Double($0) / 40) }) {
            let w = (u + k * s) / (u + s)
            for d in (1...300).map({ dMax * Double($0) / 300 }) {
                #expect(w * decayed(d, u + s) <= decayed(d, u) * (1 + 1e-12), "premise at S \(s), D \(d)")
            }
        }
        // Without R*_N: a larger pool would also raise the parameters the data supports, which
        // the premise does not cover.
        func planner(worth: Double) -> Planner {
            var p = Self.planner(unique: u, worth: worth)
            p.uniqueData = UniqueData(uniqueTokens: u, halfLife: rStar)
            p.constraints = [MaxTokens(dMax)]
            return p
        }
        let chosen = try planner(worth: k).plan(.loss(2.3))
        #expect(chosen.synthetic?.data.tokens == 0)
        // The same limit with synthetic tokens worth 3 real ones: then rephrasing is bought.
        #expect(try #require(try planner(worth: 3).plan(.loss(2.3)).synthetic).data.tokens > 0)
    }

    /// More synthetic data never lowers what a plan pays to generate it: GPU-hours and dollars
    /// over increasing S, each the hand formula (reading at the prefill's 50% of A100 int8 peak,
    /// writing at the decode's 1%, $2 an hour).
    @Test func moreSyntheticDataNeverCostsLessInAPlan() throws {
        var previous = -1.0
        for s in [0, 1e9, 5e9, 2e10, 1e11] {
            var p = Planner(law: Self.law, costModel: CostModel(demand: InferenceDemand(tokens: 1e12),
                            training: Pricing(hardware: "a100-80gb", dataType: .bf16, peakFLOPS: 312e12, utilisation: 0.4, priceUSDPerGPUHour: 2),
                            prefill: Pricing(hardware: "a100-80gb", dataType: .int8, peakFLOPS: 624e12, utilisation: 0.5, priceUSDPerGPUHour: 2),
                            decode: Pricing(hardware: "a100-80gb", dataType: .int8, peakFLOPS: 624e12, utilisation: 0.01, priceUSDPerGPUHour: 2)),
                            objective: .cost)
            p.uniqueData = UniqueData(uniqueTokens: 20e9, halfLife: 15.387756)
            p.synthetic = SyntheticData(tokens: s)
            let summary = try #require(try p.plan(.loss(2.3)).synthetic)
            let hours = 2 * 7e9 * 1.1 * s / (624e12 * 0.5 * 3600) + 2 * 7e9 * s / (624e12 * 0.01 * 3600)
            let usd = try #require(summary.generationUSD)
            #expect(abs(usd - 2 * hours) <= 1e-12 * max(1, usd))
            #expect(usd > previous || (s == 0 && usd == 0))
            previous = usd
        }
    }

    /// Generation cost grows with the amount (2·N_g·(1 + r)·S, linear).
    @Test func moreSyntheticDataCostsMoreToMake() {
        let amounts = [0, 1e9, 1e10, 1e11]
        let flops = amounts.map { SyntheticData(tokens: $0).generationFLOPs }
        #expect(zip(flops, flops.dropFirst()).allSatisfy { $0 < $1 })
        #expect(flops[2] == 2 * 7e9 * 2.1 * 1e10)
    }
}
