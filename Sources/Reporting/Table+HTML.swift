extension Table {
    /// An HTML `table` for self-contained reports: the title as caption, numbers for people,
    /// right-aligned columns marked, notes in a paragraph after it. Written as XHTML-compatible
    /// markup (every element closed, text escaped) so it is also well-formed XML.
    func renderHTML() -> String {
        func align(_ j: Int) -> String { columns[j].alignment == .right ? " class=\"num\"" : "" }
        var out = ["<table>"]
        if let title { out.append("<caption>\(HTML.escape(title))</caption>") }
        out.append("<thead><tr>" + columns.indices.map { "<th\(align($0))>\(HTML.escape(columns[$0].title))</th>" }.joined()
                   + "</tr></thead>")
        out.append("<tbody>")
        for row in paddedRows {
            out.append("<tr>" + row.indices.map { "<td\(align($0))>\(HTML.escape(humanText(row[$0])))</td>" }.joined() + "</tr>")
        }
        out.append("</tbody>")
        out.append("</table>")
        if !notes.isEmpty { out.append("<p class=\"notes\">" + notes.map(HTML.escape).joined(separator: "<br/>") + "</p>") }
        return out.joined(separator: "\n")
    }
}

/// HTML text escaping (also valid in attribute values in double quotes).
enum HTML {
    static func escape(_ s: String) -> String {
        XML.escapeAttribute(s)
    }
}
