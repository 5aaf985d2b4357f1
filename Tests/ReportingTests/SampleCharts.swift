import Foundation
@testable import Reporting

/// Sample charts from a realistic sweep: Epoch AI's replication of Chinchilla (Besiroglu et
/// al. 2024), L(N, D) = E + A/N^α + B/D^β with E = 1.8172, A = 482.01, B = 2085.43,
/// α = 0.3478, β = 0.3658; runs at budgets 1e18…1e22 FLOPs and sizes 44M…16B, with 1%
/// log-normal noise from a fixed seed. Computed here from the law, independent of the
/// fitting engine. Set SCALEPLAN_CHART_DIR to write them out and look at them.
enum SampleCharts {
    struct Law {
        var E = 1.8172, A = 482.01, B = 2085.43, alpha = 0.3478, beta = 0.3658
        func loss(_ n: Double, _ d: Double) -> Double { E + A / pow(n, alpha) + B / pow(d, beta) }
        /// Hoffmann et al. 2022, eq. 4: N* = G (C/6)^(β/(α+β)), G = (αA/(βB))^(1/(α+β)).
        func optimalParams(_ c: Double) -> Double {
            pow(alpha * A / (beta * B), 1 / (alpha + beta)) * pow(c / 6, beta / (alpha + beta))
        }
        func frontierLoss(_ c: Double) -> Double {
            let n = optimalParams(c)
            return loss(n, c / (6 * n))
        }
        /// Training tokens that reach `target` at size `n`, or nil when `n` cannot.
        func tokens(toReach target: Double, params n: Double) -> Double? {
            let room = target - E - A / pow(n, alpha)
            return room > 0 ? pow(B / room, 1 / beta) : nil
        }
    }

    static let law = Law()
    static let budgets = (0...8).map { pow(10, 18 + Double($0) / 2) }  // 1e18, 3.2e18, …, 1e22
    static let sizes = (0...12).map { 44e6 * pow(16e9 / 44e6, Double($0) / 12) }

    /// A fixed-seed generator (SplitMix64), so the sample is the same on every machine.
    struct SplitMix64 {
        var state: UInt64
        mutating func next() -> Double {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        /// Standard normal by Box-Muller.
        mutating func normal() -> Double {
            sqrt(-2 * log(max(next(), 1e-300))) * cos(2 * .pi * next())
        }
    }

    struct Run { var params, tokens, compute, loss: Double }

    /// Runs with between 2 and 2000 tokens per parameter, as a real sweep would have.
    static let runs: [Run] = {
        var random = SplitMix64(state: 42)
        var runs: [Run] = []
        for c in budgets {
            for n in sizes {
                let d = c / (6 * n)
                guard d / n >= 2, d / n <= 2000 else { continue }
                runs.append(Run(params: n, tokens: d, compute: c, loss: law.loss(n, d) * exp(0.01 * random.normal())))
            }
        }
        return runs
    }()

    static func logSpaced(_ lo: Double, _ hi: Double, _ count: Int) -> [Double] {
        (0..<count).map { lo * pow(hi / lo, Double($0) / Double(count - 1)) }
    }

    static var lossCompute: LossComputeChart {
        let computes = logSpaced(5e17, 2e22, 60)
        let curves = [44e6, 160e6, 600e6, 2.2e9, 8e9, 16e9].map { n in
            LossComputeChart.SizeCurve(params: n, points: computes.map { ChartPoint($0, law.loss(n, $0 / (6 * n))) })
        }
        // A band from two perturbed laws (α, β ± 0.01), standing in for bootstrap samples.
        let perturbed = [Law(alpha: 0.3378, beta: 0.3558), Law(alpha: 0.3578, beta: 0.3758)]
        let band = computes.map { c in
            let values = perturbed.map { $0.frontierLoss(c) } + [law.frontierLoss(c)]
            return IntervalPoint(x: c, low: values.min()!, high: values.max()!)
        }
        var chart = LossComputeChart(
            runs: runs.map { .init(compute: $0.compute, loss: $0.loss, params: $0.params) },
            curves: curves, frontier: computes.map { ChartPoint($0, law.frontierLoss($0)) }, frontierBand: band)
        chart.subtitle = "\(runs.count) simulated runs from Epoch AI's Chinchilla law, 1% noise"
        return chart
    }

