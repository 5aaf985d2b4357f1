import Foundation
import Testing

/// `--synthetic-tokens`: rephrased data in the pool, and what it costs to make (WRAP).
@Suite struct SyntheticDataCommandTests {
    static let base = CappedDataPlan.base

    func plan(_ extra: [String]) throws -> [String: Any] { try CappedDataPlan.json(extra) }

    /// Generation cost worked by hand: a 7B rephraser reads 1.1·S and writes S tokens, 2·N_g
    /// FLOPs each; reading at the prefill's 50% of int8 peak, writing at the decode's 1%.
    @Test func generationCostByHand() throws {
        let o = try plan(["--synthetic-tokens", "20B", "--objective", "cost", "--infer-gpu", "a100-80gb", "--infer-price", "2"])
        let s = try #require(o["synthetic"] as? [String: Any])
        let flops = 2 * 7e9 * (1 + 1.1) * 20e9
        #expect(s["generation_flops"] as? Double == flops)
        let peak = 624e12   // A100 int8 dense
        let hours = 2 * 7e9 * 1.1 * 20e9 / (peak * 0.5 * 3600) + 2 * 7e9 * 20e9 / (peak * 0.01 * 3600)
        #expect(abs((s["generation_gpu_hours"] as? Double ?? .nan) / hours - 1) < 1e-12)
        #expect(abs((s["generation_cost_usd"] as? Double ?? .nan) / (2 * hours) - 1) < 1e-12)
    }

    /// The break-even by its definition, from two plans: the generation cost over what the
    /// rephrasing saves a run (the plan without it, less the plan with it net of generation).
    @Test func breakEvenByHand() throws {
        let with = try plan(["--synthetic-tokens", "20B"]), without = try plan([])
        let s = try #require(with["synthetic"] as? [String: Any])
        let generation = s["generation_flops"] as! Double
        let c1 = (with["recommended"] as! [String: Any])["total_flops"] as! Double
        let c0 = (without["recommended"] as! [String: Any])["total_flops"] as! Double
        let expected = generation / (c0 - (c1 - generation))
        #expect(abs((s["break_even_reuses"] as? Double ?? .nan) / expected - 1) < 1e-12)
        // Shared by three runs, each carries a third of the generation in its training FLOPs.
        let shared = try plan(["--synthetic-tokens", "20B", "--synthetic-reuse", "3"])
        let t3 = (shared["recommended"] as! [String: Any])["training_flops"] as! Double
        let t1 = (with["recommended"] as! [String: Any])["training_flops"] as! Double
        #expect(abs((t1 - t3) / (generation * 2 / 3) - 1) < 1e-9)
    }

    /// No synthetic tokens is today's plan; the pool's worth follows D′ computed here.
    @Test func zeroIsTodaysPlanAndWorthCountsInTheLaw() throws {
        let none = try plan([]), zero = try plan(["--synthetic-tokens", "0"])
        for key in ["params", "tokens", "total_flops", "effective_tokens"] {
            let a = (none["recommended"] as! [String: Any])[key] as! Double, b = (zero["recommended"] as! [String: Any])[key] as! Double
            #expect(a == b, "\(key)")
        }
        // 10B synthetic tokens worth 2 real ones each: pool U + S = 30B raw, worth (20 + 20)/30 per token.
        let o = try plan(["--synthetic-tokens", "10B", "--synthetic-worth", "2"])
        let r = try #require(o["recommended"] as? [String: Any])
        let d = r["tokens"] as! Double, pool = 30e9, w = 40.0 / 30.0, rStar = 15.387756
        let decayed = pool + pool * rStar * (1 - exp(-(d / pool - 1) / rStar))   // Muennighoff et al. eq. 5
        #expect(abs((r["effective_tokens"] as! Double) / (w * decayed) - 1) < 1e-9)
    }

    @Test func refusals() throws {
        let cases: [([String], String)] = [
            (["plan", "--preset", "muennighoff2023", "--target-loss", "2.3", "--synthetic-tokens", "1B"], "--synthetic-tokens adds to a cap of unique data"),
            (Array(Self.base.dropLast(2)) + ["--synthetic-worth", "2"], "--synthetic-worth needs --synthetic-tokens"),
            (Array(Self.base.dropLast(2)) + ["--synthetic-tokens", "1B", "--synthetic-worth", "0"], "--synthetic-worth: a synthetic token's worth must be > 0"),
            (Array(Self.base.dropLast(2)) + ["--synthetic-tokens", "1B", "--synthetic-reuse", "0.5"], "--synthetic-reuse: the corpus must serve at least 1 training run"),
            (Array(Self.base.dropLast(2)) + ["--synthetic-tokens=-1"], "--synthetic-tokens: synthetic tokens must be ≥ 0"),
        ]
        for (arguments, message) in cases {
            let r = try CLIHarness.run(arguments)
            #expect(r.status != 0 && r.stderr.contains(message), "\(arguments): \(r.stderr)")
        }
    }
}
