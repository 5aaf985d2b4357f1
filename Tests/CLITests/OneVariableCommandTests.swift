import Foundation
import Testing

/// `fit --form power-law` on files that log only their one variable, and `predict` from it.
@Suite struct OneVariableCommandTests {
    /// A compute frontier, L(C) = 2 + 100·C^(−0.1) exactly, logged as flops and loss only.
    @Test("a compute-only log fits a power law in compute, and predict takes --flops alone")
    func computeOnly() throws {
        let scratch = Scratch()
        defer { withExtendedLifetime(scratch) {} }   // the directory lives to the end of the test
        let lines = ["compute,final_loss"] + (0..<8).map { i -> String in
            let c = 1e17 * pow(10, Double(i) / 2)
            return "\(c),\(2 + 100 * pow(c, -0.1))"
        }
        let runs = scratch.file("frontier.csv", lines.joined(separator: "\n") + "\n"), law = scratch.path("law.json")
        let fit = try CLIHarness.run(["fit", runs, "--form", "power-law", "--save", law, "--format", "json"])
        #expect(fit.status == 0, "\(fit.stderr)")
        let p = try #require(try jsonObject(fit.stdout)["parameters"] as? [String: Double])
        #expect(abs(p["E"]! - 2) < 1e-6 && abs(p["alpha"]! - 0.1) < 1e-6)
        let r = try CLIHarness.run(["predict", "--law", law, "--flops", "1e24", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try jsonObject(r.stdout)
        #expect(abs((o["loss"] as? Double ?? .nan) - (2 + 100 * pow(1e24, -0.1))) < 1e-6)
        #expect(o["flops"] as? Double == 1e24 && o["params"] == nil)
        // A model gives its compute, 6·N·D.
        let model = try jsonObject(try CLIHarness.run(["predict", "--law", law, "--params", "1e9", "--tokens", "1e11", "--format", "json"]).stdout)
        #expect(model["flops"] as? Double == 6e20)
        // The same file for Chinchilla's form: refused, with the way out.
        let chinchilla = try CLIHarness.run(["fit", runs])
        #expect(chinchilla.status == 1)
        #expect(chinchilla.stderr.contains("a law in flops alone needs only that column (--form power-law --against flops)"))
        // A power law in compute cannot predict from tokens alone.
        let wrong = try CLIHarness.run(["predict", "--law", law, "--tokens", "1e11"])
        #expect(wrong.status == 1 && wrong.stderr.contains("is a power law in flops: give --flops (or --params with --tokens)"))
    }

    /// Caballero et al.'s 4-digit addition curve (BNSL, ../shared/data/bnsl): a sharp break near
    /// 600 examples. A power law fits the first 14 points without error, and its extrapolation
    /// misses the 3 points past the break — all three lie far below it, which is the finding
    /// (a broken power law is the form that follows them).
    @Test("the BNSL 4-digit addition curve fits as a power law in data and misses the break",
          .enabled(if: FileManager.default.fileExists(atPath: CLIHarness.shared.appendingPathComponent("data/bnsl/bnsl_4digit_addition.csv").path),
                   "needs ../shared/data/bnsl"))
    func bnslCurve() throws {
        let file = "../shared/data/bnsl/bnsl_4digit_addition.csv"
        let law = FileManager.default.temporaryDirectory.appendingPathComponent("bnsl-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: law) }
        let fit = try CLIHarness.run(["fit", file, "--form", "power-law", "--against", "tokens",
                                      "--column", "tokens=train_dataset_size", "--column", "loss=test_cross_entropy",
                                      "--where", "split=fit", "--save", law, "--format", "json"])
        #expect(fit.status == 0, "\(fit.stderr)")
        let o = try jsonObject(fit.stdout)
        #expect((o["runs"] as? [String: Any])?["used"] as? Int == 14)
        #expect((o["parameters"] as? [String: Double])?.values.allSatisfy(\.isFinite) == true)
        for (x, observed) in [("800", 0.75856477), ("864", 0.64768338), ("928", 0.55695445)] {
            let r = try jsonObject(try CLIHarness.run(["predict", "--law", law, "--tokens", x, "--format", "json"]).stdout)
            let predicted = try #require(r["loss"] as? Double)
            #expect(predicted > 1.5 * observed, "at \(x): predicted \(predicted), observed \(observed)")
        }
    }
}
