import Foundation
import Testing
@testable import ScalingLaws

@Suite struct CSVReadingTests {
    @Test func byteOrderMarkIsDropped() throws {
        let data = Data([0xEF, 0xBB, 0xBF] + Array("params,tokens,loss\n1,2,3\n".utf8))
        let log = try RunFileReader().read(data: data, name: "bom.csv")
        #expect(log.runs.count == 1)
        #expect(log.runs[0].params == 1)   // the header's first name is 'params', not '\u{FEFF}params'
    }

    @Test func crlfLineEnds() throws {
        let log = try readRuns("params,tokens,loss,group\r\n1,2,3,a\r\n4,5,6,b\r\n")
        #expect(log.runs.map(\.loss) == [3, 6])
        #expect(log.runs.map(\.source.line) == [2, 3])
        #expect(log.runs[1].tags == ["group": "b"])   // no stray '\r'
    }

    @Test func blankLinesAreIgnoredButCounted() throws {
        let log = try readRuns("params,tokens,loss\n\n1,2,3\n   \n4,5,6\n\n\n")
        #expect(log.runs.map(\.source.line) == [3, 5])
    }

    @Test func quotedFields() throws {
        let text = "params,tokens,loss,note\n\"1e6\",\"2e9\",3.5,\"a, b \"\"c\"\"\"\n"
        let run = try readRuns(text).runs[0]
        #expect(run.params == 1e6)
        #expect(run.tags["note"] == "a, b \"c\"")
    }

    /// A quoted field holding line breaks spans physical lines; later rows' numbers follow them.
    @Test func lineNumbersAfterMultiLineField() {
        let text = "params,tokens,loss,note\n1,2,3,\"two\nlines\"\n4,5,6,x\r\n7,abc,9,y\n"
        #expect(readError(text) == "runs.csv:5: column 'tokens': 'abc' is not a number")
    }

    @Test func tabSeparated() throws {
        let log = try readRuns("params\ttokens\tloss\n1\t2\t3\n", name: "runs.tsv")
        #expect(log.runs[0].tokens == 2)
    }

    @Test func trailingEmptyFieldsAreTolerated() throws {
        #expect(try readRuns("params,tokens,loss\n1,2,3,,\n").runs.count == 1)
    }

    @Test func formatDetection() {
        #expect(RunFileReader.format(name: "a.CSV", text: "{") == .csv)
        #expect(RunFileReader.format(name: "a.jsonl", text: "x") == .jsonLines)
        #expect(RunFileReader.format(name: "a.ndjson", text: "x") == .jsonLines)
        #expect(RunFileReader.format(name: "a.json", text: "x") == .jsonLines)
        #expect(RunFileReader.format(name: "a.tsv", text: "x") == .tsv)
        #expect(RunFileReader.format(name: "<stdin>", text: "  \n{\"N\": 1}") == .jsonLines)
        #expect(RunFileReader.format(name: "runs.txt", text: "params,tokens") == .csv)
    }

    @Test func severalFilesCombine() throws {
        let a = try readRuns("params,tokens,loss\n1,2,3\n", name: "a.csv")
        let b = try readRuns("{\"N\": 4, \"D\": 5, \"loss\": 6}\n", name: "b.jsonl")
        let both = RunLog(combining: [a, b])
        #expect(both.files == ["a.csv", "b.jsonl"])
        #expect(both.runs.map(\.source.description) == ["a.csv:2", "b.jsonl:1"])
    }
}
