import Foundation

/// A sequential colour scale where colour carries a number (model size, compute budget,
/// inference demand), drawn next to the plot as a colour bar with labelled ticks.
///
/// Colours are viridis (van der Walt & Smith, matplotlib 2015): perceptually uniform, readable
/// in grey and by the common forms of colour blindness. The lightest tenth (pale yellow) is
/// left out so every mark stands out on a white background.
public struct ColorScale: Sendable {
    public let lower: Double
    public let upper: Double
    public let isLogarithmic: Bool
    /// The colour bar's title, with units: "model size N (parameters)".
    public var title: String
    public var format: TickFormat

    /// viridis at 0, 0.1, …, 1 (matplotlib's `viridis(np.linspace(0, 1, 11))`, as in d3's
    /// `schemeViridis`); colours between are interpolated in sRGB, close enough at this density.
    static let viridis: [(Double, Double, Double)] = [
        (0x44, 0x01, 0x54), (0x48, 0x24, 0x75), (0x41, 0x44, 0x87), (0x35, 0x5f, 0x8d),
        (0x2a, 0x78, 0x8e), (0x21, 0x91, 0x8c), (0x22, 0xa8, 0x84), (0x44, 0xbf, 0x70),
        (0x7a, 0xd1, 0x51), (0xbd, 0xdf, 0x26), (0xfd, 0xe7, 0x25),
    ]
    /// The part of viridis used: dark purple to green-yellow.
    static let usedRange = 0.0...0.9

    /// A scale spanning the finite (and, when logarithmic, positive) `values`.
    public init(covering values: [Double], logarithmic: Bool, title: String, format: TickFormat) {
        let usable = values.filter { $0.isFinite && (!logarithmic || $0 > 0) }
        var lo = usable.min() ?? 1, hi = usable.max() ?? 10
        if hi <= lo { (lo, hi) = logarithmic ? (lo / 2, lo * 2) : (lo - 1, lo + 1) }
        self.lower = lo
        self.upper = hi
        self.isLogarithmic = logarithmic
        self.title = title
        self.format = format
    }

    /// Position of `value` in the scale, clamped to [0, 1].
    public func position(of value: Double) -> Double {
        guard value.isFinite, !isLogarithmic || value > 0 else { return 0 }
        let t = isLogarithmic ? (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
                              : (value - lower) / (upper - lower)
        return min(1, max(0, t))
    }

    /// The colour for `value`, as `#rrggbb`.
    public func color(for value: Double) -> String {
        Self.viridisColor(at: Self.usedRange.lowerBound + position(of: value) * (Self.usedRange.upperBound - Self.usedRange.lowerBound))
    }

    static func viridisColor(at t: Double) -> String {
        let x = min(1, max(0, t)) * Double(viridis.count - 1)
        let i = min(Int(x), viridis.count - 2)
        let f = x - Double(i)
        let (a, b) = (viridis[i], viridis[i + 1])
        func mix(_ p: Double, _ q: Double) -> Int { Int((p + (q - p) * f).rounded()) }
        return String(format: "#%02x%02x%02x", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    /// The axis along the colour bar (no padding: the bar's ends are the data's ends).
    var axis: any ChartAxis {
        if isLogarithmic { return LogAxis(lower: lower, upper: upper, format: format) }
        return LinearAxis(covering: [lower, upper], format: format)
    }

    /// Horizontal room the colour bar takes (bar, labels, title).
    func barWidth(fontSize: Double) -> Double {
        let labels = axis.ticks.compactMap { $0.label?.width(fontSize: fontSize) }.max() ?? 0
        return 14 + 6 + labels + 10 + fontSize * 1.3
    }

    /// A vertical colour bar with its top-left corner at (`x`, `y`), `height` tall: the
    /// gradient, tick marks and labels on its right, and the title turned up along it.
    func colorBar(x: Double, y: Double, height: Double, fontSize: Double, id: String) -> SVGElement {
        let barWidth = 14.0
        var group = SVGElement("g", [("class", "color-bar")])
        var gradient = SVGElement("linearGradient", [("id", id), ("x1", "0"), ("y1", "1"), ("x2", "0"), ("y2", "0")])
        for step in 0...20 {
            let t = Double(step) / 20
            let u = Self.usedRange.lowerBound + t * (Self.usedRange.upperBound - Self.usedRange.lowerBound)
            gradient.append(SVGElement("stop", [("offset", SVG.number(t)), ("stop-color", Self.viridisColor(at: u))]))
        }
        group.append(SVGElement("defs", children: [.element(gradient)]))
        group.append(SVGElement("rect", [
            ("x", SVG.number(x)), ("y", SVG.number(y)), ("width", SVG.number(barWidth)), ("height", SVG.number(height)),
            ("fill", "url(#\(id))"), ("stroke", "#444"), ("stroke-width", "0.8"),
        ]))
        let axis = self.axis
        var labelWidth = 0.0
        for tick in axis.ticks {
            // The bar's axis is exact (no padding), so `fraction` is the position on the bar.
            guard let f = axis.fraction(of: tick.value), f >= -1e-9, f <= 1 + 1e-9 else { continue }
            let ty = y + height * (1 - f)
            let length = tick.isMajor ? 5.0 : 3.0
            group.append(SVGElement("line", [
                ("x1", SVG.number(x + barWidth)), ("y1", SVG.number(ty)),
                ("x2", SVG.number(x + barWidth + length)), ("y2", SVG.number(ty)),
                ("stroke", "#444"), ("stroke-width", "0.8"),
            ]))
            if let label = tick.label {
                group.append(ChartText.label(label, x: x + barWidth + 7, y: ty + fontSize * 0.35, fontSize: fontSize, anchor: "start"))
                labelWidth = max(labelWidth, label.width(fontSize: fontSize))
            }
        }
        let titleX = x + barWidth + 7 + labelWidth + 8 + fontSize * 0.8
        group.append(ChartText.rotated(title, x: titleX, y: y + height / 2, fontSize: fontSize))
        return group
    }
}
