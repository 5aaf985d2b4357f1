import Foundation
import Testing
import ScalingLaws
@testable import Planning

/// `break_even_reuses` on an example worked by hand, every number derived below from the
/// definitions (not from the planner).
@Suite struct SyntheticBreakEvenTests {
    /// The example. Law L = E + A·N^−α + B·D^−β with E = 1, A = B = 100, α = β = 1/2; a fixed
    /// model of N = 10⁸ parameters (`--params`), target loss 1.02, FLOPs, no inference.
    ///
    /// 1. Data needed: A·N^−α = 100/10⁴ = 0.01, so B·D_eff^−β = 1.02 − 1 − 0.01 = 0.01 and
    ///    D_eff = (100/0.01)² = 10⁸ effective tokens.
    /// 2. Without synthetic data: U = 5·10⁷ unique tokens, R* = 10. Muennighoff et al.'s eq. 5,
    ///    D′ = U + U·R*·(1 − e^(−R/R*)) = 5·10⁷ + 5·10⁸·(1 − e^(−R/10)) = 10⁸, gives
    ///    e^(−R/10) = 0.9, R = 10·ln(10/9) = 1.0536052, D = U·(1 + R) = 102,680,258 tokens.
    ///    Cost: 6·N·D = 6·10⁸ · 1.0268026·10⁸ = 6.1608155·10¹⁶ FLOPs.
    /// 3. With S = 5·10⁷ rephrased tokens worth k = 1: the pool is U + S = 10⁸ raw tokens, each
    ///    worth (U + k·S)/(U + S) = 1, so one epoch gives the 10⁸ effective tokens: D = 10⁸,
    ///    no repetition. Training: 6·10⁸·10⁸ = 6·10¹⁶ FLOPs.
    /// 4. Generation with a 10⁷-parameter rephraser reading r = 1.1 prompt tokens per token
    ///    written: 2·N_g·(1 + r)·S = 2·10⁷·2.1·5·10⁷ = 2.1·10¹⁵ FLOPs.
    /// 5. Each run that uses the corpus saves 6.1608155·10¹⁶ − 6·10¹⁶ = 1.6081547·10¹⁵ FLOPs of
    ///    training; the corpus pays for itself after 2.1·10¹⁵ / 1.6081547·10¹⁵ = 1.3058445 runs.
    ///    (One run alone: 6·10¹⁶ + 2.1·10¹⁵ = 6.21·10¹⁶ FLOPs, more than 6.1608·10¹⁶.)
    @Test func workedExample() throws {
        let law = ChinchillaLaw(E: 1, A: 100, B: 100, alpha: 0.5, beta: 0.5)
        var planner = flopsPlanner(law, tokens: 0, fixedParams: 1e8)
        planner.uniqueData = UniqueData(uniqueTokens: 5e7, halfLife: 10)
        planner.synthetic = SyntheticData(tokens: 5e7, worth: 1, rephraserParams: 1e7, promptRatio: 1.1)
        let plan = try planner.plan(.loss(1.02))
        let s = try #require(plan.synthetic)
        #expect(relativeError(plan.recommended.tokens, 1e8) < 1e-12)                   // step 3
        #expect(relativeError(s.generationFLOPs, 2.1e15) < 1e-15)                       // step 4
        #expect(relativeError(plan.recommended.totalFLOPs, 6.21e16) < 1e-12)            // steps 3–4
        #expect(relativeError(try #require(s.breakEvenReuses), 1.3058445) < 1e-7)       // step 5

        var without = planner
        without.synthetic = nil
        let bare = try without.plan(.loss(1.02))
        #expect(relativeError(bare.recommended.tokens, 102_680_258) < 1e-8)             // step 2
        #expect(relativeError(bare.recommended.totalFLOPs, 6.1608155e16) < 1e-7)

        // Shared by two runs (past the break-even), each run's total is below the plan without it:
        // 6·10¹⁶ + 1.05·10¹⁵ = 6.105·10¹⁶ < 6.1608·10¹⁶.
        planner.synthetic?.reuse = 2
        #expect(relativeError(try planner.plan(.loss(1.02)).recommended.totalFLOPs, 6.105e16) < 1e-12)
    }
}
