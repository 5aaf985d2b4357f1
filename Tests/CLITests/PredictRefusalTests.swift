import Foundation
import Testing

/// `predict` at the edges of a double: a model whose compute overflows, or whose tokens
/// underflow to zero, is refused with the options named (it printed FLOPs "∞").
@Suite struct PredictRefusalTests {
    @Test("a model beyond the range of a double is refused, not printed as ∞")
    func overflowingCompute() throws {
        let big = try CLIHarness.run(["predict", "--preset", "chinchilla", "--params", "1e300", "--tokens", "1e300"])
        #expect(big.status == 1)
        #expect(big.stderr.contains("--params 1e+300 with --tokens 1e+300 needs 6·N·D FLOPs, beyond the range of a double"), "\(big.stderr)")
        #expect(!big.stdout.contains("∞"))
        let none = try CLIHarness.run(["predict", "--preset", "chinchilla", "--params", "1e300", "--flops", "1e-300"])
        #expect(none.status == 1)
        #expect(none.stderr.contains("leaves D = C/(6N) = 0 tokens"), "\(none.stderr)")
        // Large but representable: answered (C = 6e200).
        let fine = try CLIHarness.run(["predict", "--preset", "chinchilla", "--params", "1e100", "--tokens", "1e100", "--format", "json"])
        #expect(fine.status == 0, "\(fine.stderr)")
    }
}
