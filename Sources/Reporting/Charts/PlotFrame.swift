/// A point of chart data, in data units.
public struct ChartPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
}

/// The frame every chart draws in: size, margins sized to the labels, the plot rectangle,
/// axes with grid lines and labelled ticks, axis titles with units, a title, an optional
/// colour bar on the right and a legend. Charts add their marks in data coordinates.
struct PlotFrame {
    static let width = 760.0
    static let height = 480.0
    static let fontSize = 12.0
    var fontSize: Double { Self.fontSize }

    var title: String
    var subtitle: String?
    var x: any ChartAxis
    var y: any ChartAxis
    var xTitle: String
    var yTitle: String
    var colorScale: ColorScale?
    /// Prefix for element ids (clip path, gradient), so several charts can share one page.
    var id: String

    let left: Double, top: Double, right: Double, bottom: Double

    init(title: String, subtitle: String? = nil, x: any ChartAxis, y: any ChartAxis, xTitle: String, yTitle: String,
         colorScale: ColorScale? = nil, id: String) {
        self.title = title
        self.subtitle = subtitle
        self.x = x
        self.y = y
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.colorScale = colorScale
        self.id = id
        let fontSize = Self.fontSize
        let yLabels = y.ticks.compactMap { $0.label?.width(fontSize: fontSize) }.max() ?? 20
        left = 14 + fontSize * 1.2 + 8 + yLabels + 8
        top = subtitle == nil ? 44 : 60
        right = Self.width - 20 - (colorScale.map { 22 + $0.barWidth(fontSize: fontSize) } ?? 0)
        bottom = Self.height - 58
    }

    /// Horizontal position of data value `v`, or nil when it cannot be drawn.
    func px(_ v: Double) -> Double? { x.fraction(of: v).map { left + $0 * (right - left) } }
    /// Vertical position of data value `v` (up is larger).
    func py(_ v: Double) -> Double? { y.fraction(of: v).map { bottom - $0 * (bottom - top) } }

    func position(_ p: ChartPoint) -> (Double, Double)? {
        guard let a = px(p.x), let b = py(p.y) else { return nil }
        return (a, b)
    }

    /// Whether `p` lies inside the plot rectangle (markers outside it are not drawn).
    func isInside(_ p: ChartPoint) -> Bool {
        guard let (a, b) = position(p) else { return false }
        return a >= left - 0.5 && a <= right + 0.5 && b >= top - 0.5 && b <= bottom + 0.5
    }

    /// An SVG path through the points; a point that cannot be drawn breaks the line.
    func pathData(_ points: [ChartPoint]) -> String {
        var d: [String] = []
        var penDown = false
        for p in points {
            guard let (a, b) = position(p), abs(a) < 1e6, abs(b) < 1e6 else { penDown = false; continue }
            d.append((penDown ? "L" : "M") + SVG.number(a) + "," + SVG.number(b))
            penDown = true
        }
        return d.joined(separator: " ")
    }

    func line(_ points: [ChartPoint], color: String, width: Double, dash: String? = nil, opacity: Double = 1) -> SVGElement {
        var attributes = [("d", pathData(points)), ("fill", "none"), ("stroke", color), ("stroke-width", SVG.number(width)),
                          ("stroke-linejoin", "round"), ("stroke-linecap", "round")]
        if let dash { attributes.append(("stroke-dasharray", dash)) }
        if opacity < 1 { attributes.append(("stroke-opacity", SVG.number(opacity))) }
        return SVGElement("path", attributes)
    }

    /// A shaded band between `low` and `high` curves over the same x values.
    func band(x xs: [Double], low: [Double], high: [Double], color: String, opacity: Double) -> SVGElement {
        let upper = zip(xs, high).map { ChartPoint($0, $1) }
        let lower = zip(xs, low).map { ChartPoint($0, $1) }.reversed()
        let corners = (upper + lower).compactMap(position).filter { abs($0.0) < 1e6 && abs($0.1) < 1e6 }
        let list = corners.map { "\(SVG.number($0.0)),\(SVG.number($0.1))" }.joined(separator: " ")
        return SVGElement("polygon", [("points", list), ("fill", color), ("fill-opacity", SVG.number(opacity)), ("stroke", "none")])
    }

