import Foundation
import Testing

/// Training logs as trackers export them — one row per checkpoint, no parameter count — read
/// with `--file-values` (the parameters per file) and `--last-checkpoints K` (one run per file).
@Suite struct TrajectoryCommandTests {
    /// Noiseless trajectories of L = 1.8 + 450/N^0.34 + 1800/D^0.36: each file's checkpoints
    /// lie on the law, so with K = 1 the fit recovers it, and the runs are the files' last rows.
    @Test("trajectory files with --file-values and --last-checkpoints recover the law")
    func syntheticTrajectories() throws {
        let scratch = Scratch()
        defer { withExtendedLifetime(scratch) {} }   // the directory lives to the end of the test
        let dir = scratch.url
        var table = "file,params\n"
        for (i, n) in [2e7, 8e7, 3.2e8, 1.28e9].enumerated() {
            table += "size\(i)-*.csv,\(n)\n"
            for multiple in [5.0, 20, 80] {
                var rows = "step,train/tokens_seen,val/loss\n"
                for step in 1...8 {
                    let d = n * multiple * Double(step) / 8
                    rows += "\(step),\(d),\(1.8 + 450 * pow(n, -0.34) + 1800 * pow(d, -0.36))\n"
                }
                try rows.write(to: dir.appendingPathComponent("size\(i)-\(Int(multiple))x.csv"), atomically: true, encoding: .utf8)
            }
        }
        try table.write(to: dir.appendingPathComponent("params.csv"), atomically: true, encoding: .utf8)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("size") }.sorted()
            .map { dir.appendingPathComponent($0).path }
        let r = try CLIHarness.run(["fit"] + files + ["--file-values", dir.appendingPathComponent("params.csv").path,
                                    "--last-checkpoints", "1", "--column", "tokens=train/tokens_seen",
                                    "--column", "loss=val/loss", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try jsonObject(r.stdout)
        #expect((o["runs"] as? [String: Any])?["used"] as? Int == 12)
        let p = try #require(o["parameters"] as? [String: Double])
        #expect(abs(p["alpha"]! - 0.34) < 1e-6 && abs(p["beta"]! - 0.36) < 1e-6 && abs(p["E"]! - 1.8) < 1e-6)
        let notes = (o["runs"] as? [String: Any])?["notes"] as? [String] ?? []
        #expect(notes.contains("each file read as one run's checkpoints: loss averaged over its last checkpoint (by tokens)"))
        #expect(notes.contains("flops derived as 6·N·D for 12 runs"))

        // Without the table the files have no parameter count: the error says how to give one.
        let missing = try CLIHarness.run(["fit", files[0], "--column", "tokens=train/tokens_seen", "--column", "loss=val/loss"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("or give a value the whole file shares with --file-values"))
    }

    /// The OLMo ladder (Bhagia et al. 2024) through the command line, as the paper does it:
    /// 16 runs of 190M–1.3B, loss the mean of the last 5 C4 evaluations, predict the 7B and
    /// 13B targets (observed 2.4829 and 2.4379, the last evaluations of the target logs).
    @Test("the OLMo ladder from its raw logs predicts the 7B and 13B targets",
          .enabled(if: FileManager.default.fileExists(atPath: CLIHarness.shared.appendingPathComponent("data/olmo-ladder/final.json").path),
                   "needs ../shared/data/olmo-ladder"))
    func olmoLadder() throws {
        let folder = "../shared/data/olmo-ladder/ladder-runs/"
        let table = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-\(UUID().uuidString).csv")
        // N per size from the ladder's final.json.
        try "file,params\n190M-*,190354176\n370M-*,371262464\n760M-*,758220288\n1B-*,1279395840\n"
            .write(to: table, atomically: true, encoding: .utf8)
        let law = FileManager.default.temporaryDirectory.appendingPathComponent("ladder-law-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: table); try? FileManager.default.removeItem(at: law) }
        let files = ["190M", "370M", "760M", "1B"].flatMap { s in ["1xC", "2xC", "5xC", "10xC"].map { folder + "\(s)-\($0).csv" } }
        let fit = try CLIHarness.run(["fit"] + files + ["--file-values", table.path, "--last-checkpoints", "5",
                                      "--column", "loss=eval/c4_en-validation/CrossEntropyLoss",
                                      "--column", "tokens=throughput/total_tokens",
                                      "--bootstrap", "200", "--seed", "1", "--save", law.path])
        #expect(fit.status == 0, "\(fit.stderr)")
        for (n, d, observed) in [("6887575552", "3945065873408", 2.4829), ("13202396160", "5000088518656", 2.4379)] {
            let r = try CLIHarness.run(["predict", "--law", law.path, "--params", n, "--tokens", d, "--format", "json"])
            let o = try jsonObject(r.stdout)
            let loss = try #require(o["loss"] as? Double), interval = try #require(o["interval"] as? [Double])
            #expect(abs(loss / observed - 1) < 0.05, "predicted \(loss), observed \(observed)")
            #expect(interval[0] <= observed && observed <= interval[1], "observed \(observed) outside \(interval)")
        }
    }
}
