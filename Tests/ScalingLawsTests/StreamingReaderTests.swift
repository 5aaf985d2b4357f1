import Foundation
import Testing
@testable import ScalingLaws

/// The byte-level reader (`DelimitedScanner`, streamed block by block) against CSV.swift's
/// reader (`readWhole`), the reference: the same runs, tags, lines and errors on 1,000 random files.
@Suite struct StreamingReaderTests {
    /// Both readers' outcome for `text`: the runs (with tags and sources) or the error's text.
    static func outcomes(_ text: String, name: String = "r.csv", skipInvalid: Bool = false,
                         fileColumns: [FileValues.Column] = [], tail: Int? = nil,
                         requireLoss: Bool = true) -> (fast: String, reference: String) {
        outcomes(data: Data(text.utf8), name: name, skipInvalid: skipInvalid, fileColumns: fileColumns, tail: tail,
                 requireLoss: requireLoss)
    }

    static func outcomes(data: Data, name: String, skipInvalid: Bool = false, fileColumns: [FileValues.Column] = [],
                         tail: Int? = nil, requireLoss: Bool = true) -> (fast: String, reference: String) {
        let reader = RunFileReader(skipInvalid: skipInvalid, requireLoss: requireLoss, checkpointTail: tail)
        func describe(_ body: () throws -> RunLog) -> String {
            do {
                let log = try body()
                return log.runs.map { "\($0.params) \($0.tokens) \($0.flops) \($0.loss) \($0.uniqueTokens as Any) "
                    + "\($0.tags.sorted { $0.key < $1.key }) \($0.derived as Any) \($0.source)" }.joined(separator: "\n")
                    + " | skipped \(log.skippedCount): \(log.skipped.map(\.description)) | \(log.notes)"
            } catch {
                return "error: \(error)"
            }
        }
        return (describe { try reader.read(data: data, name: name, fileColumns: fileColumns) },
                describe { try reader.readWhole(data: data, name: name, format: nil, fileColumns: fileColumns) })
    }

    /// Random quote-free files: numbers good and bad, suffixes, spaces, tabs, blank rows,
    /// CR, LF and CRLF, short and long rows, empty cells.
    @Test func randomFilesReadAsCSVSwiftReadsThem() {
        #expect(Self.randomFilesAgree(seed: 12, requireLoss: true) == 1_000)
    }

    /// Runs read to be predicted (`requireLoss` false: predict --runs) stream too: files without
    /// a loss column and rows with an empty loss read as the general path reads them (loss
    /// unknown), and every malformed row gives its error.
    @Test func randomFilesWithoutALossReadAsCSVSwiftReadsThem() {
        #expect(Self.randomFilesAgree(seed: 13, requireLoss: false) == 1_000)
    }

    /// 1,000 random files read by both readers; the number that agree.
    static func randomFilesAgree(seed: UInt64, requireLoss: Bool) -> Int {
        var generator = SeededGenerator(seed: seed)
        let cells = ["1", "2.5", "3e9", "7B", "125M", " 4 ", "\t5", "", "0", "-1", "abc", "1,5", "nan", "1e400",
                     "2.53412", "6e+16", "0.000123", "1_000", "3M", "x y", "  ", "1e", ".5", "+2", "12345678901234567890"]
        var headers = ["params,tokens,loss", "N,D,loss,dataset", "params,flops,loss", " params , tokens ,loss,note,",
                       "tokens,loss", "params,tokens,flops,loss,unique_tokens", "a,b",
                       "step,x1,x2,tokens,x3,loss,x4,x5,x6,x7,x8,x9", "params,tokens,loss,x1,x2,x3,x4,x5,x6,x7,x8"]
        if !requireLoss {
            headers += ["params,tokens", "N,D,dataset", "params,flops,note", "step,x1,x2,tokens,x3,params,x4,x5,x6,x7,x8,x9"]
        }
        let ends = ["\n", "\r\n", "\r", "\n\n", "\n \n"]
        var agreeing = 0
        for trial in 0..<1_000 {
            let header = headers[Int(generator.next() % UInt64(headers.count))]
            let width = header.split(separator: ",", omittingEmptySubsequences: false).count
            var text = header + ends[Int(generator.next() % 3)]
            for _ in 0..<(1 + generator.next() % 6) {
                let fields = width + Int(generator.next() % 5) - 2
                let row = (0..<max(1, fields)).map { _ in
                    generator.next() % 3 == 0 ? cells[Int(generator.next() % UInt64(cells.count))] : ["1e8", "2e9", "3.1"][Int(generator.next() % 3)]
                }
                text += row.joined(separator: ",") + ends[Int(generator.next() % UInt64(ends.count))]
            }
            if generator.next() % 4 == 0 { text.removeLast() }
            let skip = trial % 2 == 1
            let tail: Int? = trial % 5 == 0 ? 2 : nil
            let columns: [FileValues.Column] = trial % 3 == 0 ? [.init(name: "params", value: "1e8"), .init(name: "dataset", value: "c4")] : []
            let (fast, reference) = Self.outcomes(text, skipInvalid: skip, fileColumns: columns, tail: tail, requireLoss: requireLoss)
            #expect(fast == reference, "\(text.debugDescription)")
            if fast == reference { agreeing += 1 }
        }
        return agreeing
    }

