/// IsoFLOP profiles (Hoffmann et al. 2022, approach 2): for each compute budget, loss against
/// model size, the runs as points, the fitted parabola in log N as a curve, and the minimum
/// marked. Colour carries the budget.
public struct IsoFLOPChart: Sendable {
    public struct Profile: Sendable {
        public var budget: Double
        /// Runs at this budget, as points (params, loss).
        public var runs: [ChartPoint]
        /// The fitted profile, as points (params, loss).
        public var fit: [ChartPoint]
        /// The profile's minimum (N*, loss), when the fit has one.
        public var minimum: ChartPoint?

        public init(budget: Double, runs: [ChartPoint], fit: [ChartPoint] = [], minimum: ChartPoint? = nil) {
            self.budget = budget
            self.runs = runs
            self.fit = fit
            self.minimum = minimum
        }
    }

    public var profiles: [Profile]
    public var title = "IsoFLOP profiles"
    public var subtitle: String?
    /// Where the legend goes; nil: the corner that hides the fewest marks.
    public var legendCorner: LegendCorner?
    public var id = "isoflop"

    public init(profiles: [Profile]) {
        self.profiles = profiles
    }

    public func svg() -> String {
        let colors = ColorScale(covering: profiles.map(\.budget), logarithmic: true,
                                title: "compute budget C (FLOPs)", format: .powerOfTen)
        let points = profiles.flatMap { $0.runs + ($0.minimum.map { [$0] } ?? []) }
        let frame = PlotFrame(
            title: title, subtitle: subtitle,
            x: LogAxis(covering: points.map(\.x), format: .count),
            y: LinearAxis(covering: points.map(\.y), format: .plain),
            xTitle: "model size N (parameters)", yTitle: "loss L (nats per token)",
            colorScale: colors, id: id)

        let clipped = profiles.map { frame.line($0.fit, color: colors.color(for: $0.budget), width: 1.6) }
        var marks: [SVGElement] = []
        for profile in profiles {
            let color = colors.color(for: profile.budget)
            for p in profile.runs where frame.isInside(p) {
                if let (x, y) = frame.position(p) {
                    marks.append(Marker.circle.element(x: x, y: y, size: 6, fill: color, stroke: "#222", strokeWidth: 0.5))
                }
            }
        }
        // Minima last, on top of every profile's points.
        for profile in profiles {
            guard let m = profile.minimum, frame.isInside(m), let (x, y) = frame.position(m) else { continue }
            marks.append(Marker.diamond.element(x: x, y: y, size: 12, fill: colors.color(for: profile.budget), stroke: "#000",
                                                strokeWidth: 1.4))
        }
        var legend = [LegendEntry("runs (colour: budget)", .marker(.circle, fill: "#8a8a8a", stroke: "#222"))]
        if profiles.contains(where: { !$0.fit.isEmpty }) {
            legend.append(LegendEntry("parabola fit in log N", .line(color: "#8a8a8a", width: 1.6)))
        }
        if profiles.contains(where: { $0.minimum != nil }) {
            legend.append(LegendEntry("minimum: N* at that budget", .marker(.diamond, fill: "#8a8a8a", stroke: "#000")))
        }
        return frame.render(clipped: clipped, marks: marks, legend: legend, legendCorner: legendCorner,
                            points: points, curves: profiles.map(\.fit),
                            emptyMessage: points.isEmpty ? "no IsoFLOP profiles to show" : nil)
    }
}
