extension Table {
    /// A booktabs `tabular` (needs `\usepackage{booktabs}`), special characters escaped.
    func renderLaTeX() -> String {
        func escape(_ s: String) -> String {
            var out = ""
            for ch in s {
                switch ch {
                case "\\": out += "\\textbackslash{}"
                case "&", "%", "$", "#", "_", "{", "}": out += "\\" + String(ch)
                case "~": out += "\\textasciitilde{}"
                case "^": out += "\\textasciicircum{}"
                case "−": out += "$-$"
                case "α": out += "$\\alpha$"
                case "β": out += "$\\beta$"
                default: out.append(ch)
                }
            }
            return out
        }
        let spec = columns.map { $0.alignment == .left ? "l" : "r" }.joined()
        var out = ["\\begin{tabular}{\(spec)}", "\\toprule"]
        out.append(columns.map { escape($0.title) }.joined(separator: " & ") + " \\\\")
        out.append("\\midrule")
        for row in rows { out.append(row.map { escape(humanText($0)) }.joined(separator: " & ") + " \\\\") }
        out.append("\\bottomrule")
        out.append("\\end{tabular}")
        if let title { out.insert("% \(title)", at: 0) }
        out += notes.map { "% " + $0 }
        return out.joined(separator: "\n") + "\n"
    }
}
