import Foundation
import ScalingLaws

/// What a Chinchilla fit reads of its runs — log N, log D, L and log L — once, for the checks
/// before the fit and the fit itself, each column split across cores for a large sweep
/// (`concurrentMap`: the columns are `runs.map { log($0.params) }` and so on, bit for bit).
struct RunColumns {
    var logParams: [Double]
    var logTokens: [Double]
    var loss: [Double]
    var logLoss: [Double]

    init(_ runs: [Run]) {
        logParams = runs.concurrentMap { log($0.params) }
        logTokens = runs.concurrentMap { log($0.tokens) }
        loss = runs.concurrentMap { $0.loss }
        logLoss = loss.concurrentMap { log($0) }
    }
}
