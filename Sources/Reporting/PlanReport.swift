import Foundation
import Planning
import ScalingLaws

/// The planning part of a report: one quality target planned at several inference demands
/// (Sardana & Frankle, arXiv 2401.00448), as a table and two charts.
public struct PlanReport: Sendable {
    /// The planner for the first demand; each demand re-prices its cost model (`serving`).
    public var planner: Planner
    public var target: PlanTarget
    /// Lifetime inference demands (tokens) to plan for, in the table's order.
    public var demands: [Double]
    /// The law's bootstrap samples (intervals in the table and a band in the chart).
    public var samples: [ChinchillaLaw]
    public var confidence: Double

    public init(planner: Planner, target: PlanTarget, demands: [Double], samples: [ChinchillaLaw] = [], confidence: Double = 0.9) {
        self.planner = planner; self.target = target; self.demands = demands
        self.samples = samples; self.confidence = confidence
    }

    /// The planner serving `tokens` of demand, with the request shape of the base demand
    /// (by default all output tokens, as `--inference-tokens` means).
    func planner(serving tokens: Double) -> Planner {
        var p = planner
        let shape = planner.costModel.demand
        let demand = shape.tokens > 0 ? shape.scaled(by: tokens / shape.tokens) : InferenceDemand(tokens: tokens)
        p.costModel = planner.costModel.serving(demand)
        return p
    }

    /// A plan per demand (with intervals when there are samples).
    public func plans() throws -> [Plan] {
        try demands.map { try planner(serving: $0).plan(target, samples: samples, confidence: confidence) }
    }

    /// One row per demand: the recommendation, the Chinchilla-optimal size and the saving.
    public static func table(_ plans: [Plan]) -> Table {
        var table = Table(sweep: plans.map { (vary: [(name: "inference tokens", value: $0.demand.tokens)], plan: $0) })
        table.columns[0] = Table.Column("inference tokens", key: "inference_tokens")
        table.rows = zip(table.rows, plans).map { row, plan in [.number(plan.demand.tokens, .count)] + row.dropFirst() }
        if let first = plans.first {
            table.notes = ["target loss \(NumberFormatting.decimal(first.targetLoss, significant: 5)); objective: \(first.objective.rawValue)"]
        }
        return table
    }

    /// Total cost (dollars when priced, else FLOPs) against model size at each positive
    /// demand, over the models of the target quality: for each N, the tokens D that reach
    /// the loss (`IsoLossCurve`), priced by the demand's cost model.
    public func costChart(_ plans: [Plan]) -> PlanCostChart {
        let priced = planner.costModel.isPriced
        let total = { (b: CostBreakdown) -> Double in priced ? (b.totalUSD ?? .nan) : b.totalFLOPs }
        let curves = plans.filter { $0.demand.tokens > 0 }.compactMap { plan -> PlanCostChart.DemandCurve? in
            guard let curve = try? IsoLossCurve(law: planner.law, loss: plan.targetLoss) else { return nil }
            let model = planner.costModel.serving(plan.demand)
            let lo = min(plan.recommended.params, plan.chinchilla.params) / 8
            let hi = max(plan.recommended.params, plan.chinchilla.params) * 4
            let points = FitCharts.logSpaced(lo, hi, 80).compactMap { n -> ChartPoint? in
                guard let t = try? curve.t(params: n) else { return nil }
                let y = total(model.breakdown(params: n, tokens: curve.tokens(t)))
                return y.isFinite ? ChartPoint(n, y) : nil
            }
            return PlanCostChart.DemandCurve(
                demand: plan.demand.tokens, points: points,
                chinchilla: ChartPoint(plan.chinchilla.params, total(plan.chinchilla.costs)),
                recommended: ChartPoint(plan.recommended.params, total(plan.recommended.costs)))
        }
        var chart = PlanCostChart(curves: curves, unit: priced ? .usd : .flops)
        if let l = plans.first?.targetLoss {
            chart.subtitle = "every model on a curve reaches loss \(NumberFormatting.decimal(l, significant: 4))"
        }
        return chart
    }

    /// Recommended tokens per parameter against demand, over `demandGrid` (log-spaced), with
    /// the Chinchilla-optimal ratio of the same quality and the samples' interval.
    public func tokensPerParamChart(demandGrid: [Double]) throws -> TokensPerParamChart {
        let plans = try demandGrid.map { try planner(serving: $0).plan(target, samples: samples, confidence: confidence) }
        let band = plans.compactMap { p in p.intervals["tokens_per_param"].map { IntervalPoint(x: p.demand.tokens, low: $0.low, high: $0.high) } }
        var chart = TokensPerParamChart(recommended: plans.map { ChartPoint($0.demand.tokens, $0.recommended.tokensPerParam) },
                                        band: band.count == plans.count ? band : [],
                                        chinchilla: plans.map { ChartPoint($0.demand.tokens, $0.chinchilla.tokensPerParam) })
        chart.bandLabel = "\(FitCharts.percent(confidence)) interval (bootstrap)"
        if let l = plans.first?.targetLoss {
            chart.subtitle = "at loss \(NumberFormatting.decimal(l, significant: 4)); objective: \(planner.objective.rawValue)"
        }
        return chart
    }
}
