import Foundation
import Testing

/// `sweep --link`: every point shows the metric the link gives its plan's loss.
@Suite struct SweepMetricCommandTests {
    @Test func everyPointCarriesItsMetric() throws {
        let scratch = Scratch()
        defer { withExtendedLifetime(scratch) {} }
        let link = scratch.file("link.json", #"{"form": "downstream", "link": "exponential", "metric": "err_avg", "parameters": {"epsilon": 0.85, "k": 2.0, "gamma": 1.2}}"#)
        let r = try CLIHarness.run(["sweep", "--preset", "chinchilla-sardana", "--target-loss", "2.1", "--vary", "target-loss=2.0:2.3:4",
                                    "--link", link, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 4)
        for row in rows {
            let loss = try #require((row["recommended"] as? [String: Any])?["loss"] as? Double)
            // Gadre et al.'s link, by hand: ε − k·exp(−γ·L).
            #expect(abs((row["metric"] as? Double ?? .nan) - (0.85 - 2 * exp(-1.2 * loss))) < 1e-12)
            #expect(row["metric_name"] as? String == "err_avg")
        }
        let text = try CLIHarness.run(["sweep", "--preset", "chinchilla-sardana", "--target-loss", "2.1", "--vary", "target-loss=2.0:2.3:4", "--link", link])
        #expect(text.stdout.split(separator: "\n").first?.hasSuffix("err_avg") == true, "\(text.stdout)")
    }
}

/// `predict --runs --link`: each run's metric at its predicted loss, and its own where the file has it.
@Suite struct PredictRunsLinkCommandTests {
    @Test func everyRunCarriesItsMetric() throws {
        let scratch = Scratch()
        defer { withExtendedLifetime(scratch) {} }
        let link = scratch.file("link.json", #"{"form": "downstream", "link": "exponential", "metric": "err_avg", "parameters": {"epsilon": 0.85, "k": 2.0, "gamma": 1.2}}"#)
        let runs = scratch.file("runs.csv", "params,tokens,loss,err_avg\n1e8,2e9,3.5,0.8\n4e8,8e9,3.1,\n")
        let r = try CLIHarness.run(["predict", "--preset", "chinchilla-sardana", "--link", link, "--runs", runs, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try jsonObject(r.stdout)
        let rows = try #require(o["predictions"] as? [[String: Any]])
        #expect(rows.count == 2 && o["metric_name"] as? String == "err_avg")
        for (row, (n, d)) in zip(rows, [(1e8, 2e9), (4e8, 8e9)]) {
            let loss = 1.69 + 406.4 / pow(n, 0.336) + 410.7 / pow(d, 0.283)   // the preset, by hand
            #expect(abs((row["loss"] as? Double ?? .nan) / loss - 1) < 1e-12)
            #expect(abs((row["metric"] as? Double ?? .nan) - (0.85 - 2 * exp(-1.2 * loss))) < 1e-12)
        }
        #expect(rows[0]["observed_metric"] as? Double == 0.8 && rows[1]["observed_metric"] == nil)
        let alone = try CLIHarness.run(["predict", "--link", link, "--runs", runs])
        #expect(alone.status == 64 && alone.stderr.contains("--runs with --link needs the loss law too"), "\(alone.stderr)")
    }
}
