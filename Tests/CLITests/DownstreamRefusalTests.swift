import Foundation
import Testing

/// Bad input to a downstream link, through the built binary: a metric outside what the
/// constrained link reaches (ranges worked by hand from the link's formula), a constant or
/// missing metric, and link files and loss laws given in each other's place.
struct DownstreamRefusalTests {
    /// Bhagia et al.'s bounds a ∈ [−1, 0], b ∈ [0, 1]: M = a·s + b with s ∈ (0, 1) stays within
    /// [−1, 1], so accuracies written as percentages are refused, naming file, row and value.
    @Test func aPercentageIsRefusedWhenTheBoundsSayFractions() throws {
        let scratch = Scratch()
        let runs = scratch.file("acc.csv", "loss,acc\n3.0,40\n2.8,45\n2.6,52\n2.4,58\n2.2,63\n2.0,67\n")
        let r = try CLIHarness.run(["fit", runs, "--form", "downstream", "--link", "sigmoid", "--metric", "acc",
                                    "--bound", "a=-1:0", "--bound", "b=0:1"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("--metric acc: \(runs):2 has 40, outside what a sigmoid link with a ∈ [-1, 0], b ∈ [0, 1] can reach at loss 3: [-1, 1]"), "\(r.stderr)")
        #expect(r.stderr.contains("is the column a percentage? give fractions (0.4 for 40)"))
        // The same values as fractions fit.
        let fractions = scratch.file("frac.csv", "loss,acc\n3.0,0.40\n2.8,0.45\n2.6,0.52\n2.4,0.58\n2.2,0.63\n2.0,0.67\n")
        let ok = try CLIHarness.run(["fit", fractions, "--form", "downstream", "--link", "sigmoid", "--metric", "acc",
                                     "--bound", "a=-1:0", "--bound", "b=0:1"])
        #expect(ok.status == 0, "\(ok.stderr)")
        // Unbounded, a link reaches any value: percentages are a scale, not an error.
        #expect(try CLIHarness.run(["fit", runs, "--form", "downstream", "--link", "sigmoid", "--metric", "acc"]).status == 0)
    }

    /// With k = 2 and L0 = 2.5 fixed, at L = 3 the logistic is s = 1/(1 + e^(−1)) = 0.7310586,
    /// so with a ∈ [−1, 0], b ∈ [0, 1] the accuracy lies in [−0.731059, 1]: −0.8 is refused.
    @Test func theRangeIsThatOfTheLinkAtThePointsLoss() throws {
        let scratch = Scratch()
        let runs = scratch.file("acc.csv", "loss,acc\n3.0,-0.8\n2.8,0.45\n2.6,0.52\n2.4,0.58\n2.2,0.63\n")
        let r = try CLIHarness.run(["fit", runs, "--form", "downstream", "--link", "sigmoid", "--metric", "acc",
                                    "--bound", "a=-1:0", "--bound", "b=0:1", "--fix", "k=2", "--fix", "L0=2.5"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(runs):2 has -0.8, outside what a sigmoid link with a ∈ [-1, 0], b ∈ [0, 1], k = 2, L0 = 2.5 can reach at loss 3: [-0.731059, 1]"), "\(r.stderr)")
    }

    /// Gadre et al.'s error with ε fixed and k ≥ 0 never exceeds ε; with ε ∈ [0.8, 0.9],
    /// k ∈ [1, 2] and γ = 0.5, at L = 2 it lies in [0.8 − 2e^(−1), 0.9 − e^(−1)] =
    /// [0.0642411, 0.532121]. Anchors are checked too.
    @Test func anErrorAboveTheLinksReachIsRefused() throws {
        let scratch = Scratch()
        let runs = scratch.file("err.csv", "loss,err\n3.0,0.8\n2.8,0.9\n2.6,0.7\n2.4,0.6\n")
        let fixed = try CLIHarness.run(["fit", runs, "--form", "downstream", "--metric", "err", "--fix", "epsilon=0.85", "--bound", "k=0:inf"])
        #expect(fixed.status == 1)
        #expect(fixed.stderr.contains("--metric err: \(runs):3 has 0.9, outside what an exponential link with epsilon = 0.85, k ∈ [0, inf] can reach at loss 2.8: [-inf, 0.85]"), "\(fixed.stderr)")
        let boxed = scratch.file("boxed.csv", "loss,err\n2.0,0.6\n2.5,0.5\n3.0,0.55\n3.5,0.6\n")
        let r = try CLIHarness.run(["fit", boxed, "--form", "downstream", "--metric", "err", "--bound", "epsilon=0.8:0.9",
                                    "--bound", "k=1:2", "--fix", "gamma=0.5"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(boxed):2 has 0.6, outside what an exponential link with epsilon ∈ [0.8, 0.9], k ∈ [1, 2], gamma = 0.5 can reach at loss 2: [0.0642411, 0.532121]"), "\(r.stderr)")
        let anchor = try CLIHarness.run(["fit", runs, "--form", "downstream", "--metric", "err", "--fix", "epsilon=0.95",
                                         "--bound", "k=0:inf", "--anchor", "0=1"])
        #expect(anchor.status == 1)
        #expect(anchor.stderr.contains("--anchor 0=1: the metric is outside what an exponential link with epsilon = 0.95, k ∈ [0, inf] can reach at loss 0: [-inf, 0.95]"), "\(anchor.stderr)")
    }

    @Test func aConstantOrMissingMetricIsRefused() throws {
        let scratch = Scratch()
        let runs = scratch.file("flat.csv", "loss,err\n3.0,0.5\n2.8,0.5\n2.6,0.5\n2.4,0.5\n")
        let constant = try CLIHarness.run(["fit", runs, "--form", "downstream", "--metric", "err"])
        #expect(constant.status == 1 && constant.stderr.contains("--metric err: every point has the same value (0.5); there is no trend to fit a link to"))
        let missing = try CLIHarness.run(["fit", runs, "--form", "downstream", "--metric", "acc"])
        #expect(missing.status == 1 && missing.stderr.contains("--metric acc: \(runs):2 has no column 'acc'"), "\(missing.stderr)")
        let text = scratch.file("text.csv", "loss,err\n3.0,0.5\n2.8,n/a\n2.6,0.4\n2.4,0.3\n")
        let notNumber = try CLIHarness.run(["fit", text, "--form", "downstream", "--metric", "err"])
        #expect(notNumber.status == 1 && notNumber.stderr.contains("--metric err: \(text):3 has 'n/a', not a finite number"), "\(notNumber.stderr)")
    }

    /// A link where a loss law is expected (plan, sweep, predict --runs, --fix-from) and a loss
    /// law where a link is expected (plan, report) are refused, naming the file and the option.
    @Test func linksAndLossLawsInEachOthersPlaceAreRefused() throws {
        let scratch = Scratch()
        let link = scratch.file("link.json", #"{"form": "downstream", "link": "exponential", "metric": "err", "parameters": {"epsilon": 0.86, "k": 2.3, "gamma": 0.72}}"#)
        let law = scratch.file("law.json", #"{"form": "chinchilla", "parameters": {"E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.336, "beta": 0.283}}"#)
        let plan = try CLIHarness.run(["plan", "--law", link, "--budget-flops", "1e22"])
        #expect(plan.status != 0 && plan.stderr.contains("\(link): this needs a chinchilla law of the loss; the file holds a downstream link (loss → metric): give it as --link"), "\(plan.stderr)")
        let sweep = try CLIHarness.run(["sweep", "--law", link, "--vary", "params=1e9:1e10:3", "--budget-flops", "1e22"])
        #expect(sweep.status != 0 && sweep.stderr.contains("\(link): this needs a chinchilla law of the loss; the file holds a downstream link"), "\(sweep.stderr)")
        let runs = scratch.file("runs.csv", "params,tokens,loss\n1e8,2e9,3.1\n")
        let predictRuns = try CLIHarness.run(["predict", "--law", link, "--runs", runs])
        #expect(predictRuns.status != 0 && predictRuns.stderr.contains("\(link): this is a downstream link (loss → err), not a law of the loss: give it as --link"), "\(predictRuns.stderr)")
        let fixFrom = try CLIHarness.run(["fit", "data/example-sweep.csv", "--fix-from", link])
        #expect(fixFrom.status != 0 && fixFrom.stderr.contains("--fix-from \(link): \(link) is a downstream law; its parameters cannot be held in a chinchilla fit"), "\(fixFrom.stderr)")
        let planLink = try CLIHarness.run(["plan", "--law", law, "--link", law, "--budget-flops", "1e22"])
        #expect(planLink.status != 0 && planLink.stderr.contains("\(law): this is a chinchilla law of the loss, not a downstream link"), "\(planLink.stderr)")
        let report = try CLIHarness.run(["report", "data/example-sweep.csv", "--link", law, "--out", scratch.path("report")])
        #expect(report.status != 0 && report.stderr.contains("\(law): this is a chinchilla law of the loss, not a downstream link"), "\(report.stderr)")
    }
}

/// `fit --form downstream --holdout-largest K`: the K points of lowest loss are left out and
/// predicted. With γ fixed the link is linear in (ε, k), so the fit on the rest is the
/// least-squares solve of M on (1, −e^(−γL)) worked here from the normal equations.
struct DownstreamHoldoutTests {
    @Test func theLowestLossPointsAreHeldOutAndPredicted() throws {
        let scratch = Scratch()
        let gamma = 0.72
        let losses = [3.5, 2.75, 4.0, 3.0, 2.5, 4.25, 3.25, 3.75]   // not in loss order
        let noise = [0.01, -0.007, 0.004, -0.012, 0.006, 0.009, -0.005, 0.003]
        let metric = zip(losses, noise).map { 0.86 - 2.3 * exp(-gamma * $0) + $1 }
        let runs = scratch.file("points.csv", "loss,err\n" + zip(losses, metric).map { "\($0),\($1)" }.joined(separator: "\n") + "\n")
        let r = try CLIHarness.run(["fit", runs, "--form", "downstream", "--metric", "err", "--fix", "gamma=0.72",
                                    "--holdout-largest", "2", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let holdout = try #require((try jsonObject(r.stdout)["diagnostics"] as? [String: Any])?["holdout"] as? [String: Any])
        #expect(holdout["kind"] as? String == "lowest-loss" && holdout["quantity"] as? String == "err")
        let rows = try #require(holdout["predictions"] as? [[String: Any]])
        #expect(rows.compactMap { $0["loss"] as? Double } == [2.5, 2.75])
        #expect(rows.compactMap { $0["run"] as? String } == ["\(runs):6", "\(runs):3"])
        // Normal equations on the six kept points: M = ε·1 + k·v, v = −e^(−γL).
        let kept = losses.indices.filter { losses[$0] > 2.75 }
        var n = 0.0, sv = 0.0, svv = 0.0, sy = 0.0, svy = 0.0
        for i in kept {
            let v = -exp(-gamma * losses[i])
            n += 1; sv += v; svv += v * v; sy += metric[i]; svy += v * metric[i]
        }
        let k = (n * svy - sv * sy) / (n * svv - sv * sv), epsilon = (sy - k * sv) / n
        var total = 0.0
        for (row, i) in zip(rows, [4, 1]) {
            let predicted = epsilon - k * exp(-gamma * losses[i])
            #expect(abs((row["predicted"] as? Double ?? .nan) - predicted) < 1e-9)
            #expect(abs((row["observed"] as? Double ?? .nan) - metric[i]) < 1e-12)
            total += abs(predicted - metric[i])
        }
        #expect(abs((holdout["mean_abs_error"] as? Double ?? .nan) - total / 2) < 1e-9)
        let text = try CLIHarness.run(["fit", runs, "--form", "downstream", "--metric", "err", "--fix", "gamma=0.72", "--holdout-largest", "2"])
        #expect(text.stdout.contains("holdout (2 lowest-loss points): mean |error| "))
        let tooMany = try CLIHarness.run(["fit", runs, "--form", "downstream", "--metric", "err", "--holdout-largest", "6"])
        #expect(tooMany.status != 0 && tooMany.stderr.contains("--holdout-largest 6 leaves 2 points (and 0 anchors): too few for the 3 free parameters of an exponential link"), "\(tooMany.stderr)")
    }
}
