extension Table {
    /// Aligned plain text: columns padded to their widest cell, two spaces apart.
    func renderText() -> String {
        let header = columns.map(\.title)
        let body = rows.map { $0.map(humanText) }
        var widths = header.map(\.count)
        for row in body { for (j, s) in row.enumerated() { widths[j] = max(widths[j], s.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { j, s in
                let pad = String(repeating: " ", count: widths[j] - s.count)
                return columns[j].alignment == .left ? s + pad : pad + s
            }.joined(separator: "  ").replacingTrailingSpaces()
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
    func replacingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
