/// For a plan at fixed quality: total cost (training + inference) against model size, one
/// curve per inference demand (colour carries the demand), with the Chinchilla-optimal size
/// and the recommended size (least total cost) marked on each curve.
/// Sardana & Frankle, "Beyond Chinchilla-Optimal" (arXiv 2401.00448), Figure 1 in spirit.
public struct PlanCostChart: Sendable {
    public enum CostUnit: Sendable { case usd, flops }

    public struct DemandCurve: Sendable {
        /// Lifetime inference demand, in tokens.
        public var demand: Double
        /// Total cost against model size, as points (params, cost).
        public var points: [ChartPoint]
        public var chinchilla: ChartPoint?
        public var recommended: ChartPoint?

        public init(demand: Double, points: [ChartPoint], chinchilla: ChartPoint? = nil, recommended: ChartPoint? = nil) {
            self.demand = demand
            self.points = points
            self.chinchilla = chinchilla
            self.recommended = recommended
        }
    }

    public var curves: [DemandCurve]
    public var unit: CostUnit
    public var title = "Total cost against model size"
    public var subtitle: String?
    /// Where the legend goes; nil: the corner that hides the fewest marks.
    public var legendCorner: LegendCorner?
    public var id = "plan-cost"

    public init(curves: [DemandCurve], unit: CostUnit) {
        self.curves = curves
        self.unit = unit
    }

    public func svg() -> String {
        let colors = ColorScale(covering: curves.map(\.demand), logarithmic: true,
                                title: "inference demand (tokens)", format: .powerOfTen)
        let marked = curves.flatMap { [$0.chinchilla, $0.recommended].compactMap { $0 } }
        // The y range follows the marked points and the curves near them, so the steep ends
        // of a curve (a tiny model trained for ever) do not flatten the interesting part.
        let ys = marked.map(\.y) + curves.flatMap { curve in
            curve.points.map(\.y).filter { y in marked.isEmpty || y <= 4 * (marked.map(\.y).max() ?? y) }
        }
        let frame = PlotFrame(
            title: title, subtitle: subtitle,
            x: LogAxis(covering: curves.flatMap { $0.points.map(\.x) } + marked.map(\.x), format: .count),
            y: LogAxis(covering: ys, format: unit == .usd ? .usd : .powerOfTen),
            xTitle: "model size N (parameters)",
            yTitle: unit == .usd ? "total cost: training + inference (USD)" : "total compute: training + inference (FLOPs)",
            colorScale: colors, id: id)
        let clipped = curves.map { frame.line($0.points, color: colors.color(for: $0.demand), width: 2) }
        var marks: [SVGElement] = []
        for curve in curves {
            let color = colors.color(for: curve.demand)
            if let c = curve.chinchilla, frame.isInside(c), let (x, y) = frame.position(c) {
                marks.append(Marker.square.element(x: x, y: y, size: 10, fill: "white", stroke: "#000", strokeWidth: 1.6))
            }
            if let r = curve.recommended, frame.isInside(r), let (x, y) = frame.position(r) {
                marks.append(Marker.star.element(x: x, y: y, size: 13, fill: color, stroke: "#000", strokeWidth: 1.1))
            }
        }
        var legend = [LegendEntry("total cost at the target quality", .line(color: "#8a8a8a", width: 2))]
        if curves.contains(where: { $0.recommended != nil }) {
            legend.append(LegendEntry("recommended: least total cost", .marker(.star, fill: "#8a8a8a", stroke: "#000")))
        }
        if curves.contains(where: { $0.chinchilla != nil }) {
            legend.append(LegendEntry("Chinchilla-optimal size", .marker(.square, fill: "white", stroke: "#000")))
        }
        return frame.render(clipped: clipped, marks: marks, legend: legend, legendCorner: legendCorner,
                            points: marked, curves: curves.map(\.points),
                            emptyMessage: curves.isEmpty ? "no cost curves to show" : nil)
    }
}
