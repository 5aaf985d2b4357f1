import Foundation
import Testing

/// The plan the synthetic-data suites start from: Muennighoff et al.'s law at loss 2.3 on
/// 20B unique tokens, serving 10¹² tokens, as JSON (`base` without `--format json` is text).
enum CappedDataPlan {
    static let base = ["plan", "--preset", "muennighoff2023", "--target-loss", "2.3", "--unique-tokens", "20B",
                       "--inference-tokens", "1e12", "--format", "json"]

    /// The plan with `extra` options, as JSON; a failed run is a test failure.
    static func json(_ extra: [String]) throws -> [String: Any] {
        let r = try CLIHarness.run(base + extra)
        #expect(r.status == 0, "\(r.stderr)")
        return try jsonObject(r.stdout)
    }
}
