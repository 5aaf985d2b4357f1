import Foundation
import Testing
@testable import ScalingLaws

/// `--checkpoints all`: every row of a trajectory as a point, warm-up dropped, smoothed.
@Suite struct EveryCheckpointTests {
    /// Ten checkpoints of one file, logged out of order: tokens 10k, loss 10 − k, acc k/10.
    static let log: RunLog = {
        let rows = [3, 1, 2, 4, 5, 6, 7, 8, 9, 10].enumerated().map { i, k in
            Run(params: .nan, tokens: Double(10 * k), flops: .nan, loss: Double(10 - k), tags: ["acc": "\(Double(k) / 10)"],
                source: SourceLocation(file: "a.csv", line: i + 2))
        }
        return RunLog(runs: rows, files: ["a.csv"])
    }()

    @Test func warmUpIsDroppedAndWindowsAreTrailingMeans() throws {
        let points = try Self.log.everyCheckpoint(skipWarmup: 0.2, smooth: 3, columns: ["acc"])
        // Drop k = 1, 2 (20% of 10); windows of 3 over k = 3…10 end at k = 5…10.
        #expect(points.runs.map(\.tokens) == [50, 60, 70, 80, 90, 100])
        // Loss at k = 5: mean of 10 − 3, 10 − 4, 10 − 5 = 6; acc mean of 0.3, 0.4, 0.5 = 0.4.
        #expect(points.runs.map(\.loss) == [6, 5, 4, 3, 2, 1])
        #expect(abs(Double(points.runs[0].tags["acc"]!)! - 0.4) < 1e-12)
        let all = try Self.log.everyCheckpoint()
        #expect(all.runs.count == 10 && all.runs.map(\.loss) == [9, 8, 7, 6, 5, 4, 3, 2, 1, 0])
    }

    @Test func aStepColumnOrdersWhenTokensAreUnknown() throws {
        let rows = [2, 1, 3].enumerated().map { i, k in
            Run(params: .nan, tokens: .nan, flops: .nan, loss: Double(k), tags: ["_step": "\(k * 100)"],
                source: SourceLocation(file: "b.csv", line: i + 2))
        }
        #expect(try RunLog(runs: rows).everyCheckpoint().runs.map(\.loss) == [1, 2, 3])
    }

    @Test func filesWithoutAnOrderOrWithBadValuesAreRefused() {
        let rows = (0..<3).map { i in
            Run(params: .nan, tokens: .nan, flops: .nan, loss: 1, source: SourceLocation(file: "c.csv", line: i + 2))
        }
        #expect(throws: CheckpointError.noOrder(file: "c.csv")) { try RunLog(runs: rows).everyCheckpoint() }
        #expect("\(CheckpointError.noOrder(file: "c.csv"))".contains("c.csv: --checkpoints all needs"))
        var bad = Self.log
        bad.runs[4].tags["acc"] = ""
        do { _ = try bad.everyCheckpoint(smooth: 2, columns: ["acc"]); Issue.record("no error") } catch {
            #expect("\(error)".contains("a.csv:6: column 'acc' is '', not a finite number"))
        }
        #expect(throws: CheckpointError.self) { try Self.log.everyCheckpoint(skipWarmup: 1) }
    }
}
