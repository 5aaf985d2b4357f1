extension Table {
    /// GitHub-flavoured Markdown: a pipe table, notes as a paragraph after it.
    func renderMarkdown() -> String {
        func escape(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
        var out: [String] = []
        if let title { out.append("**\(escape(title))**"); out.append("") }
        out.append("| " + columns.map { escape($0.title) }.joined(separator: " | ") + " |")
        out.append("|" + columns.map { $0.alignment == .left ? " :--- |" : " ---: |" }.joined())
        for row in rows { out.append("| " + row.map { escape(humanText($0)) }.joined(separator: " | ") + " |") }
        if !notes.isEmpty { out.append(""); out += notes.map { escape($0) + "  " } }
        return out.joined(separator: "\n") + "\n"
    }
}
