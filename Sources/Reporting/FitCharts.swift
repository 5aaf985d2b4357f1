import Foundation
import Fitting
import ScalingLaws

/// The charts of a fitted Chinchilla law, built from the law, its bootstrap samples and the
/// runs it was fitted to. The charts themselves (`LossComputeChart`, …) know nothing of the
/// fitting engine; this is where its results become points.
public enum FitCharts {
    /// Loss against compute: the runs, the law at a few model sizes spanning the runs'
    /// (iso-N curves L(N, C/6N)), and the compute-optimal frontier L(N*(C), D*(C)) from the
    /// smallest run's compute to `extendTo` (e.g. 10× the largest budget). With samples, the
    /// band holds the central `confidence` of the samples' frontier losses at each C.
    public static func lossCompute(law: ChinchillaLaw, samples: [ChinchillaLaw], runs: [Run],
                                   confidence: Double, extendTo: Double? = nil) -> LossComputeChart {
        let computes = runs.map(\.flops)
        let low = (computes.min() ?? 1e18) / 2
        let high = max(extendTo ?? 0, (computes.max() ?? 1e22) * 2)
        let grid = logSpaced(low, high, 80)
        let sizes = representativeSizes(runs.map(\.params), count: 6)
        // A curve only where the model sees at least one token per parameter: below that no
        // run is trained, and L(N, D) is far above every point.
        let curves = sizes.map { n in
            LossComputeChart.SizeCurve(params: n, points: grid.filter { $0 / (6 * n) >= n }.map {
                ChartPoint($0, law.loss(params: n, tokens: $0 / (6 * n)))
            })
        }
        let frontier = grid.map { ChartPoint($0, frontierLoss(law, $0)) }
        let band: [IntervalPoint] = samples.count < 10 ? [] : grid.map { c in
            let losses = samples.map { frontierLoss($0, c) }.filter(\.isFinite)
            let (lo, hi) = centralInterval(losses, confidence)
            return IntervalPoint(x: c, low: lo, high: hi)
        }
        let shown = thinned(runs)
        var chart = LossComputeChart(runs: shown.map { .init(compute: $0.flops, loss: $0.loss, params: $0.params) },
                                     curves: curves, frontier: frontier, frontierBand: band)
        chart.bandLabel = "\(percent(confidence)) interval (bootstrap)"
        chart.subtitle = "L = \(lawText(law))" + shownNote(shown.count, of: runs.count)
        return chart
    }

    /// A downstream metric against compute: the runs' metric (column `metric`) as points, and the
    /// chain's prediction for the compute-optimal model, M(L(N*(C), D*(C))), with its interval
    /// band pairing the law's bootstrap samples with the link's (cycled, as many as the larger).
    public static func downstream(law: ChinchillaLaw, samples: [ChinchillaLaw], link: DownstreamLink,
                                  linkSamples: [DownstreamLink], metric: String, runs: [Run], confidence: Double) -> LossComputeChart {
        let points = runs.compactMap { run -> LossComputeChart.Run? in
            guard let text = run.tags[metric], let m = Double(text.trimmingCharacters(in: .whitespaces)), m > 0 else { return nil }
            return .init(compute: run.flops, loss: m, params: run.params)
        }
        let computes = runs.map(\.flops)
        let grid = logSpaced((computes.min() ?? 1e18) / 2, (computes.max() ?? 1e22) * 20, 80)
        let frontier = grid.map { ChartPoint($0, link.metric(loss: frontierLoss(law, $0))) }
        let draws = max(samples.count, linkSamples.count)
        let band: [IntervalPoint] = draws < 10 ? [] : grid.map { c in
            let values = (0..<draws).map { i -> Double in
                let l = samples.isEmpty ? frontierLoss(law, c) : frontierLoss(samples[i % samples.count], c)
                return (linkSamples.isEmpty ? link : linkSamples[i % linkSamples.count]).metric(loss: l)
            }.filter(\.isFinite)
            let (lo, hi) = centralInterval(values, confidence)
            return IntervalPoint(x: c, low: lo, high: hi)
        }
        var chart = LossComputeChart(runs: points, frontier: frontier.filter { $0.y > 0 },
                                     frontierBand: band.filter { $0.low > 0 })
        chart.title = "\(metric) against training compute"
        chart.subtitle = "\(link.kind.formula.replacingOccurrences(of: "M(L)", with: metric + "(L)")) through L = \(lawText(law)) at the compute-optimal size"
        chart.yTitle = metric
        chart.bandLabel = "\(percent(confidence)) interval (both files' bootstrap)"
        chart.id = "downstream"
        return chart
    }

    /// Residuals log L(observed) − log L(fitted) against compute, coloured by model size.
    public static func residuals(law: ChinchillaLaw, runs: [Run]) -> ResidualChart {
        let shown = thinned(runs)
        var chart = ResidualChart(points: shown.map {
            ResidualChart.Point(compute: $0.flops, residual: log($0.loss) - log(law.loss(params: $0.params, tokens: $0.tokens)),
                                params: $0.params)
        })
        chart.subtitle = (shown.count == runs.count ? "\(runs.count) runs" : "\(shown.count) of \(runs.count) runs, evenly spaced in compute")
            + "; a trend at the right-hand end means the law bends away at scale"
        return chart
    }

