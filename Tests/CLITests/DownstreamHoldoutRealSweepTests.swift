import Foundation
import Testing

/// `fit --form downstream --holdout-largest K` on a real sweep: Gadre et al.'s RedPajama runs
/// under 1B parameters, the 5 of lowest C4 loss held out, against an independent scipy
/// least-squares fit of Err(L) = ε − k·e^(−γL) on the other 27
/// (`python3 scripts/reference/downstream_holdout.py ../shared/data/gadre2024/gadre2024_runs.csv 5`).
@Suite struct DownstreamHoldoutRealSweepTests {
    @Test("held-out predictions of Gadre et al.'s link agree with the scipy reference",
          .enabled(if: FileManager.default.fileExists(atPath: CLIHarness.shared.appendingPathComponent("data/gadre2024/gadre2024_runs.csv").path),
                   "needs ../shared/data/gadre2024"))
    func gadreHoldout() throws {
        let r = try CLIHarness.run(["fit", "../shared/data/gadre2024/gadre2024_runs.csv", "--where", "dataset=rpj", "--where", "N<1e9",
                                    "--form", "downstream", "--metric", "err_avg17", "--column", "loss=loss_c4_val",
                                    "--holdout-largest", "5", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let holdout = try #require((try jsonObject(r.stdout)["diagnostics"] as? [String: Any])?["holdout"] as? [String: Any])
        let predictions = try #require(holdout["predictions"] as? [[String: Any]])
        let reference: [(loss: Double, predicted: Double)] = [(2.76816238826, 0.553141451944), (2.80352284602, 0.560650644823),
                                                              (2.90876602415, 0.581947013729), (2.97393983947, 0.594381124069),
                                                              (3.04834907938, 0.607910695284)]
        #expect(predictions.count == reference.count)
        for (p, ref) in zip(predictions, reference) {
            #expect(abs((p["loss"] as? Double ?? .nan) / ref.loss - 1) < 1e-10)
            #expect(abs((p["predicted"] as? Double ?? .nan) / ref.predicted - 1) < 1e-7, "\(p) vs \(ref)")
        }
        #expect(abs((holdout["mean_abs_error"] as? Double ?? .nan) / 0.0104002111288 - 1) < 1e-5)
    }
}
