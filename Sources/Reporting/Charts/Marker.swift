import Foundation

/// Point markers. Shape carries a category (a run, a chosen optimum, a baseline); colour is
/// left to the caller, usually a `ColorScale`.
public enum Marker: Sendable, Equatable {
    case circle, square, diamond, triangle, star

    /// The marker centred on (`x`, `y`), `size` across.
    func element(x: Double, y: Double, size: Double, fill: String, stroke: String, strokeWidth: Double = 0.8,
                 opacity: Double = 1) -> SVGElement {
        let r = size / 2
        var style: [(String, String)] = [("fill", fill), ("stroke", stroke), ("stroke-width", SVG.number(strokeWidth))]
        if opacity < 1 { style.append(("fill-opacity", SVG.number(opacity))) }
        switch self {
        case .circle:
            return SVGElement("circle", [("cx", SVG.number(x)), ("cy", SVG.number(y)), ("r", SVG.number(r))] + style)
        case .square:
            let s = r * 0.9
            return SVGElement("rect", [("x", SVG.number(x - s)), ("y", SVG.number(y - s)),
                                       ("width", SVG.number(2 * s)), ("height", SVG.number(2 * s))] + style)
        case .diamond:
            return polygon([(x, y - r * 1.2), (x + r, y), (x, y + r * 1.2), (x - r, y)], style)
        case .triangle:
            return polygon([(x, y - r * 1.1), (x + r, y + r * 0.7), (x - r, y + r * 0.7)], style)
        case .star:
            let points = (0..<10).map { i -> (Double, Double) in
                let radius = i % 2 == 0 ? r * 1.3 : r * 0.55
                let angle = -Double.pi / 2 + Double(i) * Double.pi / 5
                return (x + radius * cos(angle), y + radius * sin(angle))
            }
            return polygon(points, style)
        }
    }

    private func polygon(_ points: [(Double, Double)], _ style: [(String, String)]) -> SVGElement {
        let list = points.map { "\(SVG.number($0.0)),\(SVG.number($0.1))" }.joined(separator: " ")
        return SVGElement("polygon", [("points", list)] + style)
    }
}
