/// Residuals against compute (log x, linear y) with the zero line: is the law bending away
/// from the runs at the largest scale? Points may be coloured by model size, and held-out
/// runs (not used in the fit) are drawn hollow.
public struct ResidualChart: Sendable {
    public struct Point: Sendable {
        public var compute: Double
        public var residual: Double
        public var params: Double?
        public var heldOut: Bool
        public init(compute: Double, residual: Double, params: Double? = nil, heldOut: Bool = false) {
            self.compute = compute
            self.residual = residual
            self.params = params
            self.heldOut = heldOut
        }
    }

    public var points: [Point]
    public var title = "Residuals against compute"
    public var subtitle: String?
    /// What a residual is; the default is the fitting engine's (log space, ≈ relative error).
    public var yTitle = "residual: log L observed − log L fitted"
    public var yFormat = TickFormat.plain
    /// Where the legend goes; nil: the corner that hides the fewest marks.
    public var legendCorner: LegendCorner?
    public var id = "residuals"

    public init(points: [Point]) {
        self.points = points
    }

    public func svg() -> String {
        let sizes = points.compactMap(\.params)
        let colors = sizes.isEmpty ? nil : ColorScale(covering: sizes, logarithmic: true,
                                                      title: "model size N (parameters)", format: .count)
        let frame = PlotFrame(
            title: title, subtitle: subtitle,
            x: LogAxis(covering: points.map(\.compute)),
            y: LinearAxis(covering: points.map(\.residual), includeZero: true, format: yFormat),
            xTitle: "training compute C (FLOPs)", yTitle: yTitle, colorScale: colors, id: id)
        let computes = points.map(\.compute).filter { $0.isFinite && $0 > 0 }
        var clipped: [SVGElement] = []
        if let lo = computes.min(), let hi = computes.max() {
            clipped.append(frame.line([ChartPoint(lo / 10, 0), ChartPoint(hi * 10, 0)], color: "#222", width: 1.2))
        }
        let marks = points.compactMap { point -> SVGElement? in
            let p = ChartPoint(point.compute, point.residual)
            guard frame.isInside(p), let (x, y) = frame.position(p) else { return nil }
            let color = point.params.flatMap { colors?.color(for: $0) } ?? OptimalSizeChart.color
            return point.heldOut
                ? Marker.circle.element(x: x, y: y, size: 8, fill: "white", stroke: color, strokeWidth: 2)
                : Marker.circle.element(x: x, y: y, size: 6.5, fill: color, stroke: "#222", strokeWidth: 0.5)
        }
        var legend = [LegendEntry(colors == nil ? "run" : "run (colour: model size)",
                                  .marker(.circle, fill: "#8a8a8a", stroke: "#222"))]
        if points.contains(where: \.heldOut) {
            legend.append(LegendEntry("held out (not fitted)", .marker(.circle, fill: "white", stroke: "#555")))
        }
        legend.append(LegendEntry("zero: the law fits exactly", .line(color: "#222", width: 1.2)))
        return frame.render(clipped: clipped, marks: marks, legend: legend, legendCorner: legendCorner,
                            points: points.map { ChartPoint($0.compute, $0.residual) },
                            emptyMessage: points.isEmpty ? "no residuals to show" : nil)
    }
}
