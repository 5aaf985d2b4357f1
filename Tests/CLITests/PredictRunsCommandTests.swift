import Foundation
import Testing

/// `predict --runs`: every run of a file predicted by a law, read as fit reads runs, with the
/// objective over the runs that have a loss.
@Suite struct PredictRunsCommandTests {
    static func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / abs(b) }

    /// The example sweep's runs as the file writes them (params, tokens, flops, loss).
    static func sweepRows() throws -> [[Double]] {
        let text = try String(contentsOf: CLIHarness.repositoryRoot.appendingPathComponent("data/example-sweep.csv"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map { Double($0)! } }
    }

    @Test("the objective over the fit's own runs is the fit's objective.value; each prediction is the closed form",
          arguments: [["--fit-loss", "huber"], ["--fit-loss", "squared-linear"], ["--fit-loss", "huber", "--delta", "0.02"]])
    func objectiveIsTheFits(_ objective: [String]) throws {
        let scratch = Scratch()
        defer { withExtendedLifetime(scratch) {} }
        let law = scratch.path("law.json")
        // fit's --loss is predict's --fit-loss (predict's --loss is a loss value, for --link).
        let fitArguments = objective.map { $0 == "--fit-loss" ? "--loss" : $0 }
        let fit = try CLIHarness.run(["fit", "data/example-sweep.csv", "--save", law, "--format", "json"] + fitArguments)
        #expect(fit.status == 0, "\(fit.stderr)")
        let fitObjective = try #require(try jsonObject(fit.stdout)["objective"] as? [String: Any])
        let r = try CLIHarness.run(["predict", "--law", law, "--runs", "data/example-sweep.csv", "--format", "json"] + objective)
        #expect(r.status == 0, "\(r.stderr)")
        let o = try jsonObject(r.stdout)
        let mine = try #require(o["objective"] as? [String: Any])
        let value = try #require(mine["value"] as? Double), expected = try #require(fitObjective["value"] as? Double)
        #expect(Self.relative(value, expected) < 1e-9, "predict F = \(value), fit objective.value = \(expected)")
        #expect(mine["loss"] as? String == fitObjective["loss"] as? String && mine["space"] as? String == fitObjective["space"] as? String)
        #expect(mine["delta"] as? Double == fitObjective["delta"] as? Double)
        #expect(o["runs"] as? Int == 63)

        let p = try #require(try jsonObject(String(contentsOfFile: law, encoding: .utf8))["parameters"] as? [String: Double])
        let predictions = try #require(o["predictions"] as? [[String: Any]])
        let rows = try Self.sweepRows()
        #expect(predictions.count == rows.count)
        for (i, (prediction, row)) in zip(predictions, rows).enumerated() {
            let l = p["E"]! + p["A"]! / pow(row[0], p["alpha"]!) + p["B"]! / pow(row[1], p["beta"]!)
            #expect(Self.relative(prediction["loss"] as? Double ?? .nan, l) < 1e-12)
            // Foundation's JSON parser on Linux may be an ulp off the printed digits.
            #expect(Self.relative(prediction["observed"] as? Double ?? .nan, row[3]) < 1e-15)
            let residual = objective.contains("squared-linear") ? l - row[3] : log(l) - log(row[3])
            #expect(abs((prediction["residual"] as? Double ?? .nan) - residual) < 1e-12)
            #expect(prediction["run"] as? String == "data/example-sweep.csv:\(i + 2)")
        }
    }

    /// The same filters as fit give the same runs, hence the same objective.
    @Test func filtersAreFits() throws {
        let scratch = Scratch()
        defer { withExtendedLifetime(scratch) {} }
        let law = scratch.path("law.json")
        let filters = ["--where", "params>=3e7", "--exclude-loss-above", "3.5"]
        let fit = try CLIHarness.run(["fit", "data/example-sweep.csv", "--save", law, "--format", "json"] + filters)
        #expect(fit.status == 0, "\(fit.stderr)")
        let fitJSON = try jsonObject(fit.stdout)
        let used = try #require((fitJSON["runs"] as? [String: Any])?["used"] as? Int)
        let r = try CLIHarness.run(["predict", "--law", law, "--runs", "data/example-sweep.csv", "--format", "json"] + filters)
        let o = try jsonObject(r.stdout)
        #expect(o["runs"] as? Int == used && used < 63)
        let value = try #require((o["objective"] as? [String: Any])?["value"] as? Double)
        #expect(Self.relative(value, try #require((fitJSON["objective"] as? [String: Any])?["value"] as? Double)) < 1e-9)
        #expect((o["notes"] as? [String])?.contains { $0.contains("excluded by --where params>=3e7") } == true)
    }

    /// A power law in compute reads a compute-only log; Kaplan's form on the example grid; a
    /// bootstrapped law gives intervals around each prediction.
    @Test func powerLawKaplanAndIntervals() throws {
        let scratch = Scratch()
        defer { withExtendedLifetime(scratch) {} }
        let frontier = scratch.file("frontier.csv", "compute,final_loss\n1e18,3.1\n1e19,2.9\n1e20,2.7\n1e21,2.6\n")
        let power = scratch.file("power.json", #"{"form": "power-law", "against": "flops", "parameters": {"E": 1.8, "A": 30, "alpha": 0.05}}"#)
        let o = try jsonObject(try CLIHarness.run(["predict", "--law", power, "--runs", frontier, "--format", "json"]).stdout)
        let predictions = try #require(o["predictions"] as? [[String: Any]])
        for (prediction, c) in zip(predictions, [1e18, 1e19, 1e20, 1e21]) {
            #expect(Self.relative(prediction["loss"] as? Double ?? .nan, 1.8 + 30 * pow(c, -0.05)) < 1e-13)
            #expect(prediction["flops"] as? Double == c && prediction["params"] == nil)
        }
        #expect(o["against"] as? String == "flops")

        let kaplan = scratch.file("kaplan.json", #"{"form": "kaplan", "parameters": {"N_c": 8.8e13, "D_c": 5.4e13, "alpha_N": 0.076, "alpha_D": 0.095}}"#)
        let k = try jsonObject(try CLIHarness.run(["predict", "--law", kaplan, "--runs", "data/example-grid.csv", "--format", "json"]).stdout)
        let first = try #require((k["predictions"] as? [[String: Any]])?.first)
        #expect(Self.relative(first["loss"] as? Double ?? .nan, pow(pow(8.8e13 / 1e7, 0.076 / 0.095) + 5.4e13 / 1e9, 0.095)) < 1e-12)

        let law = scratch.path("boot.json")
        let fit = try CLIHarness.run(["fit", "data/example-sweep.csv", "--bootstrap", "20", "--seed", "3", "--save", law, "--format", "json"])
        #expect(fit.status == 0, "\(fit.stderr)")
        let samples = try #require(try jsonObject(String(contentsOfFile: law, encoding: .utf8))["samples"] as? [[String: Double]])
        let planned = scratch.file("planned.csv", "params,tokens\n7B,1.4T\n")
        let b = try jsonObject(try CLIHarness.run(["predict", "--law", law, "--runs", planned, "--format", "json", "--confidence", "0.8"]).stdout)
        let prediction = try #require((b["predictions"] as? [[String: Any]])?.first)
        // Type-7 percentiles (numpy's default) of the samples' closed-form predictions.
        let values = samples.map { $0["E"]! + $0["A"]! / pow(7e9, $0["alpha"]!) + $0["B"]! / pow(1.4e12, $0["beta"]!) }.sorted()
        func quantile(_ q: Double) -> Double {
            let h = Double(values.count - 1) * q, lo = Int(h)
            return values[lo] + (h - Double(lo)) * (values[min(lo + 1, values.count - 1)] - values[lo])
        }
        let interval = try #require(prediction["interval"] as? [Double])
        #expect(Self.relative(interval[0], quantile(0.1)) < 1e-12 && Self.relative(interval[1], quantile(0.9)) < 1e-12)
        #expect(b["samples"] as? Int == samples.count && b["objective"] == nil && prediction["observed"] == nil)
    }

    /// A broken power law (Caballero et al. 2022) rescores runs in its own variable, as a power
    /// law does: y = a + b·x^(−c0)·(1 + (x/d1)^(1/f1))^(−c1·f1), worked by hand at the break
    /// and past it; its bootstrap samples give the interval; a curve against a non-run column and
    /// a run without the variable are refused.
    @Test func brokenPowerLawInItsOwnVariable() throws {
        let scratch = Scratch()
        defer { withExtendedLifetime(scratch) {} }
        // a = 1, b = 2, c0 = 0.5, c1 = 0.5, d1 = 100, f1 = 1: y = 1 + 2·x^(−1/2)·(1 + x/100)^(−1/2).
        let parameters = #""a": 1, "b": 2, "c0": 0.5, "c1": 0.5, "d1": 100, "f1": 1"#
        let law = scratch.file("bnsl.json", #"{"form": "broken-power-law", "against": "tokens", "parameters": {\#(parameters)}, "#
                               + #""samples": [{"a": 1, "b": 2, "c0": 0.5, "c1": 0.5, "d1": 100, "f1": 1}, {"a": 1.1, "b": 2, "c0": 0.5, "c1": 0.5, "d1": 100, "f1": 1}]}"#)
        let curve = scratch.file("curve.csv", "tokens,loss\n100,1.2\n400,1\n")
        let r = try CLIHarness.run(["predict", "--law", law, "--runs", curve, "--format", "json", "--fit-loss", "squared-linear"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try jsonObject(r.stdout)
        let predictions = try #require(o["predictions"] as? [[String: Any]])
        // x = 100: 1 + 2·(1/10)·2^(−1/2) = 1 + √2/10; x = 400: 1 + 2·(1/20)·5^(−1/2) = 1 + 1/(10√5).
        let expected = [1 + 2.0.squareRoot() / 10, 1 + 1 / (10 * 5.0.squareRoot())]
        #expect(predictions.count == 2)
        for (prediction, y) in zip(predictions, expected) {
            #expect(Self.relative(prediction["loss"] as? Double ?? .nan, y) < 1e-14)
            // The two samples differ by 0.1 in a: type-7 percentiles at 5% and 95% of {y, y + 0.1}.
            let interval = try #require(prediction["interval"] as? [Double])
            #expect(abs(interval[0] - (y + 0.005)) < 1e-12 && abs(interval[1] - (y + 0.095)) < 1e-12)
        }
        #expect(o["against"] as? String == "tokens" && o["form"] as? String == "broken-power-law")
        // F = Σ (L̂ − L)² / 2 on the two runs.
        let value = try #require((o["objective"] as? [String: Any])?["value"] as? Double)
        let f = (pow(expected[0] - 1.2, 2) + pow(expected[1] - 1, 2)) / 2
        #expect(Self.relative(value, f) < 1e-12, "F = \(value), by hand \(f)")

        let noTokens = scratch.file("params.csv", "params,loss\n1e9,2\n")
        let missing = try CLIHarness.run(["predict", "--law", law, "--runs", noTokens])
        #expect(missing.status != 0 && missing.stderr.contains("tokens"), "\(missing.stderr)")
        let column = scratch.file("step.json", #"{"form": "broken-power-law", "against_column": "step", "parameters": {\#(parameters)}}"#)
        let refused = try CLIHarness.run(["predict", "--law", column, "--runs", curve])
        #expect(refused.status != 0 && refused.stderr.contains("predict it with --x VALUE"), "\(refused.stderr)")
    }

    /// The same on a real sweep: a broken power law in compute fitted to Epoch's 240 Chinchilla
    /// runs (Besiroglu et al. 2024), saved, then read back by `predict --runs` on those runs:
    /// the objective over them is the fit's own (so the file holds the law the fit found), and
    /// every prediction is Caballero et al.'s eq. 1 evaluated here from the saved parameters at
    /// the run's "Training FLOP".
    @Test(.enabled(if: CLIHarness.hasSharedData, "needs ../shared/data/chinchilla-epoch beside the repository"))
    func brokenPowerLawOnARealSweepReadsBackAsFitted() throws {
        let scratch = Scratch()
        defer { withExtendedLifetime(scratch) {} }
        let law = scratch.path("bnsl.json")
        let filter = ["--exclude-loss-above", "3.41"]
        let fit = try CLIHarness.run(["fit", CLIHarness.epochData, "--form", "broken-power-law", "--save", law, "--format", "json"] + filter)
        #expect(fit.status == 0, "\(fit.stderr)")
        let fitted = try jsonObject(fit.stdout)
        let fitValue = try #require((fitted["objective"] as? [String: Any])?["value"] as? Double)
        #expect((fitted["objective"] as? [String: Any])?["loss"] as? String == "squared")
        let r = try CLIHarness.run(["predict", "--law", law, "--runs", CLIHarness.epochData, "--fit-loss", "squared", "--format", "json"] + filter)
        #expect(r.status == 0, "\(r.stderr)")
        let o = try jsonObject(r.stdout)
        let value = try #require((o["objective"] as? [String: Any])?["value"] as? Double)
        #expect(Self.relative(value, fitValue) < 1e-12, "predict F = \(value), fit F = \(fitValue)")

        let p = try #require(try jsonObject(String(contentsOfFile: law, encoding: .utf8))["parameters"] as? [String: Double])
        let (a, b, c0, c1, d1, f1) = (p["a"]!, p["b"]!, p["c0"]!, p["c1"]!, p["d1"]!, p["f1"]!)
        // Epoch's file: Training FLOP in column 5, loss in column 7; the 240 runs at loss ≤ 3.41.
        let text = try String(contentsOfFile: CLIHarness.shared.appendingPathComponent("data/chinchilla-epoch/svg_extracted_data.csv").path,
                              encoding: .utf8)
        let rows = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
            .map { (flops: Double($0[4])!, loss: Double($0[6])!) }.filter { $0.loss <= 3.41 }
        let predictions = try #require(o["predictions"] as? [[String: Any]])
        #expect(predictions.count == rows.count && rows.count == 240)
        var f = 0.0
        for (prediction, row) in zip(predictions, rows) {
            // log(1 + (x/d1)^(1/f1)) without overflow: f1 is tiny (a sharp break).
            let u = (log(row.flops) - log(d1)) / f1
            let y = a + b * pow(row.flops, -c0) * exp(-c1 * f1 * (max(u, 0) + log1p(exp(-abs(u)))))
            #expect(Self.relative(prediction["loss"] as? Double ?? .nan, y) < 1e-12)
            f += 0.5 * pow(log(y) - log(row.loss), 2)
        }
        #expect(Self.relative(value, f) < 1e-10, "predict F = \(value), by hand \(f)")
    }

    /// Muennighoff et al.'s preset on runs that repeat data: each run's unique_tokens column.
    @Test func dataConstrainedReadsUniqueTokens() throws {
        let scratch = Scratch()
        defer { withExtendedLifetime(scratch) {} }
        let runs = scratch.file("repeated.csv", "params,tokens,unique_tokens\n8.7B,178B,44.5B\n")
        let one = try jsonObject(try CLIHarness.run(["predict", "--preset", "muennighoff2023", "--params", "8.7B", "--tokens", "178B",
                                                     "--unique-tokens", "44.5B", "--format", "json"]).stdout)
        let batch = try jsonObject(try CLIHarness.run(["predict", "--preset", "muennighoff2023", "--runs", runs, "--format", "json"]).stdout)
        let prediction = try #require((batch["predictions"] as? [[String: Any]])?.first)
        // The single prediction is tested against the paper's formula elsewhere; one run is the same model.
        #expect(Self.relative(prediction["loss"] as? Double ?? .nan, one["loss"] as? Double ?? .nan) < 1e-15)
        #expect(prediction["unique_tokens"] as? Double == 44.5e9)
        // Without the column, every token is fresh: a lower loss.
        let fresh = scratch.file("fresh.csv", "params,tokens\n8.7B,178B\n")
        let f = try jsonObject(try CLIHarness.run(["predict", "--preset", "muennighoff2023", "--runs", fresh, "--format", "json"]).stdout)
        #expect(((f["predictions"] as? [[String: Any]])?.first?["loss"] as? Double ?? .nan) < prediction["loss"] as? Double ?? .nan)
    }

    @Test func everyFormatRenders() throws {
        let scratch = Scratch()
        defer { withExtendedLifetime(scratch) {} }
        let runs = scratch.file("runs.csv", "params,tokens,loss,run\n1e8,2e9,3.30,small\n1e9,2e10,,big\n")
        func run(_ format: String) throws -> String {
            let r = try CLIHarness.run(["predict", "--preset", "epoch2024", "--runs", runs, "--format", format])
            #expect(r.status == 0, "\(format): \(r.stderr)")
            return r.stdout
        }
        let l = 1.8172 + 482.01 / pow(1e8, 0.3478) + 2085.43 / pow(2e9, 0.3658)
        let csv = try run("csv").split(separator: "\n")
        #expect(csv[0] == "run,params,tokens,flops,loss,observed,residual")
        let cells = csv[1].split(separator: ",", omittingEmptySubsequences: false)
        #expect(cells[0] == "small" && Self.relative(Double(cells[4])!, l) < 1e-12)
        #expect(csv[2].hasPrefix("big,") && csv[2].hasSuffix(",,"))
        let text = try run("text")
        #expect(text.contains("small") && text.contains(String(format: "%.3f", l)))
        #expect(text.contains("objective: Huber(δ=0.001) on log L = \(String(format: "%.10g", Self.huber(log(l) - log(3.3))))") && text.contains("over the 1 run with a loss"))
        #expect(try run("markdown").contains("| small |"))
        #expect(try run("latex").contains("\\begin{tabular}"))
    }

    static func huber(_ r: Double) -> Double { abs(r) <= 1e-3 ? r * r / 2 : 1e-3 * (abs(r) - 5e-4) }

    @Test func badInputNamesTheFileOrOption() throws {
        let scratch = Scratch()
        defer { withExtendedLifetime(scratch) {} }
        let iso = scratch.path("iso.json")
        let fit = try CLIHarness.run(["fit", "data/example-sweep.csv", "--form", "isoflop", "--save", iso])
        #expect(fit.status == 0, "\(fit.stderr)")
        func failure(_ arguments: [String]) throws -> String {
            let r = try CLIHarness.run(["predict"] + arguments)
            #expect(r.status != 0 && r.status < 128, "\(arguments)")
            return r.stderr
        }
        #expect(try failure(["--law", iso, "--runs", "data/example-sweep.csv"]).contains("\(iso): an isoflop law file cannot predict a loss"))
        #expect(try failure(["--preset", "epoch2024", "--runs", "data/example-sweep.csv", "--where", "params>1e30"])
            .contains("no runs to predict"))
        let noTokens = scratch.file("sizes.csv", "params,loss\n1e8,3.3\n")
        let missing = try failure(["--preset", "epoch2024", "--runs", noTokens])
        #expect(missing.contains("\(noTokens): missing column") && missing.contains("'tokens'"))
        #expect(try failure(["--preset", "epoch2024", "--runs", "data/example-sweep.csv", "--column", "loss=val_loss"])
            .contains("--column loss=val_loss"))
        #expect(try failure(["--preset", "epoch2024", "--runs", "no-such-file.csv"]).contains("no-such-file.csv"))
        #expect(try failure(["--preset", "epoch2024", "--where", "params>1e8"]).contains("--where applies to runs: give --runs FILE"))
        #expect(try failure(["--preset", "epoch2024", "--runs", "data/example-sweep.csv", "--params", "7B"]).contains("not both"))
        #expect(try failure(["--preset", "epoch2024", "--runs", "data/example-sweep.csv", "--group", "x"]).contains("--group"))
    }
}
