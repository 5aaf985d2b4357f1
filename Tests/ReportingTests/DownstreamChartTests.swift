import Foundation
import Testing
@testable import Reporting
import ScalingLaws

/// The downstream chart: the chained prediction for the compute-optimal model, by hand.
@Suite struct DownstreamChartTests {
    @Test func theLineIsTheLinkOfTheComputeOptimalLoss() throws {
        let law = ChinchillaLaw(E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28)
        let link = try DownstreamLink(kind: .exponential, parameters: ["epsilon": 0.86, "k": 2.3, "gamma": 0.72])
        let runs = [1e19, 1e20, 1e21].enumerated().map { i, c in
            Run(params: 1e9, tokens: c / 6e9, loss: 2.5, tags: ["err": "\(0.5 - 0.02 * Double(i))"], source: SourceLocation(file: "r.csv", line: i + 2))
        }
        let linkSamples = (0..<20).map { i in try! DownstreamLink(kind: .exponential, parameters: ["epsilon": 0.86, "k": 2.3, "gamma": 0.70 + 0.002 * Double(i)]) }
        let chart = FitCharts.downstream(law: law, samples: [], link: link, linkSamples: linkSamples, metric: "err", runs: runs, confidence: 0.9)
        #expect(chart.runs.map(\.loss) == [0.5, 0.48, 0.46])
        for p in chart.frontier {
            // The compute-optimal model at C (Hoffmann et al. eq. 4), its loss, then ε − k·e^(−γL).
            let opt = law.computeOptimal(flops: p.x)
            let l = 1.69 + 406.4 * pow(opt.params, -0.34) + 410.7 * pow(opt.tokens, -0.28)
            #expect(abs(p.y - (0.86 - 2.3 * exp(-0.72 * l))) < 1e-9)
        }
        #expect(chart.frontierBand.count == chart.frontier.count)
        #expect(chart.frontierBand.allSatisfy { $0.low < $0.high })
        #expect(chart.svg().contains("err against training compute"))
    }
}
