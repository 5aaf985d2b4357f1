extension Table {
    /// Aligned plain text: the title, a header, then rows, columns padded to their widest
    /// cell and two spaces apart, notes last. Widths are terminal columns (`displayWidth`),
    /// so `α`, `−` and `日本` line up. No trailing spaces.
    func renderText() -> String {
        let header = columns.map { $0.title.singleLine }
        let body = paddedRows.map { $0.map(humanText) }
        var widths = header.map(\.displayWidth)
        for row in body { for (j, s) in row.enumerated() { widths[j] = max(widths[j], s.displayWidth) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { j, s in
                let pad = String(repeating: " ", count: max(0, widths[j] - s.displayWidth))
                return columns[j].alignment == .left ? s + pad : pad + s
            }.joined(separator: "  ").withoutTrailingSpaces
        }
        var out: [String] = []
        if let title { out.append(title) }
        out.append(line(header))
        out += body.map(line)
        out += notes
        return out.joined(separator: "\n") + "\n"
    }
}

extension String {
    var withoutTrailingSpaces: String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
