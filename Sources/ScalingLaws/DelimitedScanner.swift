import Foundation

/// Rows of delimited text read on the bytes in place: what `RunFileReader` uses for CSV and TSV
/// that is plain ASCII without a double quote — what trackers and `simulate` write, and all but
/// a few hand-made files. Fields are split at the delimiter and rows at LF, CRLF or a lone CR,
/// exactly as CSV.swift splits such text (a double quote, the only byte it treats otherwise,
/// sends the file to it instead); only the columns a run needs become values, numbers without
/// an intermediate string (`NumberParsing.positiveValue`), and only the tags asked for become
/// strings. Any cell that is not a plain positive number goes through `RunAssembly`'s general
/// path, so every message is the one CSV.swift's path gives.
struct DelimitedScanner {
    let delimiter: UInt8
    let file: String
    /// `file` as runs store it.
    let source: SourceFile
    let layout: ColumnLayout
    let names: [RunQuantity: String]
    /// How many of `layout.header` the file itself has; the rest are file-wide values.
    let own: Int
    /// The file-wide values the header lacks, as text and, when plain positive numbers, as values.
    let extra: [String]
    let extraValues: [Double?]
    /// The tag columns kept (all, or those a filter or grouping needs).
    let tags: [(name: String, index: Int)]
    let alone: RunQuantity?
    /// Whether every run must have a loss; when false (runs to predict) a file without a loss
    /// column, or a row with an empty loss, gives runs whose loss is unknown (NaN).
    let requireLoss: Bool
    /// Whether rows are read by `wideRow`: files of 8 columns or more (on 4 a row is too short
    /// for memchr and a word-at-a-time count to pay).
    let wide: Bool
    /// Fields up to the last one a run reads (a quantity or a kept tag).
    let neededFields: Int

    init(delimiter: UInt8, file: String, header: [String], fileColumns: [FileValues.Column],
         mapping: ColumnMapping, alone: RunQuantity?, keptTags: Set<String>?, requireLoss: Bool = true) throws(RunFileError) {
        let present = Set(header.map { $0.trimmingSpaces() })
        let added = fileColumns.filter { !present.contains($0.name) }
        let layout = try ColumnLayout(header: header + added.map(\.name), mapping: mapping, file: file, alone: alone,
                                       requireLoss: requireLoss)
        self.delimiter = delimiter
        self.file = file
        self.source = SourceFile(file)
        self.layout = layout
        self.names = layout.index.mapValues { layout.header[$0] }
        self.own = header.count
        self.extra = added.map(\.value)
        self.extraValues = added.map { column in
            var text = column.value
            return text.withUTF8 { NumberParsing.positiveValue(UnsafeRawBufferPointer($0), allowingSuffix: true) }
        }
        self.tags = keptTags.map { kept in layout.tags.filter { kept.contains($0.name) } } ?? layout.tags
        self.alone = alone
        self.requireLoss = requireLoss
        let used = [layout.slots.params, layout.slots.tokens, layout.slots.flops, layout.slots.loss,
                    layout.slots.uniqueTokens].compactMap { $0?.index } + tags.map(\.index)
        // Cells beyond the file's own fields are file-wide values: not split from the row.
        self.neededFields = (used.filter { $0 < header.count }.max() ?? -1) + 1
        self.wide = header.count >= 8 && delimiter != Self.cr && delimiter != Self.lf
    }

    static let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

