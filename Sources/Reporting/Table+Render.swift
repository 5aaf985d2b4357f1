extension Table {
    /// Renders the table in `format`. Text, Markdown and LaTeX show numbers for people; CSV
    /// and JSON show them exactly (`NumberFormatting.exact`), with non-finite numbers as an
    /// empty field (CSV) or `null` (JSON), never as a number.
    public func render(_ format: TableFormat) -> String {
        switch format {
        case .text: return renderText()
        case .markdown: return renderMarkdown()
        case .csv: return renderCSV()
        case .latex: return renderLaTeX()
        case .json: return renderJSON()
        }
    }

    /// A cell as people read it, on one line (line breaks in text become spaces).
    func humanText(_ cell: Cell) -> String {
        switch cell {
        case let .text(s): return s.singleLine
        case let .number(v, style): return NumberFormatting.format(v, style)
        case let .interval(lo, hi, style):
            return "[\(NumberFormatting.format(lo, style)), \(NumberFormatting.format(hi, style))]"
        case .empty: return ""
        }
    }

    /// Column keys for machine formats, made unique: a repeated key gets `_2`, `_3`, … so
    /// no JSON object has two members of one name and no CSV header is ambiguous.
    var machineKeys: [String] {
        var seen: Set<String> = []
        return columns.map { column in
            var key = column.key
            var n = 2
            while seen.contains(key) { key = "\(column.key)_\(n)"; n += 1 }
            seen.insert(key)
            return key
        }
    }

    /// The rows with exactly one cell per column (short rows padded with `.empty`, extra
    /// cells dropped), so a row built by hand can never make a renderer index out of range.
    var paddedRows: [[Cell]] {
        rows.map { row in
            row.count == columns.count ? row
                : Array(row.prefix(columns.count)) + Array(repeating: .empty, count: max(0, columns.count - row.count))
        }
    }

    /// Whether column `j` holds an interval in some row (CSV splits it in two fields).
    func isIntervalColumn(_ j: Int) -> Bool {
        rows.contains { row in
            if j < row.count, case .interval = row[j] { return true } else { return false }
        }
    }
}

extension String {
    /// Line breaks (CR, LF, CRLF and the Unicode separators) replaced by single spaces.
    var singleLine: String {
        guard contains(where: \.isNewline) else { return self }
        return split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).joined(separator: " ")
    }
}
