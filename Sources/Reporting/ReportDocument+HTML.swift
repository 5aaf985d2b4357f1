import Foundation

extension ReportDocument {
    /// The report as one self-contained HTML page: tables as HTML tables, figures as inline
    /// SVG (no external files), a little CSS for reading and printing. Paragraph and bullet
    /// text is escaped; of Markdown's markup only `code` and **bold** are interpreted.
    ///
    /// Each figure's element ids are prefixed with its number, so two charts of one kind
    /// (both with a `loss-compute-plot-area` clip path) do not share ids on the page.
    public func html() -> String {
        var body = ["<h1>\(HTML.escape(title.singleLine))</h1>"]
        var figureNumber = 0
        for section in sections {
            switch section {
            case let .heading(text, level):
                let h = min(6, max(2, level))
                body.append("<h\(h)>\(HTML.escape(text.singleLine))</h\(h)>")
            case let .paragraph(text): body.append("<p>\(Self.inlineMarkup(text))</p>")
            case let .table(table): body.append(table.renderHTML())
            case let .figure(_, caption, svg):
                figureNumber += 1
                body.append("<figure>\n" + Self.inlineSVG(svg, idPrefix: "fig\(figureNumber)-")
                            + "\n<figcaption>\(HTML.escape(caption))</figcaption>\n</figure>")
            case let .code(text): body.append("<pre><code>\(HTML.escape(text.trimmingCharacters(in: .newlines)))</code></pre>")
            case let .bullets(items): body.append("<ul>" + items.map { "<li>\(Self.inlineMarkup($0))</li>" }.joined() + "</ul>")
            }
        }
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <title>\(HTML.escape(title.singleLine))</title>
        <style>
        body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; max-width: 820px; margin: 2em auto; color: #222; line-height: 1.45; }
        table { border-collapse: collapse; margin: 1em 0; }
        caption { font-weight: bold; text-align: left; padding-bottom: 0.3em; }
        th, td { padding: 0.25em 0.8em; border-bottom: 1px solid #ddd; text-align: left; }
        th { border-bottom: 2px solid #888; }
        .num { text-align: right; font-variant-numeric: tabular-nums; }
        .notes { color: #555; font-size: 0.9em; }
        figure { margin: 1.5em 0; }
        figure svg { max-width: 100%; height: auto; }
        figcaption { color: #555; font-size: 0.9em; }
        pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; }
        </style>
        </head>
        <body>
        \(body.joined(separator: "\n"))
        </body>
        </html>

        """
    }

    /// Escaped text with `code` spans and **bold** turned into HTML (inside a code span,
    /// nothing else is interpreted).
    static func inlineMarkup(_ text: String) -> String {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated().map { i, part in
            i % 2 == 1 ? "<code>\(HTML.escape(String(part)))</code>"
                       : HTML.escape(String(part)).replacing(/\*\*([^*]+)\*\*/) { "<strong>\($0.output.1)</strong>" }
        }.joined()
    }

    /// `svg` without its XML declaration, every `id="x"` and `url(#x)` prefixed.
    static func inlineSVG(_ svg: String, idPrefix: String) -> String {
        var text = svg.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("<?xml"), let end = text.range(of: "?>") {
            text = String(text[end.upperBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let ids = text.matches(of: /id="([^"]+)"/).map { String($0.output.1) }
        for id in Set(ids) {
            text = text.replacingOccurrences(of: "id=\"\(id)\"", with: "id=\"\(idPrefix)\(id)\"")
                .replacingOccurrences(of: "url(#\(id))", with: "url(#\(idPrefix)\(id))")
        }
        return text
    }
}