    /// JSON Lines streamed line by line read as the whole-file path reads them: random lines
    /// good and bad (numbers, strings with sizes, nulls, booleans, nested values, missing keys,
    /// broken JSON), blank lines, CRLF, a byte-order mark, bytes that are not UTF-8, a JSON
    /// array, with and without skipping, tails and file-wide values.
    @Test func randomJSONLinesReadAsTheWholeFilePathReadsThem() {
        var generator = SeededGenerator(seed: 14)
        func pick<T>(_ xs: [T]) -> T { xs[Int(generator.next() % UInt64(xs.count))] }
        let values = ["1e8", "2e9", "3.1", "\"7B\"", "null", "true", "-1", "0", "\"abc\"", "[1]", "{\"a\": 1}", "1.7728472402679094", "\"\""]
        let keys = ["params", "tokens", "loss", "N", "D", "flops", "run", "unique_tokens"]
        var agreeing = 0
        for trial in 0..<600 {
            var bytes: [UInt8] = trial % 7 == 0 ? [0xEF, 0xBB, 0xBF] : []
            if trial % 50 == 3 { bytes += Array("[{\"N\": 1}]\n".utf8) }
            for _ in 0..<(1 + generator.next() % 6) {
                let line: String
                switch generator.next() % 8 {
                case 0: line = "  "
                case 1: line = pick(["{\"N\": 1, \"D\": 2, \"loss\": 3,}", "{\"N\" 1}", "not json", "{\"N\": 1, \"D\": 2, \"loss\": 3} {}"])
                default:
                    let members = keys.filter { _ in generator.next() % 3 != 0 }.map { "\"\($0)\": \(generator.next() % 4 == 0 ? pick(values) : pick(["1e8", "2e9", "3.1"]))" }
                    line = "{" + members.joined(separator: ", ") + "}"
                }
                bytes += Array(line.utf8) + Array(pick(["\n", "\r\n", "\n\n"]).utf8)
            }
            if trial % 40 == 5 { bytes.insert(0xFF, at: bytes.count / 2) }
            if generator.next() % 4 == 0, bytes.last == 0x0A { bytes.removeLast() }
            let columns: [FileValues.Column] = trial % 3 == 0 ? [.init(name: "params", value: "1e8"), .init(name: "run", value: "r")] : []
            let (fast, reference) = Self.outcomes(data: Data(bytes), name: "r.jsonl", skipInvalid: trial % 2 == 1,
                                                  fileColumns: columns, tail: trial % 5 == 0 ? 2 : nil)
            #expect(fast == reference, "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
            if fast == reference { agreeing += 1 }
        }
        #expect(agreeing == 600)
    }

    /// Files the byte reader leaves to CSV.swift read as before: quotes, non-ASCII, JSON Lines.
    @Test(arguments: ["params,tokens,loss,note\n1,2,3,\"a, b\"\n", "params,tokens,loss,note\n1,2,3,é\n",
                      "params,tokens,loss\n1,2,3\n\u{0B}\n", "\u{0B}\n", "{\"N\": 1, \"D\": 2, \"loss\": 3}\n"])
    func leftToTheGeneralPath(text: String) {
        let (fast, reference) = Self.outcomes(text, name: "r.txt")
        #expect(fast == reference)
    }

