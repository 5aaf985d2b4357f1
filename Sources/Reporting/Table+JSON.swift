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
