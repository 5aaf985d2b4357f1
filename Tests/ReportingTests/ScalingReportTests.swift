import Foundation
import Planning
@testable import Reporting
import ScalingLaws
import Testing

/// The pieces of `scaleplan report` below the command: chart data from a law, the plan at
/// several demands, and the document's sections.
struct ScalingReportTests {
    /// Epoch AI's replication of Chinchilla (Besiroglu et al. 2024).
    static let epoch = ChinchillaLaw(E: 1.8172, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658)

    @Test func centralIntervalIsNumpysPercentile() {
        // numpy: np.percentile(np.arange(1, 11), [5, 95]) == [1.45, 9.55]
        let (lo, hi) = FitCharts.centralInterval((1...10).map(Double.init).shuffled(), 0.9)
        #expect(abs(lo - 1.45) < 1e-12 && abs(hi - 9.55) < 1e-12)
    }

    @Test func frontierIsTheClosedFormOptimum() throws {
        // Hoffmann et al. eq. 4 by hand in Python: G = (αA/(βB))^(1/(α+β)), N* = G (C/6)^(β/(α+β)),
        // D* = (C/6)^(α/(α+β))/G; at C = 1e21, L(N*, D*) = 2.305528571261457.
        let chart = FitCharts.lossCompute(law: Self.epoch, samples: [], runs: [], confidence: 0.9, extendTo: 1e21)
        #expect(abs(FitCharts.frontierLoss(Self.epoch, 1e21) - 2.305528571261457) < 1e-9)
        #expect(!chart.frontier.isEmpty && chart.frontier.allSatisfy { $0.y == FitCharts.frontierLoss(Self.epoch, $0.x) })
        #expect(chart.frontierBand.isEmpty)
    }

    @Test func representativeSizesAreSizesThatWereRun() {
        let sizes = (0..<20).map { 1e8 * pow(1.5, Double($0)) }
        let chosen = FitCharts.representativeSizes(sizes + sizes, count: 6)
        #expect(chosen.count == 6 && chosen.allSatisfy(sizes.contains))
        #expect(chosen.first == sizes.first && chosen.last == sizes.last)
    }

    @Test func planAtSeveralDemands() throws {
        let report = PlanReport(planner: Planner(law: Self.epoch, costModel: CostModel(demand: .none)),
                                target: .qualityOf(params: 70e9), demands: [0, 1e12, 1e13])
        let plans = try report.plans()
        #expect(plans.map(\.demand.tokens) == [0, 1e12, 1e13])
        // With no inference the recommendation is the Chinchilla-optimal 70B model itself; with
        // more demand, smaller (Sardana & Frankle 2024).
        #expect(abs(plans[0].recommended.params / 70e9 - 1) < 1e-6)
        #expect(plans[1].recommended.params < plans[0].recommended.params && plans[2].recommended.params < plans[1].recommended.params)
        // Python (scipy brentq on d(6ND + 2N·D_inf)/d log N along Chinchilla-70B's loss under
        // Epoch's law): N = 54960594553.30 at 1e12 tokens, 32765108357.86 at 1e13.
        #expect(abs(plans[1].recommended.params / 54960594553.29586 - 1) < 1e-8)
        #expect(abs(plans[2].recommended.params / 32765108357.86037 - 1) < 1e-8)
        let table = PlanReport.table(plans)
        #expect(table.rows.count == 3 && table.columns[0].key == "inference_tokens")
        // The cost chart skips demand 0 (a log colour scale) and marks each curve's minimum,
        // which no point of its curve undercuts.
        let chart = report.costChart(plans)
        #expect(chart.curves.count == 2)
        for curve in chart.curves {
            let best = try #require(curve.recommended)
            #expect(curve.points.allSatisfy { $0.y >= best.y * (1 - 1e-9) })
        }
    }

    @Test func documentFromALaw() throws {
        var report = ScalingReport(law: Self.epoch, lawSource: "the preset `epoch2024`")
        report.plan = PlanReport(planner: Planner(law: Self.epoch, costModel: CostModel(demand: .none)),
                                 target: .qualityOf(params: 70e9), demands: [0, 1e13])
        let doc = try report.document()
        let headings = doc.sections.compactMap { if case let .heading(text, _) = $0 { return text } else { return nil } }
        #expect(headings == ["The law", "Planning for inference"])
        let figures = doc.sections.compactMap { if case let .figure(name, _, _) = $0 { return name } else { return nil } }
        #expect(figures == ["plan-cost.svg", "tokens-per-param.svg"])
    }

    @Test func htmlParagraphsRenderCodeAndBold() {
        #expect(ReportDocument.inlineMarkup("run `a<b` **now**") == "run <code>a&lt;b</code> <strong>now</strong>")
    }
}