    /// A file larger than a block and than the parallel threshold: lines continue across
    /// blocks and halves, and an error deep in it names its line.
    @Test func largeFileLinesAcrossBlocksAndHalves() throws {
        let rows = 200_000
        var text = "params,tokens,loss\r\n"
        text.reserveCapacity(rows * 24)
        for i in 0..<rows { text += "\(i + 1),\(2 * i + 7),3.\(i % 1000)\(i % 3 == 0 ? "\r\n" : "\n")" }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("large-\(UUID().uuidString).csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = try RunFileReader().read(path: path)
        #expect(log.runs.count == rows)
        #expect(log.runs[rows - 1].source.line == rows + 1 && log.runs[rows - 1].params == Double(rows))
        #expect(log.runs[123_456].tokens == Double(2 * 123_456 + 7) && log.runs[123_456].source.line == 123_458)
        let bad = text.replacingOccurrences(of: "\n150001,300007,", with: "\n150001,x,")
        try Data(bad.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: RunFileError.invalidRow(SourceLocation(file: path, line: 150_002, column: "tokens"), .number(.notANumber("x")))) {
            try RunFileReader().read(path: path)
        }
        // The streamed tail is the tail of the whole file (tokens grow with the row).
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let tail = try RunFileReader(checkpointTail: 3).read(path: path)
        let losses = (rows - 3..<rows).map { Double("3.\($0 % 1000)")! }
        #expect(tail.runs.count == 1 && tail.runs[0].source.line == rows + 1)
        #expect(tail.runs[0].loss == (0 + losses[0] + losses[1] + losses[2]) / 3)
    }

    /// Files of several blocks read from disk (each block read ahead on the second half's
    /// thread) as CSV.swift reads them: a bad row early with a quote, a non-ASCII byte or
    /// nothing odd in the last block, with and without skipping, and a tail.
    @Test(arguments: ["", "\"q\"", "\u{E9}"])
    func largeFilesFromDiskReadAsCSVSwiftReadsThem(late: String) throws {
        let rows = 110_000   // 2.7 MB: two blocks
        var text = "params,tokens,loss,note\n"
        text.reserveCapacity(rows * 24)
        for i in 0..<rows {
            let tokens = i == 1_000 || i == 100_000 ? "x" : "\(2 * i + 7)"
            text += "\(i + 1),\(tokens),3.\(i % 1000),\(i == rows - 2 ? late : "n")\n"
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ahead-\(UUID().uuidString).csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        for (skip, tail) in [(false, nil), (true, 2)] as [(Bool, Int?)] {
            let reader = RunFileReader(skipInvalid: skip, checkpointTail: tail)
            func describe(_ body: () throws -> RunLog) -> String {
                do {
                    let log = try body()
                    return "\(log.runs.count) \(log.runs.first.map { "\($0.source) \($0.tokens)" } ?? "") "
                        + "\(log.runs.last.map { "\($0.source) \($0.loss) \($0.tags)" } ?? "") | \(log.skippedCount) \(log.skipped)"
                } catch {
                    return "error: \(error)"
                }
            }
            let fast = describe { try reader.read(path: path) }
            let reference = describe { try reader.readWhole(data: Data(text.utf8), name: path, format: nil, fileColumns: []) }
            #expect(fast == reference, "skip \(skip), tail \(tail as Any), late '\(late)'")
        }
    }

    /// Skipped rows across blocks and halves: counted, and the first ones recorded in file order.
    @Test func skippedRowsAcrossBlocksAndHalves() throws {
        let rows = 300_000
        var text = "params,tokens,loss\n"
        text.reserveCapacity(rows * 20)
        let bad = Set([5, 70_000, 140_000, 150_001, 210_000, 299_999])
        for i in 0..<rows { text += bad.contains(i) ? "\(i + 1),x,3\n" : "\(i + 1),\(2 * i + 7),3.5\n" }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("skips-\(UUID().uuidString).csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = try RunFileReader(skipInvalid: true).read(path: path)
        #expect(log.runs.count == rows - bad.count)
        #expect(log.skippedCount == bad.count)
        #expect(log.skipped.map(\.location?.line) == bad.sorted().map { $0 + 2 })
        #expect(log.runs.map(\.source.line) == (0..<rows).filter { !bad.contains($0) }.map { $0 + 2 })
    }

    /// The streamed tail of checkpoints is `lastCheckpoints` of the whole file, rows in any order.
    @Test func checkpointTailIsLastCheckpoints() throws {
        let text = "params,tokens,loss,step\n1e8,3e9,3.0,3\n1e8,1e9,4.0,1\n1e8,4e9,2.9,4\n1e8,2e9,3.5,2\n1e8,4e9,2.8,5\n"
        for k in 1...6 {
            let whole = try readRuns(text).lastCheckpoints(k)
            let streamed = try RunFileReader(checkpointTail: k).read(data: Data(text.utf8), name: "runs.csv")
            #expect(streamed.runs == whole.runs)
            #expect(streamed.notes == whole.notes)
        }
    }

    /// Only the tags asked for are kept.
    @Test func keptTags() throws {
        let text = "params,tokens,loss,dataset,note\n1,2,3,c4,x\n"
        let log = try RunFileReader(keptTags: ["dataset"]).read(data: Data(text.utf8), name: "runs.csv")
        #expect(log.runs[0].tags == ["dataset": "c4"])
    }
}

/// Cells parsed from bytes give the very Double that `Double(_:)` (Swift's correctly rounded
/// parser) gives for the text, times the suffix: the fast path changes no fitted number.
@Suite struct ByteNumberTests {
    static func bytesValue(_ text: String, suffix: Bool = true) -> Double? {
        var text = text
        return text.withUTF8 { NumberParsing.positiveValue(UnsafeRawBufferPointer($0), allowingSuffix: suffix) }
    }

    @Test func randomDecimalsMatchDoubleParsing() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<50_000 {
            let digits = String(generator.next() % 10_000_000_000_000_000_000)
            let cut = Int(generator.next() % UInt64(digits.count + 1))
            var text = String(digits.prefix(cut)) + "." + String(digits.dropFirst(cut))
            if text == "." { text = "1" }
            if generator.next() % 2 == 0 { text += "e\(Int(generator.next() % 80) - 40)" }
            let reference = Double(text)!
            #expect(Self.bytesValue(text) == (reference > 0 ? reference : nil), "\(text)")
        }
        // Shortest round-trip texts (what simulate and pandas write) come back to the same bits.
        for _ in 0..<50_000 {
            let x = Double(bitPattern: 0x3000_0000_0000_0000 + generator.next() % 0x1E00_0000_0000_0000)
            #expect(Self.bytesValue("\(x)") == x)
            // And in the range of run files (losses, counts), in both notations.
            let y = exp(Double(generator.next() % 1_000_000) / 1_000_000 * 60 - 15)
            #expect(Self.bytesValue("\(y)") == y)
            #expect(Self.bytesValue(String(format: "%.17e", y)) == Double(String(format: "%.17e", y))!)
            #expect(Self.bytesValue(String(format: "%.18g", y)) == Double(String(format: "%.18g", y))!)
        }
    }

    @Test func suffixesSignsAndRefusals() {
        #expect(Self.bytesValue("7B") == 7 * 1e9)
        #expect(Self.bytesValue(" 1.4T\t") == 1.4 * 1e12)
        #expect(Self.bytesValue("+2.5e2M") == 2.5e2 * 1e6)
        #expect(Self.bytesValue("3M", suffix: false) == nil)
        for text in ["", "  ", "0", "-1", "-0", "abc", "1,5", "nan", "1e400", "1e", ".", "1_000", "0x10", "1.5.2"] {
            #expect(Self.bytesValue(text) == nil, "\(text)")
        }
    }
}

/// The duplicate check (its tables, one per half of the hashes on both cores) against a plain
/// Dictionary of the first index of each key.
@Suite struct DuplicateCheckTests {
    @Test(arguments: [3_000, 100_000])
    func matchesADictionary(count: Int) {
        var generator = SeededGenerator(seed: 3)
        let values: [Double] = [1, 2, 3, 1e9, 2.5, 7, 11, 13, 17, 19, 23, 29]
        let runs = (0..<count).map { i in
            Run(params: values[Int(generator.next() % 12)], tokens: values[Int(generator.next() % 12)],
                loss: Double(generator.next() % 60) + 1, source: SourceLocation(file: "r.csv", line: i + 2))
        }
        var firstOf: [String: Int] = [:]
        var repeats = 0
        var example: (Int, Int)? = nil
        for (i, run) in runs.enumerated() {
            let key = "\(run.params) \(run.tokens) \(run.loss)"
            if let first = firstOf[key] {
                repeats += 1
                if example == nil { example = (i, first) }
            } else {
                firstOf[key] = i
            }
        }
        let found = RunLogWarning.repeatedRuns(in: runs)
        #expect(found?.count == repeats && found?.example == example?.0 && found?.original == example?.1)
        #expect(repeats > 0)
        let distinct = (0..<count).map { Run(params: Double($0 + 1), tokens: 2, loss: 3) }
        #expect(RunLogWarning.repeatedRuns(in: distinct) == nil)
        #expect((RunLogWarning.partitionBits(count: count) > 0) == (count >= 65_536))   // both paths are tested
    }

    /// Repeats planted at known places among 300,000 distinct runs (checked in 32 parts on both
    /// cores): the count, and the earliest repeat with the run it repeats, whichever part they fall in.
    @Test func plantedRepeatsAmongDistinctRuns() {
        let count = 300_000
        var runs = (0..<count).map { i in
            Run(params: Double(i + 1) * 1e6, tokens: 2e9 + Double(i), loss: 2 + Double(i % 1000) / 1000,
                source: SourceLocation(file: "r.csv", line: i + 2))
        }
        #expect(RunLogWarning.partitionBits(count: count) == 5)
        #expect(RunLogWarning.repeatedRuns(in: runs) == nil)
        for (copy, of) in [(299_999, 5), (280_000, 250_000), (290_000, 10), (295_000, 280_000)] {
            runs[copy] = runs[of]
            runs[copy].source = SourceLocation(file: "r.csv", line: copy + 2)
        }
        let found = RunLogWarning.repeatedRuns(in: runs)
        #expect(found?.count == 4 && found?.example == 280_000 && found?.original == 250_000)
        // A loss one ulp away is another run.
        runs[280_000].loss = runs[280_000].loss.nextUp
        let after = RunLogWarning.repeatedRuns(in: runs)
        #expect(after?.count == 3 && after?.example == 290_000 && after?.original == 10)
    }
}

/// The scanner's word-at-a-time search for the end of a field against a byte-by-byte one.
@Suite struct FieldEndTests {
    @Test func firstSpecialByteMatchesAByteLoop() {
        var generator = SeededGenerator(seed: 13)
        // Bytes around the boundaries that matter: 0, the controls up to CR and past it, the
        // delimiters, digits, and bytes with the high bit set.
        let pool: [UInt8] = [0x00, 0x01, 0x09, 0x0A, 0x0C, 0x0D, 0x0E, 0x0F, 0x20, 0x2C, 0x2D, 0x2E, 0x30, 0x39,
                             0x3B, 0x41, 0x7F, 0x80, 0x8D, 0xAC, 0xFF]
        for delimiter in [UInt8(0x2C), 0x09, 0x3B, 0x7C] {
            let delimiters = UInt64(delimiter) &* 0x0101_0101_0101_0101
            for _ in 0..<20_000 {
                let bytes = (0..<8).map { _ in generator.next() % 3 == 0 ? pool[Int(generator.next() % UInt64(pool.count))] : UInt8(0x30 + generator.next() % 10) }
                let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                let expected = bytes.firstIndex { $0 == delimiter || $0 < 0x0E } ?? 8
                #expect(DelimitedScanner.firstSpecial(word, delimiters: delimiters) == expected, "\(bytes)")
            }
        }
    }
}

/// The check that sends a file to the general path (a double quote or a byte beyond ASCII),
/// 64, 8 and 1 bytes at a time, against a byte loop.
@Suite struct PlainASCIITests {
    @Test func matchesAByteLoop() {
        var generator = SeededGenerator(seed: 17)
        for _ in 0..<3_000 {
            let count = Int(generator.next() % 300)
            var bytes = (0..<count).map { _ in UInt8(0x20 + generator.next() % 0x5F) }.map { $0 == 0x22 ? 0x21 : $0 }
            if count > 0, generator.next() % 4 != 0 {
                bytes[Int(generator.next() % UInt64(count))] = [0x22, 0x80, 0xC3, 0xFF, 0xA2][Int(generator.next() % 5)]
            }
            let expected = !bytes.contains { $0 >= 0x80 || $0 == 0x22 }
            #expect(bytes.withUnsafeBytes { RunFileReader.isPlainASCII($0) } == expected, "\(bytes)")
        }
    }
}
