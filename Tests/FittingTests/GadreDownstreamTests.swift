import Foundation
import Testing
@testable import Fitting
import ScalingLaws

/// Gadre et al. 2024's procedure on their RedPajama runs (../shared/data/gadre2024, skipped
/// when absent): the loss law L = E + A/N^η + B/D^η (their L(C, M) with α = β) fitted by
/// least squares on L to 0.011–0.411B at M = 20 and 0.011B at M = 320, the error link fitted
/// to those and the 1.4B at M = 20, chained to predict the 6.9B at M = 20 and the 1.4B at
/// M = 640. Their repository's scaling_explorer notebook prints the relative errors:
/// loss 0.7320% and 0.7103%, 17-task error 0.0464% and 3.6365%.
@Suite(.enabled(if: GadreRuns.available, "needs ../shared/data/gadre2024 beside the repository"))
struct GadreDownstreamTests {
    @Test func theChainReproducesThePublishedErrors() throws {
        let all = try GadreRuns.rpj()
        func pick(_ n: Double, _ m: Double) -> Run { all.first { abs($0.params / n - 1) < 0.05 && abs($0.tokens / $0.params / m - 1) < 0.01 }! }
        let small = [1.06e7, 7.89e7, 1.54e8, 4.12e8].map { pick($0, 20) } + [pick(1.06e7, 320)]
        let linkRuns = small + [pick(1.44e9, 20)]
        var lossOptions = FitOptions(objective: FitObjective(loss: .squared, space: .linear))
        lossOptions.constraints.ties = [.init("alpha", "beta")]
        let law = try #require(try Fitter.fit(small, options: lossOptions).chinchillaLaw)
        var linkOptions = FitOptions(form: .downstream, objective: FitObjective(loss: .squared, space: .linear))
        linkOptions.metric = "err_avg17"
        let link = try DownstreamLink(kind: .exponential, parameters: try Fitter.fit(linkRuns, options: linkOptions).parameters)
        let published: [(target: Run, loss: Double, error: Double)] = [
            (pick(6.89e9, 20), 0.7320, 0.0464), (pick(1.44e9, 640), 0.7103, 3.6365)]
        for p in published {
            let loss = law.loss(params: p.target.params, tokens: p.target.tokens)
            let lossError = 100 * abs(loss / p.target.loss - 1)
            let metricError = 100 * abs(link.metric(loss: loss) / Double(p.target.tags["err_avg17"]!)! - 1)
            #expect(abs(lossError - p.loss) < 5e-4, "loss error \(lossError)%")
            #expect(abs(metricError - p.error) < 5e-4, "error's error \(metricError)%")
        }
    }
}

enum GadreRuns {
    static let path = URL(fileURLWithPath: EpochData.path).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("gadre2024/gadre2024_runs.csv").path
    static var available: Bool { FileManager.default.fileExists(atPath: path) }

    /// The RedPajama runs: N, D, C4 validation loss, the other columns as tags.
    static func rpj() throws -> [Run] {
        let reader = RunFileReader(columns: try ColumnMapping(parsing: ["params=N", "tokens=D", "loss=loss_c4_val"]))
        return try reader.read(path: path).runs.filter { $0.tags["dataset"] == "rpj" }
    }
}
