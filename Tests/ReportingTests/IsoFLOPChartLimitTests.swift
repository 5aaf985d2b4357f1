import Foundation
import Testing
@testable import Fitting
@testable import Reporting
import ScalingLaws

/// Many IsoFLOP budgets (a dense grid of runs groups into hundreds) are charted as a dozen.
@Suite struct IsoFLOPChartLimitTests {
    @Test func aDozenBudgetsAreDrawnOfMany() throws {
        let budgets = (0..<30).map { 1e18 * pow(10, Double($0) / 10) }
        let profiles = budgets.map { c in
            IsoFLOPProfile(flops: c, optimalParams: (c / 120).squareRoot(), optimalTokens: (c * 120).squareRoot() / 6,
                           optimalLoss: 2 + 1e4 * pow(c, -0.2), runs: 5, budgetRuns: 5, curvature: 0.05,
                           minimumInsideSampledRange: true)
        }
        let runs = budgets.flatMap { c in [0.5, 1, 2].map { k -> Run in
            let n = k * (c / 120).squareRoot()
            return Run(params: n, tokens: c / (6 * n), flops: c, loss: 3)
        } }
        let chart = FitCharts.isoflop(profiles, runs: runs)
        #expect(chart.profiles.count == 12)
        #expect(chart.profiles.first?.budget == budgets.first && chart.profiles.last?.budget == budgets.last)
        #expect(chart.subtitle?.hasPrefix("12 of 30 budgets") == true)
        #expect(FitCharts.isoflop(Array(profiles.prefix(5)), runs: runs).subtitle?.hasPrefix("5 budgets") == true)
    }
}
