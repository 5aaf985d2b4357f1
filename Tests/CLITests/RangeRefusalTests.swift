import Foundation
import Testing

/// Models at the edges of a double: a compute that overflows, or tokens that underflow to zero,
/// are refused with the options named (`predict` printed FLOPs "∞", `cost` JSON nulls for the
/// training figures, `simulate` an empty flops cell).
@Suite struct RangeRefusalTests {
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

    @Test("cost and simulate refuse a model whose compute overflows")
    func costAndSimulate() throws {
        let cost = try CLIHarness.run(["cost", "--params", "1e300", "--tokens", "1e300", "--format", "json"])
        #expect(cost.status == 1)
        #expect(cost.stderr.contains("costs more FLOPs than a double can hold"), "\(cost.stderr)")
        #expect(cost.stdout.isEmpty)
        let fine = try CLIHarness.run(["cost", "--params", "1e150", "--tokens", "1e150", "--format", "json"])
        #expect(fine.status == 0, "\(fine.stderr)")
        let flops = try #require(try jsonObject(fine.stdout)["training_flops"] as? Double)
        #expect(abs(flops / 6e300 - 1) < 1e-12, "\(flops)")
        let sim = try CLIHarness.run(["simulate", "--preset", "chinchilla", "--params", "1e300:1e300:1", "--tokens", "1e300:1e300:1"])
        #expect(sim.status == 1)
        #expect(sim.stderr.contains("need 6·N·D FLOPs, beyond the range of a double"), "\(sim.stderr)")
    }

    @Test("a non-positive model size or x says why it is refused")
    func nonPositiveQuantities() throws {
        let zero = try CLIHarness.run(["predict", "--preset", "chinchilla", "--params", "0", "--tokens", "1e9"])
        #expect(zero.status == 64)
        #expect(zero.stderr.contains("'--params <params>': must be a positive number, not 0"), "\(zero.stderr)")
        let word = try CLIHarness.run(["predict", "--preset", "chinchilla", "--params", "7X", "--tokens", "1e9"])
        #expect(word.stderr.contains("'7X' is not a number"), "\(word.stderr)")
    }
}
