import Foundation
import Testing
@testable import Fitting
import ScalingLaws

/// The columns a Chinchilla fit reads in one pass (on all cores for a large sweep) are those of
/// reading each from the runs on its own, bit for bit.
struct RunColumnsTests {
    @Test(arguments: [1_000, 60_001])
    func columnsAreThoseOfEachMap(count: Int) {
        let runs = (0..<count).map { i -> Run in
            let params = 1e7 * (1 + Double(i % 997)), tokens = 1e9 * (1 + 0.37 * Double(i % 991))
            return Run(params: params, tokens: tokens, loss: 2 + 0.001 * Double(i % 1009))
        }
        let columns = RunColumns(runs)
        #expect(columns.logParams == runs.map { log($0.params) })
        #expect(columns.logTokens == runs.map { log($0.tokens) })
        #expect(columns.loss == runs.map { $0.loss })
        #expect(columns.logLoss == runs.map { log($0.loss) })
    }
}
