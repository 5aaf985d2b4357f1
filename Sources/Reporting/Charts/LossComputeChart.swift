/// Loss against training compute, log-log: the runs as points coloured by model size, the
/// fitted law as one curve per model size (iso-N curves L(N, C/6N)), and the compute-optimal
/// frontier L(N*(C), D*(C)), with its interval band when the law was bootstrapped.
public struct LossComputeChart: Sendable {
    public struct Run: Sendable {
        public var compute: Double
        public var loss: Double
        public var params: Double
        public init(compute: Double, loss: Double, params: Double) {
            self.compute = compute
            self.loss = loss
            self.params = params
        }
    }

    /// The fitted law at one model size, as points (compute, loss).
    public struct SizeCurve: Sendable {
        public var params: Double
        public var points: [ChartPoint]
        public init(params: Double, points: [ChartPoint]) {
            self.params = params
            self.points = points
        }
    }

    public var runs: [Run]
    public var curves: [SizeCurve]
    /// The compute-optimal frontier, as points (compute, loss).
    public var frontier: [ChartPoint]
    /// An interval around the frontier (e.g. 90% over bootstrap samples); empty for none.
    public var frontierBand: [IntervalPoint]
    public var title = "Loss against training compute"
    public var subtitle: String?
    public var bandLabel = "90% interval"
    /// Where the legend goes; nil: the corner that hides the fewest marks.
    public var legendCorner: LegendCorner?
    public var id = "loss-compute"
    /// The y axis's title (a downstream chart plots a metric).
    public var yTitle = "loss L (nats per token)"

    public init(runs: [Run], curves: [SizeCurve] = [], frontier: [ChartPoint] = [], frontierBand: [IntervalPoint] = []) {
        self.runs = runs
        self.curves = curves
        self.frontier = frontier
        self.frontierBand = frontierBand
    }

    static let frontierColor = "#d62728"

    public func svg() -> String {
        let colors = ColorScale(covering: runs.map(\.params) + curves.map(\.params), logarithmic: true,
                                title: "model size N (parameters)", format: .count)
        let frame = PlotFrame(
            title: title, subtitle: subtitle,
            x: LogAxis(covering: runs.map(\.compute) + frontier.map(\.x)),
            y: LogAxis(covering: runs.map(\.loss) + frontier.map(\.y), format: .plain),
            xTitle: "training compute C (FLOPs)", yTitle: yTitle,
            colorScale: colors, id: id)

        var clipped: [SVGElement] = []
        if !frontierBand.isEmpty {
            clipped.append(frame.band(x: frontierBand.map(\.x), low: frontierBand.map(\.low), high: frontierBand.map(\.high),
                                      color: Self.frontierColor, opacity: 0.18))
        }
        for curve in curves {
            clipped.append(frame.line(curve.points, color: colors.color(for: curve.params), width: 1.3, opacity: 0.85))
        }
        if !frontier.isEmpty { clipped.append(frame.line(frontier, color: Self.frontierColor, width: 2.6)) }

        // Largest models last, so the points the frontier is judged by are on top.
        let marks = runs.sorted { $0.params < $1.params }.compactMap { run -> SVGElement? in
            let p = ChartPoint(run.compute, run.loss)
            guard frame.isInside(p), let (x, y) = frame.position(p) else { return nil }
            return Marker.circle.element(x: x, y: y, size: 6.5, fill: colors.color(for: run.params), stroke: "#222", strokeWidth: 0.5)
        }

        var legend = [LegendEntry("runs (colour: model size)", .marker(.circle, fill: "#8a8a8a", stroke: "#222"))]
        if !curves.isEmpty { legend.append(LegendEntry("fitted law at fixed N", .line(color: "#8a8a8a", width: 1.3))) }
        if !frontier.isEmpty { legend.append(LegendEntry("compute-optimal frontier", .line(color: Self.frontierColor, width: 2.6))) }
        if !frontierBand.isEmpty { legend.append(LegendEntry(bandLabel, .band(color: Self.frontierColor, opacity: 0.18))) }
        return frame.render(clipped: clipped, marks: marks, legend: legend, legendCorner: legendCorner,
                            points: runs.map { ChartPoint($0.compute, $0.loss) },
                            curves: curves.map(\.points) + [frontier, frontierBand.map { ChartPoint($0.x, $0.low) }, frontierBand.map { ChartPoint($0.x, $0.high) }],
                            emptyMessage: runs.isEmpty && frontier.isEmpty ? "no runs to show" : nil)
    }
}

/// An interval [low, high] at one x (a band around a curve).
public struct IntervalPoint: Sendable, Equatable {
    public var x: Double
    public var low: Double
    public var high: Double
    public init(x: Double, low: Double, high: Double) {
        self.x = x
        self.low = low
        self.high = high
    }
}
