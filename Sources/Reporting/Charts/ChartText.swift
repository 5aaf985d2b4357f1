/// Text elements the charts share: tick labels with superscript exponents, titles.
enum ChartText {
    static let color = "#222"

    /// A tick label; an exponent is raised and drawn at 70% size (`10¹⁸`).
    static func label(_ label: TickLabel, x: Double, y: Double, fontSize: Double, anchor: String) -> SVGElement {
        var text = SVGElement("text", [
            ("x", SVG.number(x)), ("y", SVG.number(y)), ("font-size", SVG.number(fontSize)),
            ("text-anchor", anchor), ("fill", color),
        ])
        text.children.append(.text(label.text))
        if let exponent = label.exponent {
            text.append(SVGElement("tspan", [("dy", SVG.number(-fontSize * 0.45)), ("font-size", SVG.number(fontSize * 0.7))],
                                   text: exponent))
        }
        return text
    }

    static func plain(_ s: String, x: Double, y: Double, fontSize: Double, anchor: String = "start",
                      weight: String? = nil, color: String = ChartText.color) -> SVGElement {
        var attributes = [("x", SVG.number(x)), ("y", SVG.number(y)), ("font-size", SVG.number(fontSize)),
                          ("text-anchor", anchor), ("fill", color)]
        if let weight { attributes.append(("font-weight", weight)) }
        return SVGElement("text", attributes, text: s)
    }

    /// Text turned 90° counter-clockwise, centred on (`x`, `y`): a vertical axis title.
    static func rotated(_ s: String, x: Double, y: Double, fontSize: Double) -> SVGElement {
        SVGElement("text", [
            ("x", SVG.number(x)), ("y", SVG.number(y)), ("font-size", SVG.number(fontSize)),
            ("text-anchor", "middle"), ("fill", color),
            ("transform", "rotate(-90 \(SVG.number(x)) \(SVG.number(y)))"),
        ], text: s)
    }
}