    /// The finished picture: frame, grid and axes, then `clipped` marks (lines, bands: cut
    /// at the plot edge), then `marks` (markers, drawn whole), the colour bar and the legend.
    ///
    /// With no `legendCorner`, the legend goes in a corner of the plot that hides none of
    /// `points` (the markers) and `curves`; when every corner would hide some, it goes in rows
    /// under the chart, which grows taller for it.
    func render(clipped: [SVGElement], marks: [SVGElement], legend: [LegendEntry] = [],
                legendCorner: LegendCorner? = nil, points: [ChartPoint] = [], curves: [[ChartPoint]] = [],
                emptyMessage: String? = nil) -> String {
        var box = Legend(entries: legend, corner: .topRight, fontSize: fontSize - 1)
        var legendElement: SVGElement?
        var extraHeight = 0.0
        if !legend.isEmpty {
            if let corner = legendCorner ?? emptyCorner(for: box, points: points, curves: curves) {
                box.corner = corner
                legendElement = box.element(plotLeft: left, plotTop: top, plotRight: right, plotBottom: bottom)
            } else {
                let (element, height) = box.rows(x: left, y: Self.height + 2, width: Self.width - left - 20)
                legendElement = element
                extraHeight = height + 10
            }
        }
        var document = SVGDocument(width: Self.width, height: Self.height + extraHeight, title: title)
        document.append(SVGElement("rect", [("width", "100%"), ("height", "100%"), ("fill", "white")]))
        let clipID = id + "-plot-area"
        document.append(SVGElement("defs", children: [.element(SVGElement("clipPath", [("id", clipID)], children: [
            .element(rect(fill: "none", stroke: nil)),
        ]))]))
        document.append(contentsOf: titles())
        document.append(contentsOf: grid())
        document.append(SVGElement("g", [("clip-path", "url(#\(clipID))"), ("class", "curves")],
                                   children: clipped.map(SVGNode.element)))
        document.append(SVGElement("g", [("class", "points")], children: marks.map(SVGNode.element)))
        document.append(rect(fill: "none", stroke: "#555"))
        if let emptyMessage {
            document.append(ChartText.plain(emptyMessage, x: (left + right) / 2, y: (top + bottom) / 2, fontSize: 14,
                                            anchor: "middle", color: "#777"))
        }
        if let colorScale {
            document.append(colorScale.colorBar(x: right + 22, y: top, height: bottom - top, fontSize: fontSize,
                                                id: id + "-color-bar"))
        }
        if let legendElement { document.append(legendElement) }
        return document.render()
    }

    /// The first corner (in the order of `LegendCorner`) where `legend` hides no data.
    private func emptyCorner(for legend: Legend, points: [ChartPoint], curves: [[ChartPoint]]) -> LegendCorner? {
        let markers = points.compactMap(position)
        let lines = curves.flatMap { densified($0.compactMap(position)) }
        func cost(_ corner: LegendCorner) -> Int {
            let b = legend.box(in: corner, plotLeft: left, plotTop: top, plotRight: right, plotBottom: bottom)
            func inside(_ p: (Double, Double)) -> Bool {
                p.0 >= b.x - 6 && p.0 <= b.x + b.width + 6 && p.1 >= b.y - 6 && p.1 <= b.y + b.height + 6
            }
            return markers.filter(inside).count + lines.filter(inside).count
        }
        return LegendCorner.allCases.first { cost($0) == 0 }
    }

    /// Screen points along a polyline, at most 6 units apart, so a straight line drawn from
    /// two points still counts where it passes.
    private func densified(_ points: [(Double, Double)]) -> [(Double, Double)] {
        guard var previous = points.first else { return [] }
        var out = [previous]
        for p in points.dropFirst() {
            let distance = ((p.0 - previous.0) * (p.0 - previous.0) + (p.1 - previous.1) * (p.1 - previous.1)).squareRoot()
            let steps = min(400, Int(distance / 6))
            if steps > 1 {
                for k in 1..<steps {
                    let t = Double(k) / Double(steps)
                    out.append((previous.0 + t * (p.0 - previous.0), previous.1 + t * (p.1 - previous.1)))
                }
            }
            out.append(p)
            previous = p
        }
        return out
    }

