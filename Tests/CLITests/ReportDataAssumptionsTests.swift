import Foundation
import Testing

/// A report planned with data levers says what it assumed about the data, next to the plan
/// table (it planned with them and said nothing): the unique-data cap and its half-lives, a
/// data multiplier, synthetic data — each figure here is an option given on the command line
/// or the preset's published half-life (Muennighoff et al.: R*_D 15.4, R*_N 5.31).
@Suite struct ReportDataAssumptionsTests {
    func report(_ extra: [String]) throws -> String {
        let scratch = Scratch()
        defer { withExtendedLifetime(scratch) {} }
        let out = scratch.path("report")
        let r = try CLIHarness.run(["report", "--target-loss", "2.3", "--out", out] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        return try String(contentsOfFile: out + "/report.md", encoding: .utf8)
    }

    @Test func capMultiplierAndSyntheticData() throws {
        let capped = "The real data is capped at 20.0B unique tokens; repeated tokens count less (Muennighoff et al. 2023, R*_D = 15.4), as do parameters beyond what the unique data supports (R*_N = 5.31)."
        let fraction = try report(["--preset", "muennighoff2023", "--unique-tokens", "20B", "--synthetic-fraction", "0.3", "--synthetic-worth", "2"])
        #expect(fraction.contains(capped + " Rephrased data (Maini et al. 2024): 30% of every training token is synthetic (never repeated), each token worth 2.00 real ones, written by a 7.00B-parameter rephraser; its generation is in the training cost."))
        let corpus = try report(["--preset", "muennighoff2023", "--unique-tokens", "20B", "--synthetic-tokens", "50B", "--synthetic-reuse", "3"])
        #expect(corpus.contains(capped + " Rephrased data (Maini et al. 2024): 50.0B synthetic tokens join the unique data, each token worth 1.00 real ones, written by a 7.00B-parameter rephraser; this run's share of the generation (3.00 runs share it) is in the training cost."))
        let multiplier = try report(["--preset", "chinchilla", "--data-multiplier", "2"])
        #expect(multiplier.contains("Each training token counts as 2.00 tokens of the law's data (a data multiplier); costs are on the tokens trained."))
        let plain = try report(["--preset", "chinchilla"])
        #expect(!plain.contains("capped") && !plain.contains("Rephrased") && !plain.contains("counts as"))
    }
}
