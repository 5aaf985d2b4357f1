extension Table {
    /// A JSON array of objects, one per row, members in column order, keyed by column key.
    /// Numbers are exact (shortest round-trip decimal); an interval is a two-element array;
    /// empty cells and non-finite numbers are `null`. Title and notes are left out.
    ///
    /// Written by hand rather than with `JSONSerialization`, which loses the column order
    /// and fails on NaN.
    func renderJSON() -> String {
        let keys = machineKeys
        if rows.isEmpty { return "[]\n" }
        var out = "[\n"
        for (i, row) in paddedRows.enumerated() {
            let members = row.enumerated().map { j, cell in
                "    " + JSON.string(keys[j]) + ": " + JSON.value(cell)
            }
            out += "  {\n" + members.joined(separator: ",\n") + "\n  }"
            out += i == rows.count - 1 ? "\n" : ",\n"
        }
        return out + "]\n"
    }
}

/// The few pieces of JSON syntax the renderers write (RFC 8259).
enum JSON {
    static func value(_ cell: Cell) -> String {
        switch cell {
        case let .text(s): return string(s)
        case let .number(v, _): return number(v)
        case let .interval(lo, hi, _): return "[" + number(lo) + ", " + number(hi) + "]"
        case .empty: return "null"
        }
    }

    static func number(_ v: Double) -> String {
        v.isFinite ? NumberFormatting.exact(v) : "null"
    }

    /// A JSON string literal: quote, backslash and control characters escaped.
    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
