/// A legend: one line per entry, a swatch drawn like the marks it explains, and a label.
public struct LegendEntry: Sendable {
    public enum Swatch: Sendable {
        /// A line (`dash` is an SVG `stroke-dasharray`, e.g. "6 4").
        case line(color: String, width: Double, dash: String? = nil)
        case marker(Marker, fill: String, stroke: String)
        /// A line over a shaded band (a fitted curve with its interval).
        case band(color: String, opacity: Double)
    }

    public var label: String
    public var swatch: Swatch

    public init(_ label: String, _ swatch: Swatch) {
        self.label = label
        self.swatch = swatch
    }
}

/// Which corner of the plot area a legend sits in. Charts choose the corner that covers the
/// fewest marks unless told otherwise.
public enum LegendCorner: Sendable, CaseIterable {
    case topRight, topLeft, bottomLeft, bottomRight
}

struct Legend {
    var entries: [LegendEntry]
    var corner: LegendCorner
    var fontSize: Double

    private var rowHeight: Double { fontSize * 1.55 }
    private let swatchWidth = 28.0

    var size: (width: Double, height: Double) {
        let labels = entries.map { SVG.textWidth($0.label, fontSize: fontSize) }.max() ?? 0
        return (10 + swatchWidth + 8 + labels + 14, 8 + Double(entries.count) * rowHeight + 4)
    }

    /// The legend's box (x, y, width, height) in `corner` of the plot rectangle, 10 units in.
    func box(in corner: LegendCorner, plotLeft: Double, plotTop: Double, plotRight: Double,
             plotBottom: Double) -> (x: Double, y: Double, width: Double, height: Double) {
        let (w, h) = size
        switch corner {
        case .topLeft: return (plotLeft + 10, plotTop + 10, w, h)
        case .topRight: return (plotRight - 10 - w, plotTop + 10, w, h)
        case .bottomLeft: return (plotLeft + 10, plotBottom - 10 - h, w, h)
        case .bottomRight: return (plotRight - 10 - w, plotBottom - 10 - h, w, h)
        }
    }

    /// The legend inside the plot rectangle in `corner`, on a white, slightly transparent box
    /// so grid lines behind it do not cross the labels.
    func element(plotLeft: Double, plotTop: Double, plotRight: Double, plotBottom: Double) -> SVGElement {
        let (x, y, w, h) = box(in: corner, plotLeft: plotLeft, plotTop: plotTop, plotRight: plotRight, plotBottom: plotBottom)
        var group = SVGElement("g", [("class", "legend")])
        group.append(SVGElement("rect", [
            ("x", SVG.number(x)), ("y", SVG.number(y)), ("width", SVG.number(w)), ("height", SVG.number(h)),
            ("fill", "white"), ("fill-opacity", "0.9"), ("stroke", "#bbb"), ("stroke-width", "0.8"), ("rx", "3"),
        ]))
        for (i, entry) in entries.enumerated() {
            let cy = y + 8 + rowHeight * (Double(i) + 0.5)
            group.append(contentsOf: swatch(entry.swatch, x: x + 10, cy: cy))
            group.append(ChartText.plain(entry.label, x: x + 10 + swatchWidth + 8, y: cy + fontSize * 0.35, fontSize: fontSize))
        }
        return group
    }

    /// The legend as rows of entries side by side, below the plot, starting at (`x`, `y`)
    /// and wrapping at `width`; returns the element and the height it takes.
    func rows(x: Double, y: Double, width: Double) -> (SVGElement, Double) {
        var group = SVGElement("g", [("class", "legend")])
        var cx = x, row = 0
        for entry in entries {
            let entryWidth = swatchWidth + 8 + SVG.textWidth(entry.label, fontSize: fontSize)
            if cx > x, cx + entryWidth > x + width { cx = x; row += 1 }
            let cy = y + rowHeight * (Double(row) + 0.5)
            group.append(contentsOf: swatch(entry.swatch, x: cx, cy: cy))
            group.append(ChartText.plain(entry.label, x: cx + swatchWidth + 8, y: cy + fontSize * 0.35, fontSize: fontSize))
            cx += entryWidth + 24
        }
        return (group, rowHeight * Double(row + 1))
    }

    private func swatch(_ swatch: LegendEntry.Swatch, x: Double, cy: Double) -> [SVGElement] {
        switch swatch {
        case let .line(color, width, dash):
            var attributes = [("x1", SVG.number(x)), ("y1", SVG.number(cy)), ("x2", SVG.number(x + swatchWidth)),
                              ("y2", SVG.number(cy)), ("stroke", color), ("stroke-width", SVG.number(width))]
            if let dash { attributes.append(("stroke-dasharray", dash)) }
            return [SVGElement("line", attributes)]
        case let .marker(marker, fill, stroke):
            return [marker.element(x: x + swatchWidth / 2, y: cy, size: 9, fill: fill, stroke: stroke)]
        case let .band(color, opacity):
            return [
                SVGElement("rect", [("x", SVG.number(x)), ("y", SVG.number(cy - 6)), ("width", SVG.number(swatchWidth)),
                                    ("height", "12"), ("fill", color), ("fill-opacity", SVG.number(opacity))]),
                SVGElement("line", [("x1", SVG.number(x)), ("y1", SVG.number(cy)), ("x2", SVG.number(x + swatchWidth)),
                                    ("y2", SVG.number(cy)), ("stroke", color), ("stroke-width", "2.5")]),
            ]
        }
    }
}
