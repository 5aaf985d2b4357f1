import Foundation
import Testing
@testable import ScalingLaws

@Suite struct JSONLinesReadingTests {
    /// A number reads as the double its shortest decimal names, as it does from CSV. Linux
    /// Foundation's JSONSerialization, which the JSON Lines reader parses with, reads
    /// 1.7728472402679094 as 1.7728472402679096 (law files read their numbers again with
    /// JSONDecoder for this reason; the run reader does not yet): a known issue, shown as one,
    /// and when the reader is fixed this test fails until `withKnownIssue` is removed.
    @Test func numbersReadExactly() throws {
        let csv = try readRuns("params,tokens,loss\n1e8,2e9,1.7728472402679094\n")
        #expect(csv.runs[0].loss == 1.7728472402679094)
        let jsonl = try readRuns(#"{"params": 1e8, "tokens": 2e9, "loss": 1.7728472402679094}"# + "\n", name: "runs.jsonl")
        withKnownIssue("JSONSerialization misreads the last digit of some doubles (RunFileReader+JSONLines)") {
            #expect(jsonl.runs[0].loss == 1.7728472402679094)
        }
    }

    @Test func objectsPerLine() throws {
        let text = """
            {"N": 1e8, "D": "2B", "loss": 3.1, "run": "a", "step": 1000, "final": true}

            {"params": "125M", "flops": 1.5e18, "loss": 3.0, "run": "b", "meta": {"lr": 0.001}}\r

            """
        let log = try readRuns(text, name: "runs.jsonl")
        #expect(log.runs.count == 2)
        #expect(log.runs[0].tokens == 2e9)
        #expect(log.runs[0].flops == 6 * 1e8 * 2e9)
        #expect(log.runs[0].tags == ["run": "a", "step": "1000", "final": "true"])
        #expect(log.runs[1].tokens == 1.5e18 / (6 * 125e6))
        #expect(log.runs[1].source.line == 3)
        #expect(log.runs[1].tags["meta"] == "{\"lr\":0.001}")
    }

    /// 0 and 1 are numbers, not booleans (JSONSerialization hands both back as NSNumber).
    @Test func integersZeroAndOneAreNumbers() throws {
        let run = try readRuns("{\"N\": 1, \"D\": 1, \"loss\": 1}\n", name: "r.jsonl").runs[0]
        #expect(run.params == 1 && run.tokens == 1 && run.loss == 1)
    }

    @Test func nullIsAnEmptyCell() throws {
        let run = try readRuns("{\"N\": 10, \"D\": 20, \"C\": null, \"loss\": 2}\n", name: "r.jsonl").runs[0]
        #expect(run.derived == .flops)
        #expect(run.flops == 1200)
    }

    @Test func errorsNameLineAndKey() {
        #expect(readError("{\"N\": 1, \"D\": 2, \"loss\": 3}\n{\"N\": true, \"D\": 2, \"loss\": 3}\n", name: "r.jsonl")
            == "r.jsonl:2: column 'N': true is not a number")
        #expect(readError("{\"N\": 1, \"D\": \"abc\", \"loss\": 3}\n", name: "r.jsonl")
            == "r.jsonl:1: column 'D': 'abc' is not a number")
        #expect(readError("\n{\"N\": 1, \"D\": 2, \"loss\": 3}\n{\"N\": 1,\n", name: "r.jsonl")
            == "r.jsonl:3: not a JSON object (JSON Lines: one {...} object per line)")
        #expect(readError("{\"N\": 1, \"D\": 2, \"loss\": -3}\n", name: "r.jsonl")
            == "r.jsonl:1: column 'loss': loss must be positive, got '-3.0'")
    }

    @Test func lineWithoutEnoughQuantities() {
        #expect(readError("{\"N\": 1, \"D\": 2, \"loss\": 3}\n{\"N\": 1, \"loss\": 3}\n", name: "r.jsonl") == """
            r.jsonl:2: missing columns 'tokens', 'flops' (a run needs loss and two of params, tokens, flops; \
            the third is 6·N·D); columns found: N, loss. Map a column with --column tokens=COLUMN
            """)
    }

    @Test func jsonArrayIsRefusedWithAFix() {
        #expect(readError("[{\"N\": 1}]", name: "r.json")
            == "r.json: a JSON array is not read: write JSON Lines, one object per line (e.g. jq -c '.[]')")
    }
}
