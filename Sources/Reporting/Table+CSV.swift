extension Table {
    /// RFC 4180: a header of column keys, CRLF-free (LF) lines, fields quoted when they hold a
    /// comma, a quote or a line break, quotes doubled. Numbers exact; an interval becomes two
    /// columns `key_low`, `key_high`.
    func renderCSV() -> String {
        func quote(_ s: String) -> String {
            guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        let isInterval = columns.indices.map { j in rows.contains { if case .interval = $0[j] { return true } else { return false } } }
        var header: [String] = []
        for (j, c) in columns.enumerated() {
            header += isInterval[j] ? [c.key + "_low", c.key + "_high"] : [c.key]
        }
        var out = [header.map(quote).joined(separator: ",")]
        for row in rows {
            var fields: [String] = []
            for (j, cell) in row.enumerated() {
                if isInterval[j] {
                    if case let .interval(lo, hi, _) = cell {
                        fields += [NumberFormatting.exact(lo), NumberFormatting.exact(hi)]
                    } else { fields += [exactText(cell), ""] }
                } else { fields.append(exactText(cell)) }
            }
            out.append(fields.map(quote).joined(separator: ","))
        }
        return out.joined(separator: "\n") + "\n"
    }
}
