extension Table {
    /// CSV after RFC 4180: a header of column keys, then one record per row. A field is
    /// quoted when it holds a comma, a double quote, a line break, or leading/trailing
    /// spaces (which some readers would trim); quotes inside are doubled. Records end in LF,
    /// not the RFC's CRLF, so the output works in Unix pipelines; every CSV reader accepts it.
    /// Numbers are exact; non-finite numbers are empty fields; an interval column becomes two
    /// columns `key_low`, `key_high`. Title and notes are for people and are left out.
    func renderCSV() -> String {
        let keys = machineKeys
        let split = columns.indices.map(isIntervalColumn)
        var header: [String] = []
        for j in columns.indices {
            header += split[j] ? [keys[j] + "_low", keys[j] + "_high"] : [keys[j]]
        }
        var records = [header.map(Self.csvField).joined(separator: ",")]
        for row in paddedRows {
            var fields: [String] = []
            for (j, cell) in row.enumerated() {
                switch cell {
                case let .interval(lo, hi, _):
                    fields += [NumberFormatting.exact(lo), NumberFormatting.exact(hi)]
                case let .number(v, _):
                    fields += split[j] ? [NumberFormatting.exact(v), ""] : [NumberFormatting.exact(v)]
                case let .text(s):
                    fields += split[j] ? [s, ""] : [s]
                case .empty:
                    fields += split[j] ? ["", ""] : [""]
                }
            }
            records.append(fields.map(Self.csvField).joined(separator: ","))
        }
        return records.joined(separator: "\n") + "\n"
    }

    /// One CSV field, quoted when RFC 4180 needs it (or a reader might trim it).
    static func csvField(_ s: String) -> String {
        let needsQuotes = s.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || s.first == " " || s.last == " "
        guard needsQuotes else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
