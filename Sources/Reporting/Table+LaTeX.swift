extension Table {
    /// A booktabs `tabular` (needs `\usepackage{booktabs}`); the title and notes become
    /// comments above and below it. Text is escaped with `LaTeX.escape`.
    func renderLaTeX() -> String {
        let spec = columns.map { $0.alignment == .left ? "l" : "r" }.joined()
        var out: [String] = []
        if let title { out += LaTeX.comment(title) }
        out += ["\\begin{tabular}{\(spec)}", "\\toprule"]
        out.append(columns.map { LaTeX.cell($0.title) }.joined(separator: " & ") + " \\\\")
        out.append("\\midrule")
        for row in paddedRows { out.append(row.map { LaTeX.cell(humanText($0)) }.joined(separator: " & ") + " \\\\") }
        out.append("\\bottomrule")
        out.append("\\end{tabular}")
        for note in notes { out += LaTeX.comment(note) }
        return out.joined(separator: "\n") + "\n"
    }
}

/// LaTeX text escaping for table cells and comments.
enum LaTeX {
    /// Symbols people formats and column titles use, written so pdfLaTeX needs no extra
    /// packages: Greek letters and mathematical signs in math mode.
    static let symbols: [Character: String] = [
        "−": "$-$", "α": "$\\alpha$", "β": "$\\beta$", "γ": "$\\gamma$", "δ": "$\\delta$",
        "ε": "$\\varepsilon$", "ρ": "$\\rho$", "σ": "$\\sigma$", "τ": "$\\tau$", "μ": "$\\mu$",
        "∞": "$\\infty$", "≈": "$\\approx$", "∝": "$\\propto$", "×": "$\\times$", "·": "$\\cdot$",
        "≤": "$\\leq$", "≥": "$\\geq$", "±": "$\\pm$", "—": "---", "–": "--", "…": "\\ldots{}",
    ]

    /// Escapes the ten special characters (`\ & % $ # _ { } ~ ^`) and maps `symbols`.
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s.singleLine {
            switch ch {
            case "\\": out += "\\textbackslash{}"
            case "&", "%", "$", "#", "_", "{", "}": out += "\\" + String(ch)
            case "~": out += "\\textasciitilde{}"
            case "^": out += "\\textasciicircum{}"
            default: out += symbols[ch] ?? String(ch)
            }
        }
        return out
    }

    /// An escaped cell. A cell that starts with `[` would be read as the optional argument
    /// of the `\\` or `\midrule` before it (`[0.32, 0.37]` is an interval, not a length), so
    /// it is guarded with `{}`.
    static func cell(_ s: String) -> String {
        let escaped = escape(s)
        return escaped.hasPrefix("[") ? "{}" + escaped : escaped
    }

    /// Comment lines (`% …`); a multi-line text keeps every line commented.
    static func comment(_ s: String) -> [String] {
        s.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { "% " + $0 }
    }
}
