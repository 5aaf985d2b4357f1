import Foundation

extension RunFileReader {
    /// Reads JSON Lines: one JSON object per line (blank lines ignored), each read by
    /// `JSONLineScanner` (numbers exactly, as from CSV). Keys are columns, matched as in CSV;
    /// quantity values are JSON numbers or strings holding one (`"7B"`); `null` is an empty
    /// cell. Other keys become tags: strings as they are, numbers as written, booleans as
    /// `true`/`false`, nested objects and arrays as compact JSON.
    func readJSONLines(_ text: String, file: String, fileColumns: [FileValues.Column] = [],
                       into sink: inout RowSink) throws(RunFileError) {
        if text.first(where: { !$0.isWhitespace }) == "[" { throw .jsonArray(file: file) }
        var text = text
        var failure: RunFileError? = nil
        var layouts: [[String]: ColumnLayout] = [:]
        text.withUTF8 { utf8 in
            do throws(RunFileError) {
                try jsonLines(UnsafeRawBufferPointer(utf8), firstLine: 1, layouts: &layouts, file: file,
                              fileColumns: fileColumns, into: &sink)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    /// Reads a JSON Lines file block by block (memory for the runs kept, not the file). Returns
    /// nil when the general path (`readWhole`) must read it, which then says what it always
    /// said: not UTF-8, empty, a JSON array, or a first character that is not ASCII.
    func streamJSONLines(name: String, fileColumns: [FileValues.Column], next: (inout [UInt8]) -> Bool,
                         progress: ((Int) -> Void)? = nil) throws(RunFileError) -> RunLog? {
        var buffer: [UInt8] = []
        var eof = false
        var first = true
        var started = false      // a first non-blank byte was seen, and it is '{'
        var processed = 0
        var line = 1
        var sink = RowSink(skipInvalid: skipInvalid, tail: checkpointTail)
        var layouts: [[String]: ColumnLayout] = [:]
        var pending: RunFileError? = nil   // thrown once the whole file is known to be UTF-8
        while !eof {
            eof = !next(&buffer)
            if first {
                first = false
                if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { buffer.removeFirst(3); processed = 3 }
            }
            if !started {
                guard let head = buffer.first(where: { !Self.isASCIIWhitespace($0) }) else {
                    if eof { return nil } else { continue }
                }
                guard head == UInt8(ascii: "{") else { return nil }
                started = true
            }
            let cut = eof ? buffer.count : (buffer.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)
            let valid = buffer.withUnsafeBytes { bytes in Self.isUTF8(UnsafeRawBufferPointer(rebasing: bytes[..<cut])) }
            guard valid else { return nil }
            if pending == nil {
                buffer.withUnsafeBytes { bytes in
                    do throws(RunFileError) {
                        line += try jsonLines(UnsafeRawBufferPointer(rebasing: bytes[..<cut]), firstLine: line, layouts: &layouts,
                                              file: name, fileColumns: fileColumns, into: &sink)
                    } catch {
                        pending = error
                    }
                }
            }
            processed += cut
            progress?(processed)
            buffer.removeFirst(cut)
        }
        if let pending { throw pending }
        return try sink.log(file: name)
    }

    /// Whether `bytes` are UTF-8 (ASCII eight bytes at a time, else validated).
    static func isUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let highs: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        while i + 8 <= bytes.count {
            if bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) & highs != 0 { break }
            i += 8
        }
        if !bytes[i...].contains(where: { $0 >= 0x80 }) { return true }
        return String(validating: bytes, as: UTF8.self) != nil
    }

    /// Reads the lines in `bytes` (the first is line `firstLine`; a last line without its LF
    /// counts) into `sink`, and returns how many lines they span.
    func jsonLines(_ bytes: UnsafeRawBufferPointer, firstLine: Int, layouts: inout [[String]: ColumnLayout],
                   file: String, fileColumns: [FileValues.Column], into sink: inout RowSink) throws(RunFileError) -> Int {
        var lines = 0
        var start = 0
        let source = SourceFile(file)
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            let line = firstLine + lines
            lines += 1
            var stop = end
            if stop > start, bytes[stop - 1] == 0x0D { stop -= 1 }
            let row = UnsafeRawBufferPointer(rebasing: bytes[start..<stop])
            start = end + 1
            guard row.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
            try sink.add { () throws(RunFileError) -> Run in
                try run(row, layouts: &layouts, file: file, source: source, line: line, fileColumns: fileColumns)
            }
        }
        return lines
    }

    /// The run of one line: its object, the layout of its keys (kept per key set), its values.
    private func run(_ row: UnsafeRawBufferPointer, layouts: inout [[String]: ColumnLayout], file: String,
                     source: SourceFile, line: Int, fileColumns: [FileValues.Column]) throws(RunFileError) -> Run {
        let here = SourceLocation(file: file, line: line)
        guard var object = JSONLineScanner.object(row) else { throw .invalidRow(here, .notJSONObject) }
        for column in fileColumns where object[column.name] == nil { object[column.name] = .string(column.value) }
        let keys = object.keys.sorted()
        let layout: ColumnLayout
        if let known = layouts[keys] {
            layout = known
        } else {
            do throws(RunFileError) {
                layout = try ColumnLayout(header: keys, mapping: columns, file: file, alone: alone, requireLoss: requireLoss)
            } catch {
                // Keys vary from line to line: a line without enough of them is a bad row.
                switch error {
                case let .missingColumns(_, missing, found):
                    throw .invalidRow(here, .missingQuantities(missing, found: found))
                case let .unknownColumn(_, quantity, _, found):
                    throw .invalidRow(here, .missingQuantities([quantity], found: found))
                default:
                    throw error
                }
            }
            layouts[keys] = layout
        }
        return try Self.run(object, layout: layout, file: file, source: source, line: line, alone: alone,
                            requireLoss: requireLoss)
    }

    private static func run(_ object: [String: JSONLineScanner.Value], layout: ColumnLayout, file: String,
                            source: SourceFile, line: Int, alone: RunQuantity?, requireLoss: Bool) throws(RunFileError) -> Run {
        let assembly = RunAssembly(file: source, line: line)
        let names = layout.index.mapValues { layout.header[$0] }
        func value(_ quantity: RunQuantity) throws(RunFileError) -> Double? {
            guard let key = names[quantity] else { return nil }
            let cell: RunAssembly.Cell
            switch object[key] {
            case nil, .null?: cell = .missing
            case let .string(s)?: cell = .text(s[...])
            case let .number(v, _)?: cell = .number(v)
            case let other?:
                throw .invalidRow(SourceLocation(file: file, line: line, column: key), .notNumeric(JSONLineScanner.compact(other)))
            }
            return try assembly.value(cell, of: quantity, column: key)
        }
        let params = try value(.params), tokens = try value(.tokens), flops = try value(.flops)
        let loss = try value(.loss), unique = try value(.uniqueTokens)
        var tags: [String: String] = [:]
        for (key, _) in layout.tags {
            switch object[key] {
            case nil, .null?: continue
            case let .string(s)?: tags[key] = s
            case let other?: tags[key] = JSONLineScanner.compact(other)
            }
        }
        return try assembly.run(params: params, tokens: tokens, flops: flops, loss: loss, uniqueTokens: unique,
                                tags: tags, columns: names, found: layout.header, alone: alone,
                                requireLoss: requireLoss)
    }
}
