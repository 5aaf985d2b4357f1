import Foundation
import Testing

/// `fit --form downstream` and `predict --link`: the built binary, real files.
struct DownstreamCommandTests {
    /// Points of Gadre et al.'s shape, err = 0.86 − 2.3·e^(−0.72·L), with params and tokens
    /// (so a loss law can be fitted on the same file): L = 1.8 + 450/N^0.34 + 1800/D^0.36.
    static let runs: String = {
        var lines = ["params,tokens,loss,err"]
        for n in [2e7, 8e7, 3.2e8, 1.28e9] {
            for d in [4e8, 1.6e9, 6.4e9, 2.56e10] {
                let loss = 1.8 + 450 * pow(n, -0.34) + 1800 * pow(d, -0.36)
                lines.append("\(n),\(d),\(loss),\(0.86 - 2.3 * exp(-0.72 * loss))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test func aLinkIsFittedSavedAndChainedWithALossLaw() throws {
        let scratch = Scratch()
        let runs = scratch.file("runs.csv", Self.runs)
        let linkPath = scratch.path("link.json"), lawPath = scratch.path("law.json")
        let fit = try CLIHarness.run(["fit", runs, "--form", "downstream", "--metric", "err", "--save", linkPath, "--format", "json"])
        #expect(fit.status == 0, "\(fit.stderr)")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(fit.stdout.utf8)) as? [String: Any])
        #expect(o["form"] as? String == "downstream" && o["link"] as? String == "exponential" && o["metric"] as? String == "err")
        let p = try #require(o["parameters"] as? [String: Double])
        #expect(abs(p["gamma"]! - 0.72) < 1e-6 && abs(p["epsilon"]! - 0.86) < 1e-6)
        #expect(try CLIHarness.run(["fit", runs, "--save", lawPath]).status == 0)

        // The chain at N = 7e9, D = 1.4e11, by hand: L = 1.8 + 450/N^0.34 + 1800/D^0.36, err = 0.86 − 2.3e^(−0.72L).
        let r = try CLIHarness.run(["predict", "--law", lawPath, "--link", linkPath, "--params", "7e9", "--tokens", "1.4e11", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let q = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let loss = 1.8 + 450 * pow(7e9, -0.34) + 1800 * pow(1.4e11, -0.36)
        #expect(abs((q["loss"] as! Double) - loss) < 1e-6)
        #expect(abs((q["metric"] as! Double) - (0.86 - 2.3 * exp(-0.72 * loss))) < 1e-6)
        #expect(q["metric_name"] as? String == "err")

        let alone = try CLIHarness.run(["predict", "--link", linkPath, "--loss", "2.5"])
        #expect(alone.status == 0 && alone.stdout.contains("err"))
    }

    @Test func filesGivenInTheWrongPlaceAreRefused() throws {
        let scratch = Scratch()
        let runs = scratch.file("runs.csv", Self.runs)
        let linkPath = scratch.path("link.json"), lawPath = scratch.path("law.json")
        #expect(try CLIHarness.run(["fit", runs, "--form", "downstream", "--metric", "err", "--save", linkPath]).status == 0)
        #expect(try CLIHarness.run(["fit", runs, "--save", lawPath]).status == 0)
        let asLaw = try CLIHarness.run(["predict", "--law", linkPath, "--params", "1e9", "--tokens", "2e10"])
        #expect(asLaw.status != 0 && asLaw.stderr.contains("link.json: this is a downstream link"))
        let asLink = try CLIHarness.run(["predict", "--link", lawPath, "--loss", "3"])
        #expect(asLink.status != 0 && asLink.stderr.contains("law.json: this is a chinchilla law of the loss, not a downstream link"))
        let chained = try CLIHarness.run(["predict", "--law", linkPath, "--link", linkPath, "--params", "1e9", "--tokens", "2e10"])
        #expect(chained.status != 0 && chained.stderr.contains("--law takes a law of the loss"))
    }

    @Test func badMetricColumnsAreRefused() throws {
        let scratch = Scratch()
        let runs = scratch.file("runs.csv", Self.runs)
        let missing = try CLIHarness.run(["fit", runs, "--form", "downstream", "--metric", "acc"])
        #expect(missing.status != 0 && missing.stderr.contains("--metric acc: ") && missing.stderr.contains("runs.csv:2 has no column 'acc'"))
        let noMetric = try CLIHarness.run(["fit", runs, "--form", "downstream"])
        #expect(noMetric.status != 0 && noMetric.stderr.contains("needs --metric COLUMN"))
        let anchor = try CLIHarness.run(["fit", runs, "--form", "downstream", "--metric", "err", "--anchor", "0:1"])
        #expect(anchor.status != 0 && anchor.stderr.contains("--anchor takes LOSS=METRIC"))
        // A file of losses and a metric only (no params or tokens) is enough for a link.
        let bare = scratch.file("bare.csv", "loss,err\n" + [2.5, 3, 3.5, 4, 4.5, 5].map { "\($0),\(0.86 - 2.3 * exp(-0.72 * $0))" }.joined(separator: "\n") + "\n")
        #expect(try CLIHarness.run(["fit", bare, "--form", "downstream", "--metric", "err"]).status == 0)
    }

    /// `plan --link --target-metric` plans for the loss at which the link reaches the metric:
    /// −log((0.86 − 0.5)/2.3)/0.72 = 2.5757783 for ε = 0.86, k = 2.3, γ = 0.72.
    @Test func aTargetMetricIsPlannedAtTheLinksLoss() throws {
        let scratch = Scratch()
        let link = scratch.file("link.json", #"{"form": "downstream", "link": "exponential", "metric": "err", "parameters": {"epsilon": 0.86, "k": 2.3, "gamma": 0.72}}"#)
        let byMetric = try CLIHarness.run(["plan", "--preset", "hoffmann2022", "--link", link, "--target-metric", "0.5", "--format", "json"])
        let byLoss = try CLIHarness.run(["plan", "--preset", "hoffmann2022", "--target-loss", "2.575778292315396", "--format", "json"])
        #expect(byMetric.status == 0, "\(byMetric.stderr)")
        let metricPlan = try #require(try JSONSerialization.jsonObject(with: Data(byMetric.stdout.utf8)) as? [String: Any])
        var lossPlan = try #require(try JSONSerialization.jsonObject(with: Data(byLoss.stdout.utf8)) as? [String: Any])
        #expect(abs((metricPlan["metric"] as! Double) - 0.5) < 1e-12 && metricPlan["metric_name"] as? String == "err")
        lossPlan["metric"] = metricPlan["metric"]; lossPlan["metric_name"] = "err"
        #expect(NSDictionary(dictionary: metricPlan).isEqual(to: lossPlan))
        let text = try CLIHarness.run(["plan", "--preset", "hoffmann2022", "--link", link, "--budget-flops", "1e22"])
        #expect(text.status == 0 && text.stdout.contains("err at the plan's loss"))
        let unreachable = try CLIHarness.run(["plan", "--preset", "hoffmann2022", "--link", link, "--target-metric", "0.9"])
        #expect(unreachable.status != 0)
        #expect(unreachable.stderr.contains("--target-metric 0.9: \(link): the link never reaches a metric of 0.9: for losses above 0 it stays within (-1.44, 0.86)"))
        let noLink = try CLIHarness.run(["plan", "--preset", "hoffmann2022", "--target-metric", "0.5"])
        #expect(noLink.status != 0 && noLink.stderr.contains("--target-metric needs --link"))
    }

    /// `--checkpoints all` needs each row's place in training; its companions need it.
    @Test func checkpointOptionsRefuseWhatTheyCannotUse() throws {
        let scratch = Scratch()
        let bare = scratch.file("curve.csv", "loss,err\n3,0.7\n2.8,0.65\n2.6,0.6\n2.5,0.55\n2.4,0.5\n")
        let noOrder = try CLIHarness.run(["fit", bare, "--form", "downstream", "--metric", "err", "--checkpoints", "all"])
        #expect(noOrder.status != 0 && noOrder.stderr.contains("curve.csv: --checkpoints all needs each row's place in training"))
        let stepped = scratch.file("stepped.csv", "step,loss,err\n1,3,0.7\n2,2.8,0.65\n3,2.6,0.6\n4,2.5,0.55\n5,2.4,0.5\n6,2.3,0.46\n")
        let ok = try CLIHarness.run(["fit", stepped, "--form", "downstream", "--metric", "err", "--checkpoints", "all", "--smooth", "2", "--format", "json"])
        #expect(ok.status == 0, "\(ok.stderr)")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(ok.stdout.utf8)) as? [String: Any])
        #expect((o["runs"] as? [String: Any])?["used"] as? Int == 5)   // 6 checkpoints, windows of 2
        let alone = try CLIHarness.run(["fit", stepped, "--form", "downstream", "--metric", "err", "--smooth", "2"])
        #expect(alone.status != 0 && alone.stderr.contains("--skip-warmup and --smooth are for --checkpoints all"))
        let warm = try CLIHarness.run(["fit", stepped, "--form", "downstream", "--metric", "err", "--checkpoints", "all", "--skip-warmup", "1.5"])
        #expect(warm.status != 0 && warm.stderr.contains("--skip-warmup must be a fraction in [0, 1)"))
    }

    /// `report --link` adds the downstream chart to the report.
    @Test func aReportWithALinkChartsTheMetric() throws {
        let scratch = Scratch()
        let runs = scratch.file("runs.csv", Self.runs)
        let linkPath = scratch.path("link.json")
        #expect(try CLIHarness.run(["fit", runs, "--form", "downstream", "--metric", "err", "--save", linkPath]).status == 0)
        let out = scratch.path("report")
        let r = try CLIHarness.run(["report", runs, "--link", linkPath, "--out", out, "--target-loss", "2.5"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: out + "/downstream.svg"))
        let text = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        #expect(text.contains("## Downstream: err"))
    }
}
