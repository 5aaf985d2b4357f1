import Foundation
import Testing

/// `fit --form power-law|broken-power-law --against COLUMN`: a curve in any run column, saved
/// with the column's name, and `predict --x` at a value of it.
@Suite struct AgainstColumnCommandTests {
    /// y = 0.5 + 3·step^(−0.4) exactly, with the step in a column no reader knows: the power law
    /// recovers it, and predict --x 10000 gives 0.5 + 3·10⁴^(−0.4) = 0.5 + 3·0.0251189 = 0.5753566.
    @Test("a power law in a free column recovers the curve and predicts at --x")
    func powerLawInAColumn() throws {
        let scratch = Scratch()
        let lines = ["step,acc_loss"] + [100, 200, 400, 800, 1600, 3200, 6400, 12800].map { "\($0),\(0.5 + 3 * pow(Double($0), -0.4))" }
        let runs = scratch.file("curve.csv", lines.joined(separator: "\n") + "\n"), law = scratch.path("law.json")
        let fit = try CLIHarness.run(["fit", runs, "--form", "power-law", "--against", "step", "--column", "loss=acc_loss",
                                      "--save", law, "--format", "json"])
        #expect(fit.status == 0, "\(fit.stderr)")
        let o = try jsonObject(fit.stdout)
        #expect(o["against_column"] as? String == "step" && o["against"] == nil)
        let p = try #require(o["parameters"] as? [String: Double])
        #expect(abs(p["E"]! - 0.5) < 1e-6 && abs(p["A"]! - 3) < 1e-5 && abs(p["alpha"]! - 0.4) < 1e-6)
        let r = try CLIHarness.run(["predict", "--law", law, "--x", "10000", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let q = try jsonObject(r.stdout)
        #expect(abs((q["loss"] as? Double ?? .nan) - 0.5753566) < 1e-6)
        #expect(q["x"] as? Double == 10000 && q["against_column"] as? String == "step")
        // The law is a curve in step: no model, no plan, no run predictions.
        let scored = try CLIHarness.run(["predict", "--law", law, "--runs", runs])
        #expect(scored.status != 0 && scored.stderr.contains("against the column 'step' is a curve in that x, not a law of (N, D): predict it with --x VALUE"), "\(scored.stderr)")
        let model = try CLIHarness.run(["predict", "--law", law, "--params", "1e9", "--tokens", "2e10"])
        #expect(model.status != 0 && model.stderr.contains("is a power-law law in the column 'step': give --x VALUE (its step), not --params, --tokens"), "\(model.stderr)")
        let plan = try CLIHarness.run(["plan", "--law", law, "--budget-flops", "1e22"])
        #expect(plan.status != 0 && plan.stderr.contains("\(law): this needs a chinchilla law, the file holds a power-law law"), "\(plan.stderr)")
        // The holdout holds out the largest steps and names them so.
        let held = try CLIHarness.run(["fit", runs, "--form", "power-law", "--against", "step", "--column", "loss=acc_loss", "--holdout-largest", "1"])
        #expect(held.status == 0 && held.stdout.contains("holdout (1 largest-step run)"), "\(held.stdout)\(held.stderr)")
    }

    /// With bootstrap samples in the law file, predict --x gives the percentile interval of the
    /// samples' curves at x, worked here from the samples the file holds.
    @Test("predict --x has the interval of the law's bootstrap samples")
    func intervalFromSamples() throws {
        let scratch = Scratch()
        let noise = [0.004, -0.006, 0.002, 0.005, -0.003, -0.004, 0.006, -0.002, 0.001, -0.005]
        let steps = [100.0, 200, 400, 800, 1600, 3200, 6400, 12800, 25600, 51200]
        let lines = ["step,loss"] + zip(steps, noise).map { "\($0),\((0.5 + 3 * pow($0, -0.4)) * exp($1))" }
        let runs = scratch.file("curve.csv", lines.joined(separator: "\n") + "\n"), law = scratch.path("law.json")
        let fit = try CLIHarness.run(["fit", runs, "--form", "power-law", "--against", "step", "--bootstrap", "40", "--seed", "1", "--save", law])
        #expect(fit.status == 0, "\(fit.stderr)")
        let file = try jsonObject(try String(contentsOfFile: law, encoding: .utf8))
        let samples = try #require(file["samples"] as? [[String: Double]])
        let x = 1e5
        let values = samples.map { ($0["E"] ?? 0) + $0["A"]! * pow(x, -$0["alpha"]!) }.sorted()
        func q(_ p: Double) -> Double {
            let h = Double(values.count - 1) * p, lo = Int(h), hi = min(lo + 1, values.count - 1)
            return values[lo] + (h - Double(lo)) * (values[hi] - values[lo])
        }
        let r = try jsonObject(try CLIHarness.run(["predict", "--law", law, "--x", "1e5", "--confidence", "0.8", "--format", "json"]).stdout)
        let interval = try #require(r["interval"] as? [Double])
        #expect(samples.count == 40 && r["samples"] as? Int == 40)
        #expect(abs(interval[0] - q(0.1)) < 1e-12 && abs(interval[1] - q(0.9)) < 1e-12)
    }

    @Test("--against COLUMN and --x refuse what they cannot use")
    func refusals() throws {
        let scratch = Scratch()
        let runs = scratch.file("curve.csv", "step,loss\n100,3\n200,2.8\n400,2.6\n800,2.5\n1600,2.45\n0,2.4\n")
        let zero = try CLIHarness.run(["fit", runs, "--form", "power-law", "--against", "step"])
        #expect(zero.status != 0 && zero.stderr.contains("--against step: \(runs):7 has '0'; x must be a positive number"), "\(zero.stderr)")
        let missing = try CLIHarness.run(["fit", runs, "--form", "power-law", "--against", "epoch"])
        #expect(missing.status != 0 && missing.stderr.contains("--against epoch: \(runs):2 has no column 'epoch'"), "\(missing.stderr)")
        let chinchilla = try CLIHarness.run(["fit", runs, "--against", "step"])
        #expect(chinchilla.status != 0 && chinchilla.stderr.contains("--against step: a run column is an x for --form power-law or broken-power-law"))
        let alias = try CLIHarness.run(["fit", runs, "--form", "power-law", "--against", "compute"])
        #expect(alias.status != 0 && alias.stderr.contains("--against compute: the reader takes this column as flops; say --against flops"))
        let tokensLaw = scratch.file("law.json", #"{"form": "power-law", "against": "tokens", "parameters": {"E": 1, "A": 10, "alpha": 0.3}}"#)
        let x = try CLIHarness.run(["predict", "--law", tokensLaw, "--x", "100"])
        #expect(x.status != 0 && x.stderr.contains("--x is for a law fitted against a run column (fit --against COLUMN); \(tokensLaw) is a power-law law in tokens: give --tokens"), "\(x.stderr)")
    }

    /// Caballero et al.'s 4-digit addition curve (../shared/data/bnsl) in its own x column, no
    /// mapping to tokens: the fit split reaches the independent scipy optimum of
    /// scripts/reference/bnsl_fit.py (F = 2.5059661131e-06 at a = 0.4171918, d1 = 612.8031), and
    /// predict --x at the three held-out points gives the saved law's closed form and the
    /// script's predictions (0.76058362, 0.63840028, 0.56397804), RMSLE 0.0111.
    @Test("the BNSL curve in its own column matches the reference solve and predicts at --x",
          .enabled(if: FileManager.default.fileExists(atPath: CLIHarness.shared.appendingPathComponent("data/bnsl/bnsl_4digit_addition.csv").path),
                   "needs ../shared/data/bnsl"))
    func bnslInItsOwnColumn() throws {
        let scratch = Scratch()
        let file = "../shared/data/bnsl/bnsl_4digit_addition.csv", law = scratch.path("bnsl.json")
        let fit = try CLIHarness.run(["fit", file, "--form", "broken-power-law", "--against", "train_dataset_size",
                                      "--column", "loss=test_cross_entropy", "--where", "split=fit", "--save", law, "--format", "json"])
        #expect(fit.status == 0, "\(fit.stderr)")
        let o = try jsonObject(fit.stdout)
        #expect(o["against_column"] as? String == "train_dataset_size")
        let objective = try #require((o["objective"] as? [String: Any])?["value"] as? Double)
        #expect(abs(objective / 2.505966113e-06 - 1) < 1e-8)
        let p = try #require(o["parameters"] as? [String: Double])
        #expect(abs(p["a"]! - 0.4171918) < 1e-6 && abs(p["d1"]! - 612.8031) < 1e-3)
        var squares = 0.0
        for (x, observed, reference) in [(800.0, 0.75856477, 0.76058362), (864.0, 0.64768338, 0.63840028), (928.0, 0.55695445, 0.56397804)] {
            let r = try CLIHarness.run(["predict", "--law", law, "--x", "\(x)", "--format", "json"])
            #expect(r.status == 0, "\(r.stderr)")
            let predicted = try #require(try jsonObject(r.stdout)["loss"] as? Double)
            let closed = p["a"]! + p["b"]! * pow(x, -p["c0"]!) * pow(1 + pow(x / p["d1"]!, 1 / p["f1"]!), -p["c1"]! * p["f1"]!)
            #expect(abs(predicted - closed) < 1e-12 * closed)
            #expect(abs(predicted - reference) < 2e-8, "at \(x): \(predicted), reference \(reference)")
            squares += pow(log(predicted) - log(observed), 2)
        }
        #expect(abs((squares / 3).squareRoot() - 0.0111) < 5e-5)
    }
}
