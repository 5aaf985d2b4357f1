import Foundation

extension RunFileReader {
    /// Reads JSON Lines: one JSON object per line (blank lines ignored). Keys are columns,
    /// matched as in CSV; quantity values are JSON numbers or strings holding one (`"7B"`);
    /// `null` is an empty cell. Other keys become tags (numbers and booleans as their text).
    func readJSONLines(_ text: String, file: String, fileColumns: [FileValues.Column] = [],
                       into sink: inout RowSink) throws(RunFileError) {
        if text.first(where: { !$0.isWhitespace }) == "[" { throw .jsonArray(file: file) }
        var layouts: [[String]: ColumnLayout] = [:]
        var lineNumber = 0
        for rawLine in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            let bytes = rawLine.last == 0x0D ? rawLine.dropLast() : rawLine
            guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
            let line = lineNumber
            let here = SourceLocation(file: file, line: line)
            try sink.add { () throws(RunFileError) -> Run in
                guard var object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else {
                    throw .invalidRow(here, .notJSONObject)
                }
                for column in fileColumns where object[column.name] == nil { object[column.name] = column.value }
                let keys = object.keys.sorted()
                let layout: ColumnLayout
                if let known = layouts[keys] {
                    layout = known
                } else {
                    do throws(RunFileError) {
                        layout = try ColumnLayout(header: keys, mapping: self.columns, file: file, alone: self.alone,
                                                  requireLoss: self.requireLoss)
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
                return try Self.run(object, layout: layout, file: file, line: line, alone: self.alone, requireLoss: self.requireLoss)
            }
        }
    }

    private static func run(_ object: [String: Any], layout: ColumnLayout, file: String,
                            line: Int, alone: RunQuantity?, requireLoss: Bool) throws(RunFileError) -> Run {
        let assembly = RunAssembly(file: file, line: line)
        let names = layout.index.mapValues { layout.header[$0] }
        func value(_ quantity: RunQuantity) throws(RunFileError) -> Double? {
            guard let key = names[quantity] else { return nil }
            let cell: RunAssembly.Cell
            switch object[key] {
            case nil, is NSNull: cell = .missing
            case let s as String: cell = .text(s[...])
            case let n as NSNumber where !n.isJSONBoolean: cell = .number(n.doubleValue)
            case let other?:
                throw .invalidRow(SourceLocation(file: file, line: line, column: key), .notNumeric(jsonText(other)))
            }
            return try assembly.value(cell, of: quantity, column: key)
        }
        let params = try value(.params), tokens = try value(.tokens), flops = try value(.flops)
        let loss = try value(.loss), unique = try value(.uniqueTokens)
        var tags: [String: String] = [:]
        for (key, _) in layout.tags {
            switch object[key] {
            case nil, is NSNull: continue
            case let s as String: tags[key] = s
            case let n as NSNumber: tags[key] = n.isJSONBoolean ? (n.boolValue ? "true" : "false") : "\(n)"
            case let other?: tags[key] = jsonText(other)
            }
        }
        return try assembly.run(params: params, tokens: tokens, flops: flops, loss: loss, uniqueTokens: unique,
                                tags: tags, columns: names, found: layout.header, alone: alone,
                                requireLoss: requireLoss)
    }

    private static func jsonText(_ value: Any) -> String {
        if let n = value as? NSNumber, n.isJSONBoolean { return n.boolValue ? "true" : "false" }
        guard JSONSerialization.isValidJSONObject(value),
              let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) else {
            return "\(value)"
        }
        return String(decoding: data, as: UTF8.self)
    }
}