    private func rect(fill: String, stroke: String?) -> SVGElement {
        var attributes = [("x", SVG.number(left)), ("y", SVG.number(top)), ("width", SVG.number(right - left)),
                          ("height", SVG.number(bottom - top)), ("fill", fill)]
        if let stroke { attributes += [("stroke", stroke), ("stroke-width", "1")] }
        return SVGElement("rect", attributes)
    }

    private func titles() -> [SVGElement] {
        var out = [ChartText.plain(title, x: left, y: 24, fontSize: 15, weight: "bold")]
        if let subtitle { out.append(ChartText.plain(subtitle, x: left, y: 42, fontSize: 11.5, color: "#555")) }
        out.append(ChartText.plain(xTitle, x: (left + right) / 2, y: Self.height - 14, fontSize: fontSize, anchor: "middle"))
        out.append(ChartText.rotated(yTitle, x: 14 + fontSize * 0.8, y: (top + bottom) / 2, fontSize: fontSize))
        return out
    }

    /// Grid lines (major darker than minor), tick marks outside the frame, and tick labels;
    /// a label that would overlap the previous one is left out.
    private func grid() -> [SVGElement] {
        var grid = SVGElement("g", [("class", "grid")])
        var labels = SVGElement("g", [("class", "tick-labels")])
        var lastLabelEnd = -Double.infinity
        for tick in x.ticks {
            guard let a = px(tick.value), a >= left - 0.5, a <= right + 0.5 else { continue }
            grid.append(gridLine(x1: a, y1: top, x2: a, y2: bottom, major: tick.isMajor))
            grid.append(tickMark(x1: a, y1: bottom, x2: a, y2: bottom + (tick.isMajor ? 5 : 3)))
            guard let label = tick.label else { continue }
            let half = label.width(fontSize: fontSize) / 2
            // Not over the previous label, nor past the right edge into the colour bar.
            guard a - half > lastLabelEnd + 6, a + half < right + (colorScale == nil ? 18 : 10) else { continue }
            labels.append(ChartText.label(label, x: a, y: bottom + 8 + fontSize, fontSize: fontSize, anchor: "middle"))
            lastLabelEnd = a + half
        }
        var lastLabelTop = Double.infinity
        for tick in y.ticks {
            guard let b = py(tick.value), b >= top - 0.5, b <= bottom + 0.5 else { continue }
            grid.append(gridLine(x1: left, y1: b, x2: right, y2: b, major: tick.isMajor))
            grid.append(tickMark(x1: left - (tick.isMajor ? 5 : 3), y1: b, x2: left, y2: b))
            guard let label = tick.label, b + fontSize / 2 < lastLabelTop - 2 else { continue }
            labels.append(ChartText.label(label, x: left - 8, y: b + fontSize * 0.35, fontSize: fontSize, anchor: "end"))
            lastLabelTop = b - fontSize / 2
        }
        return [grid, labels]
    }

    private func gridLine(x1: Double, y1: Double, x2: Double, y2: Double, major: Bool) -> SVGElement {
        SVGElement("line", [("x1", SVG.number(x1)), ("y1", SVG.number(y1)), ("x2", SVG.number(x2)), ("y2", SVG.number(y2)),
                            ("stroke", major ? "#d9d9d9" : "#efefef"), ("stroke-width", major ? "0.9" : "0.7")])
    }

    private func tickMark(x1: Double, y1: Double, x2: Double, y2: Double) -> SVGElement {
        SVGElement("line", [("x1", SVG.number(x1)), ("y1", SVG.number(y1)), ("x2", SVG.number(x2)), ("y2", SVG.number(y2)),
                            ("stroke", "#555"), ("stroke-width", "0.9")])
    }
}
