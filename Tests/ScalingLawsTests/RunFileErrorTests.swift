import Foundation
import Testing
@testable import ScalingLaws

/// Every error names the file, the 1-based line (header = line 1) and the column.
@Suite struct RunFileErrorTests {
    @Test func textInANumberColumn() {
        #expect(readError("params,tokens,loss\n1,2,3\n1,abc,3\n") == "runs.csv:3: column 'tokens': 'abc' is not a number")
    }

    @Test func theColumnIsNamedAsInTheFile() {
        #expect(readError("Model Size,Training FLOP,loss\n1e9,x,3\n") == "runs.csv:2: column 'Training FLOP': 'x' is not a number")
    }

    @Test(arguments: [("nan", "'nan' is not a finite number"), ("inf", "'inf' is not a finite number"),
                      ("-5", "params must be positive, got '-5'"), ("0", "params must be positive, got '0'"),
                      ("0.0e3", "params must be positive, got '0.0e3'"), ("-1B", "params must be positive, got '-1B'")])
    func invalidParams(cell: String, message: String) {
        #expect(readError("params,tokens,loss\n\(cell),2,3\n") == "runs.csv:2: column 'params': \(message)")
    }

    @Test func lossMustBePositiveFiniteAndPlain() {
        #expect(readError("N,D,loss\n1,2,0\n") == "runs.csv:2: column 'loss': loss must be positive, got '0'")
        #expect(readError("N,D,loss\n1,2,NaN\n") == "runs.csv:2: column 'loss': 'NaN' is not a finite number")
        #expect(readError("N,D,loss\n1,2,3M\n")
            == "runs.csv:2: column 'loss': '3M' has a size suffix, which this quantity does not take: write a plain number")
    }

    @Test func digitSeparatorIsAnError() {
        #expect(readError("N,D,loss\n\"1,000\",2,3\n")
            == "runs.csv:2: column 'N': '1,000' has a digit separator (',' or '_'): write it without, e.g. 1400000000, 1.4e9 or 1.4B")
    }

    @Test func emptyCells() {
        #expect(readError("N,D,loss\n1,2,\n") == "runs.csv:2: column 'loss' is empty")
        // With flops present, an empty tokens cell is derived; without, it is an error.
        #expect(readError("N,D,C,loss\n1,,,3\n") == "runs.csv:2: column 'D' is empty")
        #expect(readError("N,D,C,loss\n1,,600,3\n") == nil)
    }

    @Test func fieldCount() {
        #expect(readError("N,D,loss\n1,2\n") == "runs.csv:2: 2 fields where the header has 3 (a stray comma or a missing quote?)")
        #expect(readError("N,D,loss\n1,2,3,4\n") == "runs.csv:2: 4 fields where the header has 3 (a stray comma or a missing quote?)")
    }

    @Test func emptyFileAndHeaderOnly() {
        #expect(readError("") == "runs.csv: the file is empty: expected a CSV header (e.g. params,tokens,loss) and one run per line")
        #expect(readError(" \n\r\n") == readError(""))
        #expect(readError("params,tokens,loss\n") == "runs.csv: no runs: the file has a header but no data rows")
        #expect(readError("params,tokens,loss\n\n\n") == "runs.csv: no runs: the file has a header but no data rows")
    }

    @Test func missingFileAndBinary() {
        #expect(throws: RunFileError.unreadable(file: "no/such.csv")) { try RunFileReader().read(path: "no/such.csv") }
        #expect(RunFileError.unreadable(file: "no/such.csv").description == "no/such.csv: cannot read the file (does it exist?)")
        #expect(throws: RunFileError.notUTF8(file: "x.csv")) {
            try RunFileReader().read(data: Data([0x70, 0xFF, 0xFE, 0x0A]), name: "x.csv")
        }
    }

    @Test func missingLoss() {
        #expect(readError("N,D\n1,2\n") == "runs.csv: missing column 'loss'; columns found: N, D. Map a column with --column loss=COLUMN")
    }

    @Test func derivedOverflow() {
        #expect(readError("N,D,loss\n1e300,1e300,3\n") == "runs.csv:2: flops derived by C = 6·N·D is not finite")
    }
}

@Suite struct SkipInvalidTests {
    let text = "N,D,loss\n1,2,3\n1,abc,3\n4,5,6\n1,2\n7,8,-1\n9,10,11\n"

    @Test func dropsBadRowsAndCountsThem() throws {
        let log = try readRuns(text, skipInvalid: true)
        #expect(log.runs.map(\.source.line) == [2, 4, 7])
        #expect(log.skippedCount == 3)
        #expect(log.skipped.map(\.location?.line) == [3, 5, 6])
        #expect(log.notes.prefix(2) == [
            "flops derived as 6·N·D for 3 runs",
            "skipped 3 invalid rows (--skip-invalid), first:",
        ])
        #expect(log.notes[2] == "  runs.csv:3: column 'D': 'abc' is not a number")
    }

    @Test func withoutSkippingTheFirstBadRowStops() {
        #expect(readError(text) == "runs.csv:3: column 'D': 'abc' is not a number")
    }

    @Test func fileLevelErrorsAreNeverSkipped() {
        #expect(throws: RunFileError.self) { try readRuns("N,loss\n1,2\n", skipInvalid: true) }
    }

    @Test func allRowsInvalidIsTheFirstError() {
        #expect(throws: RunFileError.invalidRow(SourceLocation(file: "runs.csv", line: 2, column: "D"), .number(.notANumber("x")))) {
            try readRuns("N,D,loss\n1,x,3\n1,y,3\n", skipInvalid: true)
        }
    }

    @Test func recordsOnlyTheFirstReasonsButCountsAll() throws {
        let bad = String(repeating: "1,x,3\n", count: 50)
        let log = try readRuns("N,D,loss\n1,2,3\n" + bad, skipInvalid: true)
        #expect(log.skippedCount == 50)
        #expect(log.skipped.count == RunLog.recordedSkipLimit)
    }
}
