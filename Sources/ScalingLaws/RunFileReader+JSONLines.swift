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
        text.withUTF8 { utf8 in
          do throws(RunFileError) {
            var layouts: [[String]: ColumnLayout] = [:]
            let bytes = UnsafeRawBufferPointer(utf8)
            var lineNumber = 0
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
                lineNumber += 1
                var stop = end
                if stop > start, bytes[stop - 1] == 0x0D { stop -= 1 }
                let row = UnsafeRawBufferPointer(rebasing: bytes[start..<stop])
                start = end + 1
                guard row.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
                let line = lineNumber
                try sink.add { () throws(RunFileError) -> Run in
                    try run(row, layouts: &layouts, file: file, line: line, fileColumns: fileColumns)
                }
            }
          } catch {
            failure = error
          }
        }
        if let failure { throw failure }
    }

    /// The run of one line: its object, the layout of its keys (kept per key set), its values.
    private func run(_ row: UnsafeRawBufferPointer, layouts: inout [[String]: ColumnLayout], file: String, line: Int,
                     fileColumns: [FileValues.Column]) throws(RunFileError) -> Run {
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
        return try Self.run(object, layout: layout, file: file, line: line, alone: alone, requireLoss: requireLoss)
    }

    private static func run(_ object: [String: JSONLineScanner.Value], layout: ColumnLayout, file: String,
                            line: Int, alone: RunQuantity?, requireLoss: Bool) throws(RunFileError) -> Run {
        let assembly = RunAssembly(file: file, line: line)
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
