import Foundation
import Testing
@testable import ScalingLaws

/// Runs read to be predicted (`RunFileReader.requireLoss` false) may lack a loss: the column,
/// or a row's cell. Runs read for a fit still need one.
@Suite struct OptionalLossTests {
    static func read(_ text: String, name: String = "runs.csv", requireLoss: Bool) throws(RunFileError) -> RunLog {
        try RunFileReader(requireLoss: requireLoss).read(data: Data(text.utf8), name: name)
    }

    @Test func aFileWithoutALossColumn() throws {
        let log = try Self.read("params,tokens\n7B,1.4T\n70B,1.4T\n", requireLoss: false)
        #expect(log.runs.map(\.params) == [7e9, 70e9])
        #expect(log.runs.allSatisfy { $0.observedLoss == nil && !$0.knows(.loss) })
        #expect(throws: RunFileError.missingColumns(file: "runs.csv", missing: [.loss], found: ["params", "tokens"])) {
            try Self.read("params,tokens\n7B,1.4T\n", requireLoss: true)
        }
    }

    @Test func emptyCellsAndJSONLines() throws {
        let csv = try Self.read("params,tokens,loss\n1e8,2e9,3.3\n1e9,2e10,\n", requireLoss: false)
        #expect(csv.runs.map(\.observedLoss) == [3.3, nil])
        let jsonl = try Self.read("{\"params\": 1e8, \"tokens\": 2e9, \"loss\": 3.3}\n{\"params\": 1e9, \"tokens\": 2e10}\n{\"params\": 2e9, \"tokens\": 4e10, \"loss\": null}\n",
                                  name: "runs.jsonl", requireLoss: false)
        #expect(jsonl.runs.map(\.observedLoss) == [3.3, nil, nil])
        // A bad loss is still an error, naming the cell.
        #expect(throws: RunFileError.self) { try Self.read("params,tokens,loss\n1e8,2e9,abc\n", requireLoss: false) }
        // A fit's reader still refuses the empty cell.
        #expect(throws: RunFileError.self) { try Self.read("params,tokens,loss\n1e9,2e10,\n", requireLoss: true) }
    }

    /// A condition on loss cannot hold for a run without one (as for an absent tag): only `!=`
    /// keeps it.
    @Test func filtersOnLossSkipRunsWithoutOne() throws {
        let log = try Self.read("params,tokens,loss\n1e8,2e9,3.3\n1e9,2e10,\n", requireLoss: false)
        let (kept, _) = try log.filtered(by: [.excludingLoss(above: 3.5)])
        #expect(kept.runs.map(\.params) == [1e8])
        let (others, _) = try log.filtered(by: [try RunFilter(parsing: "loss!=3.3")])
        #expect(others.runs.map(\.params) == [1e9])
    }
}
