import Testing
import ScalingLaws
@testable import Planning

/// The figures of Sardana & Frankle 2024 ("Beyond Chinchilla-Optimal", arXiv 2401.00448),
/// reproduced with their coefficient set. Where the paper rounds (6.97B, 17%), the test
/// allows the rounding; the exact values are also pinned against Benchmarks/planning/
/// reference.py (scipy brentq on the N-parametrised problem), `python3 reference.py check`.
@Suite("Sardana & Frankle 2024: published figures")
struct SardanaPaperTests {
    @Test("Fig. 1: Chinchilla-13B quality serving 2T tokens is a 6.97B model, saving 1.7e22 FLOPs (17%)")
    func figure1() throws {
        let plan = try flopsPlanner(tokens: 2e12).plan(.qualityOf(params: 13e9))
        #expect(abs(plan.recommended.params - 6.97e9) < 0.005e9)
        let saved = plan.chinchilla.totalFLOPs - plan.recommended.totalFLOPs
        #expect(abs(saved - 1.7e22) < 0.05e22)
        #expect(abs(plan.savings.flopsFraction - 0.17) < 0.005)
        // reference.py: N = 6968595127, saved = 1.69173e22, fraction 0.174467.
        #expect(relativeError(plan.recommended.params, 6968595127) < 1e-8)
        #expect(relativeError(saved, 1.69173e22) < 1e-5)
    }

    @Test("§2: Chinchilla-7B quality, 1e11 inference tokens: 6.0B params on 1.18x the data")
    func sevenB() throws {
        let plan = try flopsPlanner(tokens: 1e11).plan(.qualityOf(params: 7e9))
        #expect(abs(plan.recommended.params - 6.0e9) < 0.05e9)
        #expect(abs(plan.recommended.tokens / plan.chinchilla.tokens - 1.18) < 0.005)
        // reference.py: N = 5999721824, D = 3.250220392e11.
        #expect(relativeError(plan.recommended.params, 5999721824) < 1e-8)
        #expect(relativeError(plan.recommended.tokens, 3.250220392e11) < 1e-8)
    }

    @Test("§2: Chinchilla-30B quality, 1e13 tokens: 13.6B on 2.84x the data, 28% fewer FLOPs")
    func thirtyB() throws {
        let plan = try flopsPlanner(tokens: 1e13).plan(.qualityOf(params: 30e9))
        #expect(abs(plan.recommended.params - 13.6e9) < 0.05e9)
        #expect(abs(plan.recommended.tokens / plan.chinchilla.tokens - 2.84) < 0.005)
        #expect(abs(plan.savings.flopsFraction - 0.28) < 0.005)
        // reference.py: N = 1.361282965e10, D = 4.426237389e12.
        #expect(relativeError(plan.recommended.params, 1.361282965e10) < 1e-8)
        #expect(relativeError(plan.recommended.tokens, 4.426237389e12) < 1e-8)
    }

    @Test("App. B Table 2: Chinchilla-70B on 4.26T tokens; with 1e13 tokens, 41.6B on 7.92T, 12% fewer FLOPs")
    func seventyB() throws {
        let plan = try flopsPlanner(tokens: 1e13).plan(.qualityOf(params: 70e9))
        #expect(abs(plan.chinchilla.params - 70e9) < 1)
        // The paper prints 4.26T; the law gives 4.2547T (reference.py agrees), so allow 0.01T.
        #expect(abs(plan.chinchilla.tokens - 4.26e12) < 0.01e12)
        #expect(abs(plan.recommended.params - 41.6e9) < 0.05e9)
        #expect(abs(plan.recommended.tokens - 7.92e12) < 0.005e12)
        #expect(abs(plan.savings.flopsFraction - 0.12) < 0.005)
        // reference.py: N = 4.155133637e10, D = 7.922503472e12, Chinchilla D = 4.254741272e12.
        #expect(relativeError(plan.recommended.params, 4.155133637e10) < 1e-8)
        #expect(relativeError(plan.chinchilla.tokens, 4.254741272e12) < 1e-8)
    }
}
