import Testing
@testable import ScalingLaws

/// A run stores its file as an index into one table of names and its tags boxed (only when it
/// has some): what it gives back must be what it was given, as when it stored both itself.
@Suite struct RunStorageTests {
    private func run(tags: [String: String] = [:], file: String = "-", line: Int = 0) -> Run {
        Run(params: 1e8, tokens: 2e9, loss: 3, tags: tags, source: SourceLocation(file: file, line: line))
    }

    @Test func sourceComesBackAsGiven() {
        let long = "some/rather/long/directory/name/of/a/sweep/run-\(Int.random(in: 0..<1_000_000)).csv"
        var r = run(file: long, line: 42)
        #expect(r.source == SourceLocation(file: long, line: 42))
        #expect(r.source.description == "\(long):42")
        r.source = SourceLocation(file: "other.csv", line: 7, column: "loss")   // the column is dropped
        #expect(r.source == SourceLocation(file: "other.csv", line: 7))
        #expect(run().source == SourceLocation(file: "-", line: 0))
    }

    @Test func namesEqualAsStringsButNotByteForByteStayTwoFiles() {
        let composed = "r\u{E9}sum\u{E9}.csv", decomposed = "re\u{301}sume\u{301}.csv"
        #expect(composed == decomposed)   // String's == is canonical equivalence
        let a = run(file: composed), b = run(file: decomposed)
        #expect(Array(a.source.file.utf8) == Array(composed.utf8))
        #expect(Array(b.source.file.utf8) == Array(decomposed.utf8))
        #expect(a != b)
    }

    @Test func tagsComeBackAndCopiesAreIndependent() {
        var a = run(tags: ["dataset": "c4", "run": "r1"])
        #expect(a.tags == ["dataset": "c4", "run": "r1"])
        #expect(a.hasTags)
        let copy = a
        a.tags["dataset"] = "pile"
        #expect(copy.tags == ["dataset": "c4", "run": "r1"])
        #expect(a.tags == ["dataset": "pile", "run": "r1"])
        a.tags = [:]
        #expect(!a.hasTags && a.tags.isEmpty)
        #expect(!run().hasTags)
    }

    @Test func equalityComparesEveryField() {
        #expect(run(tags: ["a": "1"], file: "x.csv", line: 2) == run(tags: ["a": "1"], file: "x.csv", line: 2))
        #expect(run(tags: ["a": "1"]) != run(tags: ["a": "2"]))
        #expect(run(tags: ["a": "1"]) != run())
        #expect(run(file: "x.csv") != run(file: "y.csv"))
        #expect(run(line: 1) != run(line: 2))
        var other = run()
        other.uniqueTokens = 1e9
        #expect(other != run())
        other = run()
        other.loss = 3.0000000000000004
        #expect(other != run())
    }

    @Test func aReadRunNamesItsFileAndLine() throws {
        let log = try readRuns("N,D,loss,group\n1e8,2e9,3,a\n\n2e8,4e9,2.9,\n", name: "a-long-name-for-a-run-file.csv")
        #expect(log.runs.map(\.source) == [SourceLocation(file: "a-long-name-for-a-run-file.csv", line: 2),
                                           SourceLocation(file: "a-long-name-for-a-run-file.csv", line: 4)])
        #expect(log.runs.map(\.tags) == [["group": "a"], [:]])
    }
}
