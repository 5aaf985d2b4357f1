/// The compute-optimal model size against compute, log-log: N*(C) from each IsoFLOP profile
/// as points, and the fitted power law N* = k·C^a as a line. (With `quantity` set to tokens,
/// the same chart shows D*(C).)
public struct OptimalSizeChart: Sendable {
    public enum Quantity: Sendable { case params, tokens }

    /// Optimal sizes found per budget, as points (compute, N*).
    public var optima: [ChartPoint]
    /// The fitted line, as points (compute, N*).
    public var fit: [ChartPoint]
    /// What the fitted line says, e.g. "fit: N* ∝ C^0.50".
    public var fitLabel: String
    public var quantity = Quantity.params
    public var title = "Compute-optimal model size"
    public var subtitle: String?
    /// Where the legend goes; nil: the corner that hides the fewest marks.
    public var legendCorner: LegendCorner?
    public var id = "optimal-size"

    public init(optima: [ChartPoint], fit: [ChartPoint] = [], fitLabel: String = "power-law fit") {
        self.optima = optima
        self.fit = fit
        self.fitLabel = fitLabel
    }

    static let color = "#3b528b"  // viridis at 0.25

    public func svg() -> String {
        let yTitle = quantity == .params ? "compute-optimal model size N* (parameters)" : "compute-optimal data D* (tokens)"
        let frame = PlotFrame(
            title: title, subtitle: subtitle,
            x: LogAxis(covering: optima.map(\.x) + fit.map(\.x)),
            y: LogAxis(covering: optima.map(\.y) + fit.map(\.y), format: .count),
            xTitle: "training compute C (FLOPs)", yTitle: yTitle, id: id)
        let clipped = fit.isEmpty ? [] : [frame.line(fit, color: LossComputeChart.frontierColor, width: 2.2)]
        let marks = optima.filter(frame.isInside).compactMap(frame.position).map { x, y in
            Marker.diamond.element(x: x, y: y, size: 11, fill: Self.color, stroke: "#000", strokeWidth: 1)
        }
        var legend = [LegendEntry(quantity == .params ? "N* of an IsoFLOP profile" : "D* of an IsoFLOP profile",
                                  .marker(.diamond, fill: Self.color, stroke: "#000"))]
        if !fit.isEmpty { legend.append(LegendEntry(fitLabel, .line(color: LossComputeChart.frontierColor, width: 2.2))) }
        return frame.render(clipped: clipped, marks: marks, legend: legend, legendCorner: legendCorner,
                            points: optima, curves: [fit],
                            emptyMessage: optima.isEmpty ? "no optima to show" : nil)
    }
}
