import Foundation
import Testing

/// `--data-multiplier m`: each training token worth m tokens of the law's data.
@Suite struct DataMultiplierCommandTests {
    func plan(_ extra: [String]) throws -> [String: Any] {
        let r = try CLIHarness.run(["plan", "--preset", "chinchilla-sardana", "--target-loss", "2.0", "--format", "json"] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        return try jsonObject(r.stdout)
    }

    /// Without inference the answer is Chinchilla's allocation at loss ℓ, in closed form:
    /// αx = βy, x + y = ℓ − E gives N = (A/x)^(1/α), independent of B, and the law's tokens
    /// (B/y)^(1/β) — so with m, N is unchanged and the raw tokens are divided by m.
    @Test(arguments: [1.5, 3.0, 10.0])
    func chinchillaAllocationInClosedForm(_ m: Double) throws {
        let (e, a, b, alpha, beta) = (1.69, 406.4, 410.7, 0.336, 0.283)   // the chinchilla-sardana preset
        let x = beta * (2.0 - e) / (alpha + beta), y = alpha * (2.0 - e) / (alpha + beta)
        let n = pow(a / x, 1 / alpha), lawTokens = pow(b / y, 1 / beta)
        let o = try plan(["--data-multiplier", "\(m)"])
        let r = try #require(o["recommended"] as? [String: Any])
        #expect(abs((r["params"] as? Double ?? .nan) / n - 1) < 1e-9)
        #expect(abs((r["tokens"] as? Double ?? .nan) / (lawTokens / m) - 1) < 1e-9)
        #expect(abs((r["effective_tokens"] as? Double ?? .nan) / lawTokens - 1) < 1e-9)
        #expect(o["data_multiplier"] as? Double == m)
    }

    @Test func oneChangesNothing() throws {
        let plain = try plan(["--inference-tokens", "1e12", "--unique-tokens", "200B"])
        let one = try plan(["--inference-tokens", "1e12", "--unique-tokens", "200B", "--data-multiplier", "1"])
        #expect(JSONSerialization.isValidJSONObject(plain))
        #expect(NSDictionary(dictionary: plain).isEqual(to: one))
    }

    /// `cost` gives the loss of the law on m·D for the model priced (costs on D).
    @Test func costLossOnTheMultipliedData() throws {
        let r = try CLIHarness.run(["cost", "--params", "7B", "--tokens", "1T", "--preset", "chinchilla-sardana",
                                    "--data-multiplier", "2", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try jsonObject(r.stdout)
        let expected = 1.69 + 406.4 / pow(7e9, 0.336) + 410.7 / pow(2e12, 0.283)
        #expect(abs((o["loss"] as? Double ?? .nan) / expected - 1) < 1e-12)
        #expect(o["effective_tokens"] as? Double == 2e12 && o["tokens"] as? Double == 1e12)
    }

    @Test func refusals() throws {
        for bad in ["0", "-2"] {
            let r = try CLIHarness.run(["plan", "--preset", "chinchilla-sardana", "--target-loss", "2.0", "--data-multiplier=\(bad)"])
            #expect(r.status != 0 && r.stderr.contains("--data-multiplier must be a positive number"), "\(r.stderr)")
        }
    }
}
