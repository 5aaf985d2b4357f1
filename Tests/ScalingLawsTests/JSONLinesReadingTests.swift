import Foundation
import Testing
@testable import ScalingLaws

@Suite struct JSONLinesReadingTests {
    /// A number reads as the double its shortest decimal names, as it does from CSV (Linux
    /// Foundation's JSONSerialization, which the reader used to parse with, read
    /// 1.7728472402679094 as 1.7728472402679096).
    @Test func numbersReadExactly() throws {
        let csv = try readRuns("params,tokens,loss\n1e8,2e9,1.7728472402679094\n")
        #expect(csv.runs[0].loss == 1.7728472402679094)
        let jsonl = try readRuns(#"{"params": 1e8, "tokens": 2e9, "loss": 1.7728472402679094}"# + "\n", name: "runs.jsonl")
        #expect(jsonl.runs[0].loss == 1.7728472402679094)
    }

    /// Random decimals (17 significant digits, any exponent) read from JSON Lines as
    /// `Double(_:)` reads their text — the correctly rounded double — in every JSON spelling.
    @Test func randomNumbersReadAsDoubleReadsThem() throws {
        var generator = SeededGenerator(seed: 21)
        var lines: [String] = []
        var expected: [Double] = []
        for k in 0..<2_000 {
            let digits = String(generator.next() % 100_000_000_000_000_000)
            let exponent = Int(generator.next() % 40) - 20
            let spelling = ["\(digits)e\(exponent)", "0.\(digits)E+\(abs(exponent))", "\(digits.prefix(3)).\(digits.dropFirst(3))e-\(abs(exponent))"][k % 3]
            guard digits.count > 3, let value = Double(spelling), value > 0, value.isFinite else { continue }
            lines.append(#"{"params": 1e8, "tokens": 2e9, "loss": \#(spelling)}"#)
            expected.append(value)
        }
        let log = try readRuns(lines.joined(separator: "\n") + "\n", name: "runs.jsonl")
        #expect(log.runs.map(\.loss) == expected)
        #expect(expected.count > 1_500)
    }

    /// The JSON the scanner takes and what it refuses: escapes (with a surrogate pair),
    /// whitespace, nested values as tags; single quotes, trailing commas, bare words, text
    /// after the object, control characters and bad numbers are not JSON objects.
    @Test func theDialectReadAndRefused() throws {
        let good = #"  { "N" : 1e8 ,"D":2e9, "loss":3.5, "name":"a\"b\\c\u00e9\ud83d\ude00\n", "ok":false, "meta":{"z":[1, 2.50, null, "x"],"a":{}} }  "#
        let run = try readRuns(good + "\n", name: "r.jsonl").runs[0]
        #expect(run.params == 1e8 && run.tokens == 2e9 && run.loss == 3.5)
        #expect(run.tags == ["name": "a\"b\\cé😀\n", "ok": "false", "meta": #"{"a":{},"z":[1,2.50,null,"x"]}"#])
        let refused = ["{'N': 1, 'D': 2, 'loss': 3}", #"{"N": 1, "D": 2, "loss": 3,}"#, #"{"N": 1, "D": 2, "loss": 3} x"#,
                       #"{"N": 1, "D": 2, "loss": NaN}"#, #"{"N": 01, "D": 2, "loss": 3}"#, #"{"N": 1., "D": 2, "loss": 3}"#,
                       #"{"N": +1, "D": 2, "loss": 3}"#, #"{"N": 1, "D": 2, "loss": 3, "t": "a\qb"}"#,
                       "{\"N\": 1, \"D\": 2, \"loss\": 3, \"t\": \"a\u{01}b\"}", #"{"N": 1, "D": 2, "loss": 3, "t": "\ud83d"}"#,
                       #"{"N": 1 "D": 2}"#, #"{"N": 1, "D": 2, "loss": 3}}"#, #"{"N": [1, 2}"#, "{\"N\": tru}"]
        for line in refused {
            #expect(readError("\n" + line + "\n", name: "r.jsonl") == "r.jsonl:2: not a JSON object (JSON Lines: one {...} object per line)", "\(line)")
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