    /// The fields of the first row that is not blank (only spaces and tabs), the bytes up to
    /// its end, and how many lines that is; nil when `bytes` has no such complete row.
    static func header(in bytes: UnsafeRawBufferPointer, delimiter: UInt8, atEnd: Bool)
        -> (fields: [String], consumed: Int, lines: Int)? {
        var i = 0, lines = 0
        while i < bytes.count {
            let (end, next) = rowEnd(bytes, from: i)
            if next == bytes.count, end == bytes.count, !atEnd { return nil }   // the row may go on
            lines += 1
            let row = UnsafeRawBufferPointer(rebasing: bytes[i..<end])
            if !row.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == delimiter }) {
                let fields = row.split(separator: delimiter, omittingEmptySubsequences: false)
                    .map { String(decoding: $0, as: UTF8.self) }
                return (fields, next, lines)
            }
            i = next
        }
        return nil
    }

    /// Where the row starting at `i` ends (its terminator) and where the next one starts.
    @inline(__always)
    static func rowEnd(_ bytes: UnsafeRawBufferPointer, from i: Int) -> (end: Int, next: Int) {
        var j = i
        let n = bytes.count
        while j < n {
            let b = bytes[j]
            if b == lf { return (j, j + 1) }
            if b == cr { return (j, j + 1 < n && bytes[j + 1] == lf ? j + 2 : j + 1) }
            j += 1
        }
        return (n, n)
    }

    /// Row terminators in `bytes` (LF, CRLF and a lone CR each once): the lines it spans.
    static func lineCount(_ bytes: UnsafeRawBufferPointer) -> Int {
        var count = 0
        var previousCR = false
        for b in bytes {
            if b == lf { if !previousCR { count += 1 } } else if b == cr { count += 1 }
            previousCR = b == cr
        }
        return count
    }

    /// Reads the complete rows in `bytes` (the first on line `firstLine`) into `sink`, and
    /// returns how many lines they span.
    @discardableResult
    func rows(_ bytes: UnsafeRawBufferPointer, firstLine: Int, into sink: inout RowSink) throws(RunFileError) -> Int {
        // Start and end of each field of the current row, in a buffer of our own (an array's
        // uniqueness check on every append was a tenth of a wide file's time).
        var capacity = 2 * (layout.header.count + 8)
        var bounds = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
        defer { bounds.deallocate() }
        var line = firstLine
        var i = 0
        let n = bytes.count
        let delimiter = self.delimiter
        let delimiters = UInt64(delimiter) &* 0x0101_0101_0101_0101
        while i < n {
            // Rows of the file's own width: the row's end by memchr and its delimiters counted
            // eight bytes at a time; fields are split only up to the last one a run needs.
            if wide, let (end, next, fields) = wideRow(bytes, from: i, expected: own) {
                var count = 0, fieldStart = i, j = i
                while count < 2 * neededFields {
                    if j == end || bytes[j] == delimiter {
                        bounds[count] = fieldStart; bounds[count + 1] = j; count += 2; fieldStart = j + 1
                    }
                    j += 1
                }
                let rowLine = line
                line += 1
                i = next
                let known = UnsafeBufferPointer(start: bounds, count: count)
                try sink.add { () throws(RunFileError) -> Run in
                    try run(bytes, bounds: known, fieldCount: fields, line: rowLine)
                }
                continue
            }
            var count = 0
            var fieldStart = i, end = n, next = n
            var j = i
            while j < n {
                // Eight bytes at a time up to the first that is the delimiter or at most CR
                // (the only ones that end a field or a row): most fields are a word or two.
                if j &+ 8 <= n {
                    let stop = Self.firstSpecial(bytes.loadUnaligned(fromByteOffset: j, as: UInt64.self), delimiters: delimiters)
                    j &+= stop
                    if stop == 8 { continue }
                }
                let b = bytes[j]
                if b > Self.cr && b != delimiter { j += 1; continue }   // most bytes: one comparison
                if b == delimiter {
                    if count + 2 >= capacity {
                        let grown = UnsafeMutablePointer<Int>.allocate(capacity: 2 * capacity)
                        grown.update(from: bounds, count: count)
                        bounds.deallocate()
                        bounds = grown
                        capacity *= 2
                    }
                    bounds[count] = fieldStart; bounds[count + 1] = j; count += 2; fieldStart = j + 1
                } else if b == Self.lf {
                    end = j; next = j + 1; break
                } else if b == Self.cr {
                    end = j; next = j + 1 < n && bytes[j + 1] == Self.lf ? j + 2 : j + 1; break
                }
                j += 1
            }
            bounds[count] = fieldStart; bounds[count + 1] = end; count += 2
            let rowLine = line
            line += 1
            let rowStart = i
            i = next
            // A blank row (only spaces and tabs in its fields) is skipped, but counted.
            let first = bytes[rowStart..<end].first
            if first == nil || first == 0x20 || first == 0x09 || first == delimiter,
               bytes[rowStart..<end].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == delimiter }) { continue }
            let fields = UnsafeBufferPointer(start: bounds, count: count)
            try sink.add { () throws(RunFileError) -> Run in
                try run(bytes, bounds: fields, fieldCount: count / 2, line: rowLine)
            }
        }
        return line - firstLine
    }

    /// One row as a run, by the rules of the CSV.swift path (`RunFileReader.readDelimited`).
    /// The row starting at `i` when it is a plain row: ends in LF (or CRLF) with no other CR,
    /// has exactly `expected` fields (the file's own), and does not start like a blank row. Its end,
    /// the next row's start and its field count; nil sends it through the byte loop.
    @inline(__always)
    private func wideRow(_ bytes: UnsafeRawBufferPointer, from i: Int, expected: Int) -> (end: Int, next: Int, fields: Int)? {
        let n = bytes.count
        let base = bytes.baseAddress!
        let first = bytes[i]
        guard first != 0x20, first != 0x09, first != delimiter, first != Self.cr, first != Self.lf else { return nil }
        var end = n, next = n
        if let hit = memchr(base + i, Int32(Self.lf), n - i) {
            end = base.distance(to: UnsafeRawPointer(hit)); next = end + 1
        }
        if end > i, bytes[end - 1] == Self.cr { end -= 1 }
        let (delimiters, returns) = Self.count(delimiter, and: Self.cr, in: UnsafeRawBufferPointer(rebasing: bytes[i..<end]))
        guard returns == 0, delimiters + 1 == expected else { return nil }
        return (end, next, expected)
    }

    /// The index (0–7) of the first byte of `word` (little-endian) that is the delimiter
    /// (`delimiters`: it in every byte) or below 0x0E, or 8 when none is. For the lowest byte
    /// that matches, x − 0x01 (or x − 0x0E) borrows into its high bit exactly when x is 0 (or
    /// below 0x0E) and x's own high bit is clear; bytes above it may match falsely (a borrow
    /// from below), which the first match never is.
    @inline(__always)
    static func firstSpecial(_ word: UInt64, delimiters: UInt64) -> Int {
        let w = UInt64(littleEndian: word)
        let highs: UInt64 = 0x8080_8080_8080_8080
        let x = w ^ delimiters
        let matches = ((x &- 0x0101_0101_0101_0101) & ~x | (w &- 0x0E0E_0E0E_0E0E_0E0E) & ~w) & highs
        return matches.trailingZeroBitCount >> 3
    }

    /// How many bytes of `bytes` are `a` and how many are `b`, eight at a time: for a byte x of
    /// a word, ((x & 0x7F) + 0x7F) | x has its high bit clear exactly when x is zero.
    static func count(_ a: UInt8, and b: UInt8, in bytes: UnsafeRawBufferPointer) -> (Int, Int) {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let pa = UInt64(a) &* 0x0101_0101_0101_0101, pb = UInt64(b) &* 0x0101_0101_0101_0101
        var ca = 0, cb = 0, k = 0
        let n = bytes.count
        while k + 8 <= n {
            let w = bytes.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            let xa = w ^ pa, xb = w ^ pb
            ca += (~(((xa & low) &+ low) | xa | low)).nonzeroBitCount
            cb += (~(((xb & low) &+ low) | xb | low)).nonzeroBitCount
            k += 8
        }
        while k < n {
            if bytes[k] == a { ca += 1 } else if bytes[k] == b { cb += 1 }
            k += 1
        }
        return (ca, cb)
    }

    private func run(_ bytes: UnsafeRawBufferPointer, bounds: UnsafeBufferPointer<Int>, fieldCount: Int,
                     line: Int) throws(RunFileError) -> Run {
        var found = fieldCount
        var useExtra = false
        func isEmpty(_ k: Int) -> Bool { bounds[2 * k] == bounds[2 * k + 1] }
        if !extra.isEmpty {
            // File-wide values go after the file's own fields (trailing empty ones trimmed).
            if found > own, (own..<found).allSatisfy(isEmpty) { found = own }
            if found == own { useExtra = true; found = own + extra.count }
        }
        let expected = layout.header.count
        // Trailing empty fields (spreadsheet exports write them) are tolerated; others are not.
        if found != expected, !(found > expected && (expected..<found).allSatisfy(isEmpty)) {
            throw .invalidRow(SourceLocation(file: file, line: line), .fieldCount(expected: expected, found: found))
        }
        let assembly = RunAssembly(file: source, line: line)
        func text(_ k: Int) -> Substring {
            if useExtra, k >= own { return extra[k - own][...] }
            return Substring(decoding: UnsafeRawBufferPointer(rebasing: bytes[bounds[2 * k]..<bounds[2 * k + 1]]), as: UTF8.self)
        }
        func value(_ slot: ColumnLayout.Slot?) throws(RunFileError) -> Double? {
            guard let slot else { return nil }
            let k = slot.index
            let fast: Double?
            if useExtra, k >= own {
                fast = extraValues[k - own]
            } else {
                fast = NumberParsing.positiveValue(UnsafeRawBufferPointer(rebasing: bytes[bounds[2 * k]..<bounds[2 * k + 1]]),
                                                   allowingSuffix: slot.quantity != .loss)
            }
            if let fast { return fast }
            return try assembly.value(.text(text(k)), of: slot.quantity, column: slot.name)
        }
        let params = try value(layout.slots.params), tokens = try value(layout.slots.tokens)
        let flops = try value(layout.slots.flops), loss = try value(layout.slots.loss)
        let unique = try value(layout.slots.uniqueTokens)
        var tagValues: [String: String] = [:]
        for (name, k) in tags {
            let v = text(k).trimmingSpaces()
            if !v.isEmpty { tagValues[name] = v }
        }
        return try assembly.run(params: params, tokens: tokens, flops: flops, loss: loss, uniqueTokens: unique,
                                tags: tagValues, columns: names, found: layout.header, alone: alone,
                                requireLoss: requireLoss)
    }
}
