import Foundation

extension Table {
    /// Renders the table in `format`. Text, Markdown and LaTeX show numbers for people; CSV
    /// and JSON show them exactly.
    public func render(_ format: TableFormat) -> String {
        switch format {
        case .text: return renderText()
        case .markdown: return renderMarkdown()
        case .csv: return renderCSV()
        case .latex: return renderLaTeX()
        case .json: return renderJSON()
        }
    }

    /// A cell as people read it.
    func humanText(_ cell: Cell) -> String {
        switch cell {
        case let .text(s): return s
        case let .number(v, style): return NumberFormatting.format(v, style)
        case let .interval(lo, hi, style):
            return "[\(NumberFormatting.format(lo, style)), \(NumberFormatting.format(hi, style))]"
        case .empty: return ""
        }
    }

    /// A cell as machines read it.
    func exactText(_ cell: Cell) -> String {
        switch cell {
        case let .text(s): return s
        case let .number(v, _): return NumberFormatting.exact(v)
        case let .interval(lo, hi, _): return "\(NumberFormatting.exact(lo));\(NumberFormatting.exact(hi))"
        case .empty: return ""
        }
    }
}
