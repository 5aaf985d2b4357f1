import Foundation
import Testing
@testable import ScalingLaws

/// Training trajectories read as runs: file-wide values (`FileValues`) and one run per file
/// from its last checkpoints (`RunLog.lastCheckpoints`).
@Suite struct TrajectoryTests {
    static let table = """
    file,params,dataset
    logs/small.csv,1e8,c4
    big.jsonl,4e8,
    """

    @Test func fileValuesMatchByPathOrBaseName() throws {
        let values = try FileValues.parse(Self.table, origin: "files.csv")
        #expect(values.columns(for: "logs/small.csv") == [.init(name: "params", value: "1e8"), .init(name: "dataset", value: "c4")])
        #expect(values.columns(for: "elsewhere/big.jsonl") == [.init(name: "params", value: "4e8")])   // empty cells add nothing
        #expect(values.columns(for: "small.csv").isEmpty)   // a path in the table is matched as written
        #expect(values.columns(for: "other.csv").isEmpty)
        // Patterns, first match wins; an exact name wins over any pattern.
        let ladder = try FileValues.parse("file,params\n190M-*.csv,190354176\n*.csv,1\n190M-5xC.csv,2\n", origin: "t.csv")
        #expect(ladder.columns(for: "runs/190M-1xC.csv") == [.init(name: "params", value: "190354176")])
        #expect(ladder.columns(for: "runs/1B-1xC.csv") == [.init(name: "params", value: "1")])
        #expect(ladder.columns(for: "190M-5xC.csv") == [.init(name: "params", value: "2")])
        #expect(ladder.columns(for: "runs/a.jsonl").isEmpty)
    }

    @Test func fileValuesActAsColumnsOfEveryRow() throws {
        let columns = try FileValues.parse(Self.table, origin: "files.csv").columns(for: "logs/small.csv")
        let reader = RunFileReader()
        let csv = try reader.read(data: Data("tokens,loss\n1e9,3.1\n2e9,3.0,\n".utf8), name: "logs/small.csv", fileColumns: columns)
        #expect(csv.runs.map(\.params) == [1e8, 1e8])
        #expect(csv.runs.map(\.flops) == [6e17, 1.2e18])
        #expect(csv.runs.allSatisfy { $0.tags == ["dataset": "c4"] })
        let jsonl = try reader.read(data: Data(#"{"tokens": 1e9, "loss": 3.1}"#.utf8), name: "x.jsonl", fileColumns: columns)
        #expect(jsonl.runs[0].params == 1e8)
        // The file's own column wins over the table's.
        let own = try reader.read(data: Data("params,tokens,loss\n5e7,1e9,3.1\n".utf8), name: "a.csv", fileColumns: columns)
        #expect(own.runs[0].params == 5e7)
        // A bad table value is reported like a bad cell of the file.
        let bad = [FileValues.Column(name: "params", value: "lots")]
        #expect(throws: RunFileError.self) { try reader.read(data: Data("tokens,loss\n1e9,3\n".utf8), name: "b.csv", fileColumns: bad) }
    }

    @Test(arguments: [
        ("params\n1e8\n", "files.csv: a file-values table needs a 'file' column naming the run files (columns found: params)"),
        ("file,params\na.csv,1e8\na.csv,2e8\n", "files.csv:3: 'a.csv' is named twice: one row per run file"),
        ("file,params\na.csv\n", "files.csv:2: 1 field where the header has 2 (a stray comma or a missing quote?)"),
        ("file,params\n,1e8\n", "files.csv:2: column 'file' is empty"),
    ])
    func badTablesSayWhere(text: String, message: String) {
        #expect(throws: RunFileError.self) { try FileValues.parse(text, origin: "files.csv") }
        do { _ = try FileValues.parse(text, origin: "files.csv") } catch { #expect("\(error)" == message) }
    }

    /// One run per file: the most-tokens checkpoint, loss averaged over the last K by tokens
    /// (rows need not be in order), a short file averaging all it has.
    @Test func lastCheckpointsAverageTheTail() throws {
        let a = try readRuns("params,tokens,loss\n1e8,3e9,3.0\n1e8,1e9,4.0\n1e8,4e9,2.9\n1e8,2e9,3.5\n", name: "a.csv")
        let b = try readRuns("params,tokens,loss\n2e8,1e9,3.8\n", name: "b.csv")
        let log = RunLog(combining: [a, b]).lastCheckpoints(2)
        #expect(log.runs.count == 2)
        #expect(log.runs[0].tokens == 4e9 && log.runs[0].source.line == 4)
        #expect(log.runs[0].loss == (3.0 + 2.9) / 2)
        #expect(log.runs[1].loss == 3.8)
        #expect(log.notes.first == "each file read as one run's checkpoints: loss averaged over its last 2 checkpoints (by tokens)")
        #expect(RunLog(combining: [a]).lastCheckpoints(1).runs[0].loss == 2.9)
    }
}
