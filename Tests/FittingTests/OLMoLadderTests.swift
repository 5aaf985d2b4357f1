import Foundation
import Testing
@testable import Fitting
import ScalingLaws

/// The OLMo model ladder (Bhagia et al. 2024; ../shared/data/olmo-ladder, skipped when absent):
/// 16 small runs (190M–1.3B parameters at 20–200 tokens per parameter) predict the C4 loss
/// of the 7B and 13B targets.
///
/// The files are training trajectories, not runs: as the paper does, each run's loss is the
/// mean of its last 5 evaluations, its tokens the last `throughput/total_tokens`, and N comes
/// from the ladder's `final.json` (the files carry no parameter count, and their FLOP column
/// counts attention too, so N cannot be derived from it).
@Suite(.enabled(if: OLMoLadder.available, "needs ../shared/data/olmo-ladder beside the repository"))
struct OLMoLadderTests {
    @Test func ladderPredictsTheTargets() throws {
        let runs = try OLMoLadder.runs()
        #expect(runs.count == 16)
        var options = FitOptions()
        options.bootstrap = 200
        options.seed = 1
        let fit = try Fitter.fit(runs, options: options)
        #expect(fit.convergence.converged)
        let law = try #require(fit.chinchillaLaw)
        // Targets: 7B on 3.945T tokens, 13B on 5.0T (final.json); observed C4 losses are the
        // last evaluations in peteish7_eval_anneal.csv (2.4829) and peteish13_eval_final.csv
        // (2.4376, mean of its last 5: 2.4379).
        let targets: [(n: Double, d: Double, observed: Double)] = [
            (6_887_575_552, 3_945_065_873_408, 2.4829), (13_202_396_160, 5_000_088_518_656, 2.4379)]
        for t in targets {
            let predicted = law.loss(params: t.n, tokens: t.d)
            #expect(abs(predicted / t.observed - 1) < 0.05, "predicted \(predicted), observed \(t.observed)")
            let samples = fit.samples.compactMap { try? ChinchillaLaw(parameters: $0) }.map { $0.loss(params: t.n, tokens: t.d) }
            let interval = Statistics.percentileInterval(samples, confidence: 0.9)
            #expect(interval.contains(t.observed), "observed \(t.observed) outside \(interval)")
        }
    }
}

enum OLMoLadder {
    static let folder = URL(fileURLWithPath: EpochData.path).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("olmo-ladder")
    static var available: Bool { FileManager.default.fileExists(atPath: folder.appendingPathComponent("final.json").path) }

    /// N per ladder size, from final.json.
    static let params: [String: Double] = ["190M": 190_354_176, "370M": 371_262_464, "760M": 758_220_288, "1B": 1_279_395_840]

    /// The FLOP column is mapped only so each row reads (a run needs two of N, D, C); the N it
    /// would imply is not used.
    static func runs() throws -> [Run] {
        let reader = RunFileReader(columns: try ColumnMapping(parsing: [
            "loss=eval/c4_en-validation/CrossEntropyLoss", "tokens=throughput/total_tokens", "flops=throughput/total_training_Gflops"]))
        var runs: [Run] = []
        for size in ["190M", "370M", "760M", "1B"] {
            for multiple in ["1xC", "2xC", "5xC", "10xC"] {
                let name = "\(size)-\(multiple).csv"
                let trajectory = try reader.read(path: folder.appendingPathComponent("ladder-runs/\(name)").path).runs
                let last = trajectory.suffix(5)
                let loss = last.reduce(0) { $0 + $1.loss } / Double(last.count)
                runs.append(Run(params: params[size]!, tokens: trajectory.last!.tokens, loss: loss,
                                source: SourceLocation(file: name, line: trajectory.last!.source.line)))
            }
        }
        return runs
    }
}
