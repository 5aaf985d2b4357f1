import CSV

extension RunFileReader {
    /// Reads CSV (or TSV) with a header row, through yaslab/CSV.swift's `CSVReader` (RFC 4180
    /// quoting: fields in double quotes may hold delimiters, doubled quotes and line breaks).
    ///
    /// Line numbers count physical lines, header = 1, so a quoted field that spans lines
    /// moves the next row's number on by its line breaks.
    func readDelimited(_ text: String, file: String, delimiter: UnicodeScalar, fileColumns: [FileValues.Column] = [],
                       into sink: inout RowSink) throws(RunFileError) {
        guard let reader = try? CSVReader(string: text, hasHeaderRow: false, delimiter: delimiter) else {
            throw .empty(file: file)
        }
        var line = 1
        var layout: ColumnLayout? = nil
        var columnName: [RunQuantity: String] = [:]
        var extra: [String] = []   // the values of the file-wide columns the header lacks
        let source = SourceFile(file)
        while var row = reader.next() {
            let rowLine = line
            line += 1 + row.reduce(0) { $0 + Self.lineBreaks(in: $1) }
            if row.allSatisfy({ $0.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 } }) { continue }
            guard let columns = layout else {
                let present = Set(row.map { $0.trimmingSpaces() })
                let added = fileColumns.filter { !present.contains($0.name) }
                extra = added.map(\.value)
                let resolved = try ColumnLayout(header: row + added.map(\.name), mapping: self.columns, file: file, alone: alone,
                                                   requireLoss: requireLoss)
                layout = resolved
                columnName = resolved.index.mapValues { resolved.header[$0] }
                continue
            }
            if !extra.isEmpty {
                // File-wide values go after the file's own fields (trailing empty ones trimmed).
                let own = columns.header.count - extra.count
                if row.count > own, row[own...].allSatisfy(\.isEmpty) { row.removeLast(row.count - own) }
                if row.count == own { row += extra }
            }
            try sink.add { () throws(RunFileError) -> Run in
                try Self.run(row, layout: columns, names: columnName, file: file, source: source, line: rowLine, alone: self.alone,
                             requireLoss: self.requireLoss)
            }
        }
    }

    private static func run(_ row: [String], layout: ColumnLayout, names: [RunQuantity: String],
                            file: String, source: SourceFile, line: Int, alone: RunQuantity?, requireLoss: Bool) throws(RunFileError) -> Run {
        let expected = layout.header.count
        // Trailing empty fields (spreadsheet exports write them) are tolerated; others are not.
        if row.count != expected, !(row.count > expected && row[expected...].allSatisfy(\.isEmpty)) {
            throw .invalidRow(SourceLocation(file: file, line: line), .fieldCount(expected: expected, found: row.count))
        }
        let assembly = RunAssembly(file: source, line: line)
        func value(_ slot: (quantity: RunQuantity, index: Int, name: String)?) throws(RunFileError) -> Double? {
            guard let slot else { return nil }
            return try assembly.value(.text(row[slot.index][...]), of: slot.quantity, column: slot.name)
        }
        let params = try value(layout.slots.params), tokens = try value(layout.slots.tokens)
        let flops = try value(layout.slots.flops), loss = try value(layout.slots.loss)
        let unique = try value(layout.slots.uniqueTokens)
        var tags: [String: String] = [:]
        for (name, i) in layout.tags {
            let v = row[i].trimmingSpaces()
            if !v.isEmpty { tags[name] = v }
        }
        return try assembly.run(params: params, tokens: tokens, flops: flops, loss: loss, uniqueTokens: unique,
                                tags: tags, columns: names, found: layout.header, alone: alone,
                                requireLoss: requireLoss)
    }

    /// Line breaks inside a (quoted) field: LF, CRLF and lone CR each count once.
    static func lineBreaks(in field: String) -> Int {
        var count = 0
        var previousCR = false
        for byte in field.utf8 {
            if byte == 0x0A { if !previousCR { count += 1 } } else if byte == 0x0D { count += 1 }
            previousCR = byte == 0x0D
        }
        return count
    }
}
