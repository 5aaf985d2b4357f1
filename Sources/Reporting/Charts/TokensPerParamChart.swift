/// Recommended training tokens per parameter against inference demand, log-log: the more a
/// model will serve, the smaller and longer-trained it should be (Sardana & Frankle,
/// arXiv 2401.00448). The Chinchilla-optimal ratio is drawn as a reference.
public struct TokensPerParamChart: Sendable {
    /// Recommended ratios, as points (demand in tokens, tokens per parameter).
    public var recommended: [ChartPoint]
    /// An interval around the recommendation (e.g. over the law's bootstrap samples).
    public var band: [IntervalPoint]
    /// The Chinchilla-optimal ratio at the same quality, as points (demand, ratio).
    public var chinchilla: [ChartPoint]
    public var title = "Recommended tokens per parameter"
    public var subtitle: String?
    public var bandLabel = "90% interval"
    /// Where the legend goes; nil: the corner that hides the fewest marks.
    public var legendCorner: LegendCorner?
    public var id = "tokens-per-param"

    public init(recommended: [ChartPoint], band: [IntervalPoint] = [], chinchilla: [ChartPoint] = []) {
        self.recommended = recommended
        self.band = band
        self.chinchilla = chinchilla
    }

    static let color = "#21918c"  // viridis at 0.5

    public func svg() -> String {
        let xs = recommended.map(\.x) + chinchilla.map(\.x) + band.map(\.x)
        let ys = recommended.map(\.y) + chinchilla.map(\.y) + band.flatMap { [$0.low, $0.high] }
        let frame = PlotFrame(
            title: title, subtitle: subtitle,
            x: LogAxis(covering: xs), y: LogAxis(covering: ys, format: .plain),
            xTitle: "inference demand over the model's life (tokens)", yTitle: "training tokens per parameter D/N",
            id: id)
        var clipped: [SVGElement] = []
        if !band.isEmpty {
            clipped.append(frame.band(x: band.map(\.x), low: band.map(\.low), high: band.map(\.high), color: Self.color, opacity: 0.2))
        }
        if !chinchilla.isEmpty { clipped.append(frame.line(chinchilla, color: "#444", width: 1.6, dash: "6 4")) }
        clipped.append(frame.line(recommended, color: Self.color, width: 2.4))
        let marks = recommended.filter(frame.isInside).compactMap(frame.position).map { x, y in
            Marker.circle.element(x: x, y: y, size: 7, fill: Self.color, stroke: "#000", strokeWidth: 0.7)
        }
        var legend = [LegendEntry("recommended (least total cost)", .marker(.circle, fill: Self.color, stroke: "#000"))]
        if !band.isEmpty { legend.append(LegendEntry(bandLabel, .band(color: Self.color, opacity: 0.2))) }
        if !chinchilla.isEmpty { legend.append(LegendEntry("Chinchilla-optimal", .line(color: "#444", width: 1.6, dash: "6 4"))) }
        return frame.render(clipped: clipped, marks: marks, legend: legend, legendCorner: legendCorner,
                            points: recommended, curves: [chinchilla, band.map { ChartPoint($0.x, $0.low) }, band.map { ChartPoint($0.x, $0.high) }],
                            emptyMessage: recommended.isEmpty ? "no recommendations to show" : nil)
    }
}