    /// Each budget's profile: the runs, the law's exact profile as the "fit", and its minimum.
    static var isoFLOP: IsoFLOPChart {
        let profiles = budgets.map { c -> IsoFLOPChart.Profile in
            let atBudget = runs.filter { $0.compute == c }
            let ns = logSpaced(atBudget.map(\.params).min()! / 1.3, atBudget.map(\.params).max()! * 1.3, 50)
            let nStar = law.optimalParams(c)
            return .init(budget: c, runs: atBudget.map { ChartPoint($0.params, $0.loss) },
                         fit: ns.map { ChartPoint($0, law.loss($0, c / (6 * $0))) },
                         minimum: ChartPoint(nStar, law.loss(nStar, c / (6 * nStar))))
        }
        var chart = IsoFLOPChart(profiles: profiles)
        chart.subtitle = "simulated sweep, Epoch AI's Chinchilla law"
        return chart
    }

    static var optimalSize: OptimalSizeChart {
        let exponent = law.beta / (law.alpha + law.beta)
        var chart = OptimalSizeChart(
            optima: budgets.map { ChartPoint($0, law.optimalParams($0) * exp(0.03 * sin(log10($0) * 2.7))) },
            fit: logSpaced(5e17, 2e22, 20).map { ChartPoint($0, law.optimalParams($0)) },
            fitLabel: "fit: N* ∝ C^\(String(format: "%.3f", exponent))")
        chart.subtitle = "one point per IsoFLOP profile"
        return chart
    }

    static var residuals: ResidualChart {
        let largest = Set(runs.map(\.compute).sorted().suffix(3))
        var chart = ResidualChart(points: runs.map {
            .init(compute: $0.compute, residual: log($0.loss) - log(law.loss($0.params, $0.tokens)),
                  params: $0.params, heldOut: largest.contains($0.compute))
        })
        chart.subtitle = "hollow: runs at the largest budget, held out of the fit"
        return chart
    }

    /// Paper defaults (Sardana & Frankle): H100 bf16 at 989 TFLOP/s peak and $2.50 an hour,
    /// MFU 0.5 for training and prefill, 0.01 for decode, requests of 70 in + 215 out tokens.
    static func totalCostUSD(params n: Double, tokens d: Double, demand: Double) -> Double {
        let dollarsPerFLOP = 2.5 / (3600 * 989e12)
        let training = 6 * n * d * dollarsPerFLOP / 0.5
        let inference = 2 * n * dollarsPerFLOP * (demand * 70 / 285 / 0.5 + demand * 215 / 285 / 0.01)
        return training + inference
    }

    /// The quality target: the frontier loss at Chinchilla's budget, 5.76e23 FLOPs.
    static let target = law.frontierLoss(5.76e23)

    static func cheapest(demand: Double, sizes: [Double]) -> (n: Double, d: Double, cost: Double) {
        sizes.compactMap { n in law.tokens(toReach: target, params: n).map { (n, $0, totalCostUSD(params: n, tokens: $0, demand: demand)) } }
            .min { $0.2 < $1.2 }!
    }

    static var planCost: PlanCostChart {
        let sizes = logSpaced(8e9, 400e9, 120)
        let chinchilla = cheapest(demand: 0, sizes: logSpaced(8e9, 400e9, 2000))
        let curves = [1e11, 1e12, 1e13, 1e14].map { demand -> PlanCostChart.DemandCurve in
            let points = sizes.compactMap { n in
                law.tokens(toReach: target, params: n).map { ChartPoint(n, totalCostUSD(params: n, tokens: $0, demand: demand)) }
            }
            let best = cheapest(demand: demand, sizes: logSpaced(8e9, 400e9, 2000))
            return .init(demand: demand, points: points,
                         chinchilla: ChartPoint(chinchilla.n, totalCostUSD(params: chinchilla.n, tokens: chinchilla.d, demand: demand)),
                         recommended: ChartPoint(best.n, best.cost))
        }
        var chart = PlanCostChart(curves: curves, unit: .usd)
        chart.subtitle = "quality of a Chinchilla-optimal model at 5.76e23 FLOPs; H100 at $2.50/h"
        return chart
    }

    static var tokensPerParam: TokensPerParamChart {
        let demands = logSpaced(1e10, 1e15, 16)
        let grid = logSpaced(1e9, 400e9, 1500)
        let chinchilla = cheapest(demand: 0, sizes: grid)
        var chart = TokensPerParamChart(
            recommended: demands.map { demand in
                let best = cheapest(demand: demand, sizes: grid)
                return ChartPoint(demand, best.d / best.n)
            },
            chinchilla: [ChartPoint(demands.first!, chinchilla.d / chinchilla.n), ChartPoint(demands.last!, chinchilla.d / chinchilla.n)])
        chart.subtitle = "same quality target and prices as the cost chart"
        return chart
    }

    static var all: [(name: String, svg: String)] {
        [("loss-compute", lossCompute.svg()), ("isoflop", isoFLOP.svg()), ("optimal-size", optimalSize.svg()),
         ("residuals", residuals.svg()), ("plan-cost", planCost.svg()), ("tokens-per-param", tokensPerParam.svg())]
    }
}
