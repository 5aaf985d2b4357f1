import Foundation
import Testing

/// `scaleplan compare` end to end: two simulated sweeps, the second from the same law on 3× the
/// data (B·3^(−β)), compared in JSON; refusals.
@Suite struct CompareCommandTests {
    @Test("compare recovers a simulated 3× data multiplier; JSON has groups and rows")
    func recoversTheMultiplier() throws {
        let scratch = Scratch()
        defer { withExtendedLifetime(scratch) {} }
        let (b, beta, m) = (1800.0, 0.36, 3.0)
        let base = scratch.file("base.json", #"{"form": "chinchilla", "parameters": {"E": 1.8, "A": 450, "B": \#(b), "alpha": 0.34, "beta": \#(beta)}}"#)
        let better = scratch.file("better.json", #"{"form": "chinchilla", "parameters": {"E": 1.8, "A": 450, "B": \#(b * pow(m, -beta)), "alpha": 0.34, "beta": \#(beta)}}"#)
        var lines: [String] = []
        for (law, name) in [(base, "web"), (better, "curated")] {
            let r = try CLIHarness.run(["simulate", "--law", law, "--params", "2e7:2e9:6", "--tokens", "4e8:1e11:6"])
            #expect(r.status == 0, "\(r.stderr)")
            let rows = r.stdout.split(separator: "\n").map(String.init)
            if lines.isEmpty { lines.append(rows[0] + ",dataset") }
            lines += rows.dropFirst().map { $0 + "," + name }
        }
        let runs = scratch.file("runs.csv", lines.joined(separator: "\n") + "\n")
        let r = try CLIHarness.run(["compare", runs, "--group", "dataset", "--baseline", "web", "--target-loss", "2.4", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try jsonObject(r.stdout)
        #expect(o["baseline"] as? String == "web")
        #expect(Set((o["groups"] as? [String: Any])?.keys ?? [:].keys) == ["web", "curated"])
        let rows = try #require(o["rows"] as? [[String: Any]])
        let curated = try #require(rows.first { $0["group"] as? String == "curated" })
        // Noiseless runs: the law comes back, so the multipliers are 3 (closed form).
        #expect(abs((curated["compute_multiplier"] as? Double ?? .nan) / m - 1) < 1e-5)
        #expect(abs((curated["data_multiplier"] as? Double ?? .nan) / m - 1) < 1e-5)
        // The cheapest model of loss 2.4 under the web law, by the closed form: αx = βy, x + y = ℓ − E.
        let x = beta * 0.6 / (0.34 + beta), y = 0.34 * 0.6 / (0.34 + beta)
        let webFlops = 6 * pow(450 / x, 1 / 0.34) * pow(b / y, 1 / beta)
        let web = try #require(rows.first { $0["group"] as? String == "web" })
        #expect(abs((web["flops"] as? Double ?? .nan) / webFlops - 1) < 1e-5)

        // --save-multiplier writes what plan --data-multiplier reads: the same plan as the number.
        let saved = scratch.path("multiplier.json")
        let s = try CLIHarness.run(["compare", runs, "--group", "dataset", "--baseline", "web", "--target-loss", "2.4", "--save-multiplier", saved])
        #expect(s.status == 0, "\(s.stderr)")
        let file = try jsonObject(try String(contentsOfFile: saved, encoding: .utf8))
        let measured = try #require(file["data_multiplier"] as? Double)
        #expect(abs(measured / m - 1) < 1e-5 && file["group"] as? String == "curated")
        let fromFile = try CLIHarness.run(["plan", "--preset", "chinchilla-sardana", "--target-loss", "2.0", "--data-multiplier", saved, "--format", "json"])
        let fromNumber = try CLIHarness.run(["plan", "--preset", "chinchilla-sardana", "--target-loss", "2.0", "--data-multiplier", "\(measured)", "--format", "json"])
        #expect(fromFile.status == 0 && fromFile.stdout == fromNumber.stdout, "\(fromFile.stderr)")
        let again = try CLIHarness.run(["compare", runs, "--group", "dataset", "--target-loss", "2.4", "--save-multiplier", saved])
        #expect(again.status == 1 && again.stderr.contains("exists: pass --force"))
    }

    @Test("compare refuses: no --group, one group")
    func refusals() throws {
        let noGroup = try CLIHarness.run(["compare", "data/example-sweep.csv"])
        #expect(noGroup.status == 64 && noGroup.stderr.contains("compare needs --group COLUMN"))
        let scratch = Scratch()
        defer { withExtendedLifetime(scratch) {} }
        let one = scratch.file("one.csv", "params,tokens,loss,dataset\n" + (0..<8).map { "\(1e8 * Double($0 + 1)),\(2e9 * Double(8 - $0)),\(3.0 - 0.01 * Double($0)),c4" }.joined(separator: "\n") + "\n")
        let r = try CLIHarness.run(["compare", one, "--group", "dataset"])
        #expect(r.status == 1 && r.stderr.contains("a comparison needs at least two groups; the runs have 1 ('c4')"), "\(r.stderr)")
    }
}

/// `compare` on real sweeps: Gadre et al.'s C4, RedPajama and RefinedWeb runs on C4's loss,
/// against an independent numpy/scipy computation (each dataset's law by L-BFGS-B from a
/// 4,500-point start grid then Nelder–Mead, Huber δ = 1e-3 on log L; the multipliers by the
/// closed forms), which agrees with scaleplan to about 1e-7.
@Suite struct CompareRealSweepTests {
    @Test(.enabled(if: CLIHarness.hasSharedData, "needs ../shared/data/gadre2024"))
    func gadreDatasetsAgainstScipy() throws {
        let r = try CLIHarness.run(["compare", "../shared/data/gadre2024/gadre2024_runs.csv", "--group", "dataset",
                                    "--column", "loss=loss_paloma_c4_en", "--baseline", "c4_original",
                                    "--target-loss", "2.5", "--target-loss", "2.4", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try #require(try jsonObject(r.stdout)["rows"] as? [[String: Any]])
        // (group, target, flops, compute ×, data ×) from the scipy computation.
        let reference: [(String, Double, Double, Double, Double)] = [
            ("rpj", 2.5, 2.2952498722106814e21, 0.40358138046340153, 0.4633371969036027),
            ("rw_original", 2.5, 3.453323456121627e21, 0.2682401818726729, 0.3877768000621098),
            ("rpj", 2.4, 6.798569367239777e21, 0.344922638725969, 0.414066812538742),
            ("rw_original", 2.4, 1.0761151894024886e22, 0.21791166120533365, 0.34596657944081727),
        ]
        for (group, target, flops, compute, data) in reference {
            let row = try #require(rows.first { $0["group"] as? String == group && $0["target_loss"] as? Double == target })
            #expect(abs((row["flops"] as? Double ?? .nan) / flops - 1) < 1e-5, "\(group) \(target)")
            #expect(abs((row["compute_multiplier"] as? Double ?? .nan) / compute - 1) < 1e-5, "\(group) \(target)")
            #expect(abs((row["data_multiplier"] as? Double ?? .nan) / data - 1) < 1e-5, "\(group) \(target)")
        }
    }
}