    /// IsoFLOP profiles from an IsoFLOP fit (Hoffmann et al.'s approach 2): each budget's runs,
    /// its parabola L = L* + c₂·(ln N − ln N*)², and its minimum. A run belongs to the profile
    /// whose budget is within 5% of its compute (the grouping the fit uses).
    public static func isoflop(_ profiles: [IsoFLOPProfile], runs: [Run]) -> IsoFLOPChart {
        // Beyond a dozen budgets the parabolas overlap into a smear: chart a dozen, evenly
        // spaced in budget order (the fit and the N* chart use them all).
        let limit = 12
        let drawn = profiles.count <= limit ? profiles
            : (0..<limit).map { profiles[$0 * (profiles.count - 1) / (limit - 1)] }
        let charted = drawn.map { profile -> IsoFLOPChart.Profile in
            let members = runs.filter { abs(log($0.flops / profile.flops)) <= log(1.05) }
            let sizes = members.map(\.params) + [profile.optimalParams]
            let grid = logSpaced(sizes.min()! / 1.2, sizes.max()! * 1.2, 60)
            let parabola = grid.map { n -> ChartPoint in
                let x = log(n / profile.optimalParams)
                return ChartPoint(n, profile.optimalLoss + profile.curvature * x * x)
            }
            return IsoFLOPChart.Profile(budget: profile.flops, runs: thinned(members, limit: 200).map { ChartPoint($0.params, $0.loss) },
                                        fit: parabola, minimum: ChartPoint(profile.optimalParams, profile.optimalLoss))
        }
        var chart = IsoFLOPChart(profiles: charted)
        chart.subtitle = (drawn.count == profiles.count ? "\(profiles.count) budgets" : "\(drawn.count) of \(profiles.count) budgets")
            + "; the diamonds are each budget's best model size"
        return chart
    }

    /// N* per IsoFLOP budget and the fitted line N* = k·C^a; with `law`, also the parametric
    /// fit's N*(C) for comparison (drawn as the line when there is no IsoFLOP regression).
    public static func optimalSize(_ profiles: [IsoFLOPProfile], exponent a: Double, coefficient k: Double) -> OptimalSizeChart {
        let flops = profiles.map(\.flops)
        let grid = logSpaced((flops.min() ?? 1e18) / 2, (flops.max() ?? 1e22) * 2, 40)
        var chart = OptimalSizeChart(optima: profiles.map { ChartPoint($0.flops, $0.optimalParams) },
                                     fit: grid.map { ChartPoint($0, k * pow($0, a)) },
                                     fitLabel: "fit: N* ∝ C^\(NumberFormatting.decimal(a, significant: 3))")
        chart.subtitle = "approach 2 of Hoffmann et al. (2022): one point per IsoFLOP budget"
        return chart
    }

    // MARK: helpers

    /// Most runs a scatter draws: beyond a few thousand points an SVG grows to megabytes and
    /// shows nothing more.
    static let plottedRunLimit = 4000

    /// At most `limit` of the runs, evenly spaced in compute order (the smallest and the
    /// largest always among them), so a large sweep is charted by a faithful sample.
    static func thinned(_ runs: [Run], limit: Int = plottedRunLimit) -> [Run] {
        guard runs.count > limit, limit >= 2 else { return runs }
        let order = runs.indices.sorted { runs[$0].flops < runs[$1].flops }
        return (0..<limit).map { i in runs[order[i * (runs.count - 1) / (limit - 1)]] }
    }

    /// "; 4,000 of 90,000 runs shown" when a chart samples the runs.
    static func shownNote(_ shown: Int, of total: Int) -> String {
        shown == total ? "" : "; \(shown) of \(total) runs shown, evenly spaced in compute"
    }

    /// The loss on the compute-optimal frontier at compute C (Hoffmann et al. eq. 4).
    static func frontierLoss(_ law: ChinchillaLaw, _ c: Double) -> Double {
        let scale = law.computeOptimal(flops: c)
        return law.loss(params: scale.params, tokens: scale.tokens)
    }

    /// Up to `count` sizes, log-evenly spread over the runs' sizes and snapped to sizes that
    /// were run (so each curve sits on points of its colour).
    static func representativeSizes(_ sizes: [Double], count: Int) -> [Double] {
        let distinct = Array(Set(sizes.filter { $0 > 0 && $0.isFinite })).sorted()
        guard distinct.count > count, let lo = distinct.first, let hi = distinct.last else { return distinct }
        let targets = logSpaced(lo, hi, count)
        var chosen: [Double] = []
        for t in targets {
            let nearest = distinct.min { abs(log($0 / t)) < abs(log($1 / t)) }!
            if !chosen.contains(nearest) { chosen.append(nearest) }
        }
        return chosen
    }

    /// The central `confidence` of `values` by the percentile method (linear interpolation
    /// between order statistics, numpy's default).
    public static func centralInterval(_ values: [Double], _ confidence: Double) -> (Double, Double) {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return (.nan, .nan) }
        func quantile(_ q: Double) -> Double {
            let position = q * Double(sorted.count - 1)
            let i = Int(position.rounded(.down)), j = min(i + 1, sorted.count - 1)
            return sorted[i] + (sorted[j] - sorted[i]) * (position - Double(i))
        }
        let tail = (1 - confidence) / 2
        return (quantile(tail), quantile(1 - tail))
    }

    static func logSpaced(_ lo: Double, _ hi: Double, _ count: Int) -> [Double] {
        guard count > 1, hi > lo else { return [lo] }
        return (0..<count).map { lo * pow(hi / lo, Double($0) / Double(count - 1)) }
    }

    static func lawText(_ law: ChinchillaLaw) -> String {
        let f = { (x: Double) in NumberFormatting.decimal(x, significant: 4) }
        return "\(f(law.E)) + \(f(law.A))/N^\(f(law.alpha)) + \(f(law.B))/D^\(f(law.beta))"
    }

    static func percent(_ c: Double) -> String { FitReport.percent(c) }
}
