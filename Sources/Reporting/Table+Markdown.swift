extension Table {
    /// A GitHub-flavoured Markdown pipe table: the title in bold above it, notes as lines
    /// after it. Cell text is escaped (`Markdown.escape`) so a `|` stays in its cell and
    /// `n_params` or `*` are not read as emphasis.
    func renderMarkdown() -> String {
        var out: [String] = []
        if let title { out.append("**\(Markdown.escape(title))**"); out.append("") }
        out.append("| " + columns.map { Markdown.escape($0.title) }.joined(separator: " | ") + " |")
        out.append("|" + columns.map { $0.alignment == .left ? " :--- |" : " ---: |" }.joined())
        for row in paddedRows {
            out.append("| " + row.map { Markdown.escape(humanText($0)) }.joined(separator: " | ") + " |")
        }
        if !notes.isEmpty {
            out.append("")
            // Two trailing spaces: a hard line break, so each note stays on its own line.
            out += notes.map { Markdown.escape($0) + "  " }
        }
        return out.joined(separator: "\n") + "\n"
    }
}

/// Markdown text escaping for inline content (CommonMark backslash escapes).
enum Markdown {
    /// Escapes the characters that would end a table cell (`|`) or start inline markup
    /// (`\`, `*`, `_`, `` ` ``, `~`, `<`); line breaks become spaces. Brackets are left alone:
    /// without a following `(` they make no link, and intervals `[0.32, 0.37]` stay readable.
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s.singleLine {
            if "\\|*_`~<".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
