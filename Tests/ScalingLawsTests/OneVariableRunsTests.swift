import Foundation
import Testing
@testable import ScalingLaws

/// Runs for a one-variable fit: a file that logs only one of params, tokens and flops (a
/// data-scaling curve, a compute frontier) reads when the reader is told that one suffices.
@Suite struct OneVariableRunsTests {
    @Test func aSingleScaleColumnReadsWhenItIsTheOneNeeded() throws {
        let text = "train_dataset_size,test_loss\n160,2.14\n192,2.12\n"
        let reader = RunFileReader(columns: try ColumnMapping(parsing: ["tokens=train_dataset_size", "loss=test_loss"]),
                                   alone: .tokens)
        let log = try reader.read(data: Data(text.utf8), name: "curve.csv")
        #expect(log.runs.map(\.tokens) == [160, 192])
        #expect(log.runs.allSatisfy { $0.knows(.tokens) && !$0.knows(.params) && !$0.knows(.flops) && !$0.knowsScale })
        #expect(log.runs.allSatisfy { $0.derived == nil })
        #expect(log.notes.isEmpty)   // nothing derived, nothing to warn about
        // The same file for a fit that needs two of them: the usual error.
        let strict = RunFileReader(columns: try ColumnMapping(parsing: ["tokens=train_dataset_size", "loss=test_loss"]))
        #expect(throws: RunFileError.missingColumns(file: "curve.csv", missing: [.params, .flops], found: ["train_dataset_size", "test_loss"])) {
            try strict.read(data: Data(text.utf8), name: "curve.csv")
        }
        // Another variable than the one needed is still missing.
        #expect(throws: RunFileError.missingColumns(file: "c.csv", missing: [.tokens], found: ["flops", "loss"])) {
            try readRuns("flops,loss\n1e18,3\n", name: "c.csv", alone: .tokens)
        }
    }

    @Test func twoColumnsStillDeriveTheThird() throws {
        let log = try readRuns("params,tokens,loss\n1e8,2e9,3.1\n", alone: .tokens)
        #expect(log.runs[0].flops == 1.2e18 && log.runs[0].derived == .flops && log.runs[0].knowsScale)
    }

    @Test func jsonLinesAndEmptyCells() throws {
        let log = try readRuns("{\"flops\": 1e18, \"loss\": 3.5}\n{\"flops\": 1e19, \"params\": null, \"loss\": 3.1}\n",
                               name: "c.jsonl", alone: .flops)
        #expect(log.runs.map(\.flops) == [1e18, 1e19])
        // A row with an empty cell in the needed column is still an error, with its place.
        let empty = #expect(throws: RunFileError.self) { try readRuns("tokens,loss\n,3.1\n", alone: .tokens) }
        #expect(empty?.description == "runs.csv:2: column 'tokens' is empty")
    }

    /// Duplicates are found among one-variable runs too (unknown quantities compare equal).
    @Test func duplicatesAmongOneVariableRuns() throws {
        let log = try readRuns("tokens,loss\n160,2.14\n160,2.14\n192,2.12\n", alone: .tokens)
        #expect(log.warnings.count == 1)
        #expect(log.notes.contains { $0.contains("repeats an earlier run") })
    }
}
