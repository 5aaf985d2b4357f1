extension Table {
    /// CSV after RFC 4180: a header of column keys, then one record per row. A field is
    /// quoted when it holds a comma, a double quote, a line break, or leading/trailing
    /// spaces (which some readers would trim); quotes inside are doubled. Records end in LF,
    /// not the RFC's CRLF, so the output works in Unix pipelines; every CSV reader accepts it.
    /// Numbers are exact; non-finite numbers are empty fields; an interval column becomes two
    /// columns `key_low`, `key_high`. Title and notes are for people and are left out.
    ///
    /// The output is appended to one string, field by field (no array per record): a sweep's
    /// table has tens of thousands of cells, and this is most of a whole-process sweep's time.
    func renderCSV() -> String {
        let keys = machineKeys
        let split = columns.indices.map(isIntervalColumn)
        var out = ""
        out.reserveCapacity(24 * (rows.count + 1) * (columns.count + 1))
        var first = true
        func field(_ s: String) {
            if !first { out.append(",") }
            first = false
            Self.appendCSVField(s, to: &out)
        }
        func endRecord() {
            out.append("\n")
            first = true
        }
        for j in columns.indices {
            if split[j] { field(keys[j] + "_low"); field(keys[j] + "_high") } else { field(keys[j]) }
        }
        endRecord()
        for row in rows { Self.appendCSVRecord(row, columns: columns.count, split: split, to: &out) }
        return out
    }

    /// One row as a CSV record (with its line feed): `columns` fields, a short row padded with
    /// empty cells and extra cells ignored; an interval column (`split`) takes two fields.
    static func appendCSVRecord(_ row: [Cell], columns: Int, split: [Bool], to out: inout String) {
        var first = true
        func field(_ s: String) {
            if !first { out.append(",") }
            first = false
            appendCSVField(s, to: &out)
        }
        // A number never needs quotes: it goes straight into the output.
        func number(_ v: Double) {
            if !first { out.append(",") }
            first = false
            NumberFormatting.appendExact(v, to: &out)
        }
        for j in 0..<columns {
            switch j < row.count ? row[j] : .empty {
            case let .interval(lo, hi, _):
                number(lo); number(hi)
            case let .number(v, _):
                number(v); if split[j] { field("") }
            case let .text(s):
                field(s); if split[j] { field("") }
            case .empty:
                field(""); if split[j] { field("") }
            }
        }
        out.append("\n")
    }

    /// One CSV field, quoted when RFC 4180 needs it (or a reader might trim it).
    static func csvField(_ s: String) -> String {
        var out = ""
        appendCSVField(s, to: &out)
        return out
    }

    /// Appends `s` to `out` as a CSV field, quoted only when needed.
    static func appendCSVField(_ s: String, to out: inout String) {
        guard needsCSVQuotes(s) else { out.append(s); return }
        out.append("\"")
        out.append(s.replacingOccurrences(of: "\"", with: "\"\""))
        out.append("\"")
    }

    /// Whether `s` holds a comma, a double quote, CR or LF, or starts or ends with a space.
    /// Checked on UTF-8 bytes: these characters are all ASCII, and an ASCII byte never occurs
    /// inside the encoding of another character, so a byte scan is exact, and much cheaper than
    /// iterating `Character`s (grapheme breaking) for every cell.
    static func needsCSVQuotes(_ s: String) -> Bool {
        var s = s   // `withUTF8` may make a native contiguous copy, hence `var`
        return s.withUTF8 { bytes in
            guard let head = bytes.first, let tail = bytes.last else { return false }
            if head == UInt8(ascii: " ") || tail == UInt8(ascii: " ") { return true }
            for b in bytes where b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
                return true
            }
            return false
        }
    }
}
