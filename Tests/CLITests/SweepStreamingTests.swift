import Foundation
import Testing

/// `sweep` builds its table as the plans come (CSV written row by row); with `--repeat` (the
/// hidden benchmarking option) it keeps the plans and tabulates them at the end, the way it
/// always did. Both must print the same bytes.
@Suite("Sweep tables built as the plans come (CLI)")
struct SweepStreamingTests {
    @Test("Streamed and stored sweeps print the same table, in every format, with and without every optional column")
    func sameOutput() throws {
        let sweeps: [[String]] = [
            ["sweep", "--preset", "chinchilla-sardana", "--quality-of", "30B", "--vary", "inference-tokens=1e9:1e15:7:log"],
            ["sweep", "--preset", "chinchilla-sardana", "--quality-of", "70B", "--requests", "5e10", "--objective", "cost", "--train-gpu", "h100-sxm",
             "--serving", "roofline", "--train-gpus", "2048", "--vary", "max-ms-per-token=15:30:4", "--vary", "deadline-days=40:60:3"],
        ]
        for sweep in sweeps {
            for format in ["csv", "text", "markdown", "latex"] {
                let streamed = try CLIHarness.run(sweep + ["--format", format])
                let stored = try CLIHarness.run(sweep + ["--format", format, "--repeat", "2"])
                #expect(streamed.status == 0 && stored.status == 0, "\(streamed.stderr) \(stored.stderr)")
                #expect(!streamed.stdout.isEmpty)
                #expect(streamed.stdout == stored.stdout, "\(format): \(sweep)")
            }
        }
    }
}
