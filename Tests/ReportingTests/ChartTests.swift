import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Reporting
import ScalingLaws

/// Every chart is well-formed XML with an `svg` root; marks and labels are where the data
/// says. Set SCALEPLAN_CHART_DIR to also write the sample charts there (to look at them).
@Suite struct ChartTests {
    @Test func sampleChartsAreWellFormedSVG() throws {
        let directory = ProcessInfo.processInfo.environment["SCALEPLAN_CHART_DIR"]
        for (name, svg) in SampleCharts.all {
            let parsed = try SVGSummary(svg)
            #expect(parsed.root == "svg", "\(name)")
            #expect(parsed.count("text") >= 10, "\(name) has too few labels")
            #expect(!printsNonNumber(svg), "\(name) prints a non-number")
            if let directory {
                try svg.write(toFile: directory + "/" + name + ".svg", atomically: true, encoding: .utf8)
            }
        }
    }

    @Test func lossComputeDrawsEveryRunAndRealTickLabels() throws {
        let chart = SampleCharts.lossCompute
        let parsed = try SVGSummary(chart.svg())
        // One circle per run, plus the legend's swatch.
        #expect(parsed.count("circle") == SampleCharts.runs.count + 1)
        // x ticks at 10^18 … 10^22 with raised exponents; the colour bar's gradient.
        for exponent in 18...22 { #expect(parsed.texts.contains("10\(exponent)"), "no tick 10^\(exponent)") }
        #expect(parsed.count("linearGradient") == 1 && parsed.count("stop") == 21)
        #expect(parsed.texts.contains("training compute C (FLOPs)"))
        #expect(parsed.texts.contains("model size N (parameters)"))
        #expect(parsed.texts.contains("compute-optimal frontier"))
    }

    /// A large sweep is charted by a sample of runs evenly spaced in compute, which keeps the
    /// smallest and largest and says so in the subtitle; a small one draws every run.
    @Test func largeSweepsAreThinned() throws {
        let law = ChinchillaLaw(E: 1.8172, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658)
        let runs = (0..<10_000).map { i -> Run in
            let n = 1e7 * pow(1000, Double(i % 100) / 99), d = 1e9 * pow(1000, Double(i / 100) / 99)
            return Run(params: n, tokens: d, loss: law.loss(params: n, tokens: d))
        }
        let chart = FitCharts.residuals(law: law, runs: runs)
        #expect(chart.points.count == FitCharts.plottedRunLimit)
        let computes = chart.points.map(\.compute)
        #expect(computes.min() == runs.map(\.flops).min() && computes.max() == runs.map(\.flops).max())
        #expect(chart.subtitle?.hasPrefix("4000 of 10000 runs, evenly spaced in compute") == true)
        let loss = FitCharts.lossCompute(law: law, samples: [], runs: runs, confidence: 0.9)
        #expect(loss.runs.count == FitCharts.plottedRunLimit && loss.subtitle?.contains("4000 of 10000 runs shown") == true)
        let small = FitCharts.residuals(law: law, runs: Array(runs.prefix(50)))
        #expect(small.points.count == 50 && small.subtitle?.hasPrefix("50 runs;") == true)
        #expect(try SVGSummary(chart.svg()).count("circle") == FitCharts.plottedRunLimit + 1)
    }

    @Test func isoFLOPMarksEachMinimum() throws {
        let chart = SampleCharts.isoFLOP
        let parsed = try SVGSummary(chart.svg())
        // Diamonds are polygons: one per budget plus the legend's.
        #expect(parsed.count("polygon") == chart.profiles.count + 1)
        #expect(parsed.count("path") == chart.profiles.count)
    }

    @Test func planCostMarksBothOptima() throws {
        let chart = SampleCharts.planCost
        let parsed = try SVGSummary(chart.svg())
        // A square (rect) for Chinchilla and a star (polygon) for the recommendation on each
        // curve; rects also include the background, plot frame, clip, legend box and bar.
        #expect(parsed.count("polygon") == chart.curves.count + 1)
        #expect(parsed.texts.contains { $0.hasPrefix("$") }, "cost axis labelled in dollars")
        // The recommendation is never dearer than the Chinchilla-optimal size.
        for curve in chart.curves { #expect(curve.recommended!.y <= curve.chinchilla!.y) }
    }

    /// Labels with XML specials, NaN and infinite values, and empty inputs: still well-formed,
    /// and nothing prints as a number that is not one.
    @Test func awkwardInputsStayWellFormed() throws {
        var chart = LossComputeChart(runs: [
            .init(compute: 1e20, loss: .nan, params: 1e9), .init(compute: -1, loss: 2, params: 1e9),
            .init(compute: 1e21, loss: 2.5, params: .infinity), .init(compute: 2e21, loss: 2.4, params: 2e9),
        ], frontier: [ChartPoint(1e20, .infinity), ChartPoint(1e21, 2.3)])
        chart.title = "R&D <draft> \"v2\" \u{7}"
        let svg = chart.svg()
        let parsed = try SVGSummary(svg)
        #expect(parsed.texts.contains("R&D <draft> \"v2\" "))
        #expect(!printsNonNumber(svg))

        let empties = [LossComputeChart(runs: []).svg(), IsoFLOPChart(profiles: []).svg(), OptimalSizeChart(optima: []).svg(),
                       ResidualChart(points: []).svg(), PlanCostChart(curves: [], unit: .flops).svg(),
                       TokensPerParamChart(recommended: []).svg()]
        for svg in empties {
            let parsed = try SVGSummary(svg)
            #expect(parsed.texts.contains { $0.hasPrefix("no ") && $0.hasSuffix(" to show") })
        }
    }

    /// Degenerate but legal data: one run, one size, one budget, one demand, a huge range.
    /// Set SCALEPLAN_EDGE_CHART_DIR to write them out and look at them.
    @Test func edgeCasesAreWellFormed() throws {
        let directory = ProcessInfo.processInfo.environment["SCALEPLAN_EDGE_CHART_DIR"]
        let charts: [(String, String)] = [
            ("edge-one-run", LossComputeChart(runs: [.init(compute: 3e19, loss: 2.9, params: 4e8)]).svg()),
            ("edge-one-profile", IsoFLOPChart(profiles: [.init(budget: 1e20, runs: [ChartPoint(1e8, 3.0), ChartPoint(3e8, 2.9)],
                                                               minimum: ChartPoint(2e8, 2.88))]).svg()),
            ("edge-wide-range", OptimalSizeChart(optima: [ChartPoint(1e12, 1e5), ChartPoint(1e30, 1e15)]).svg()),
            ("edge-one-demand", PlanCostChart(curves: [.init(demand: 1e12, points: [ChartPoint(1e9, 5e5), ChartPoint(1e10, 2e5),
                                                                                   ChartPoint(1e11, 9e5)],
                                                         recommended: ChartPoint(1e10, 2e5))], unit: .flops).svg()),
            ("edge-negative-residuals", ResidualChart(points: [.init(compute: 1e19, residual: -0.02), .init(compute: 2e19, residual: -0.01)]).svg()),
        ]
        for (name, svg) in charts {
            let parsed = try SVGSummary(svg)
            #expect(parsed.root == "svg", "\(name)")
            #expect(!printsNonNumber(svg), "\(name)")
            if let directory { try svg.write(toFile: directory + "/" + name + ".svg", atomically: true, encoding: .utf8) }
        }
    }

    @Test func xmlEscaping() {
        #expect(XML.escapeText("a<b&c>d") == "a&lt;b&amp;c&gt;d")
        #expect(XML.escapeAttribute("say \"x\"\n") == "say &quot;x&quot;&#10;")
        #expect(XML.escapeText("bell\u{7}tab\t") == "belltab\t")
        #expect(SVG.number(12.5) == "12.5" && SVG.number(300) == "300" && SVG.number(1.005) == "1" && SVG.number(.nan) == "0")
    }
}

/// Whether `svg` shows NaN or an infinity anywhere (a word `nan`/`inf`, or `∞`).
func printsNonNumber(_ svg: String) -> Bool {
    svg.lowercased().contains(/\b(nan|inf|infinity)\b/) || svg.contains("∞")
}

/// What a parsed SVG holds: the root's name, every element name, and every text node.
struct SVGSummary {
    var root = ""
    var elements: [String] = []
    var texts: [String] = []

    func count(_ name: String) -> Int { elements.filter { $0 == name }.count }

    init(_ svg: String) throws {
        let delegate = Delegate()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = delegate
        guard parser.parse() else {
            throw parser.parserError ?? NSError(domain: "SVGSummary", code: 1)
        }
        root = delegate.elements.first ?? ""
        elements = delegate.elements
        texts = delegate.texts
    }

    /// Collects element names, and the text of each `text` element (tspans joined in).
    final class Delegate: NSObject, XMLParserDelegate {
        var elements: [String] = []
        var texts: [String] = []
        private var depthInText = 0
        private var current = ""

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            elements.append(name)
            if name == "text" || name == "title" { depthInText += 1; if depthInText == 1 { current = "" } }
            else if depthInText > 0 { depthInText += 1 }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            guard depthInText > 0 else { return }
            depthInText -= 1
            if depthInText == 0 { texts.append(current) }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if depthInText > 0 { current += string }
        }
    }
}
