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
