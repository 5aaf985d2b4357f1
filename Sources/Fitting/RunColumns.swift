import Foundation
import ScalingLaws

/// What a Chinchilla fit reads of its runs — log N, log D, L and log L — in one pass over the
/// runs, split across cores for a large sweep. Each value is computed on its own, so the columns
/// are those of `runs.map { log($0.params) }` and so on, bit for bit.
struct RunColumns {
    var logParams: [Double]
    var logTokens: [Double]
    var loss: [Double]
    var logLoss: [Double]

    init(_ runs: [Run]) {
        let n = runs.count
        guard n >= FitData.parallelThreshold else {
            logParams = runs.map { log($0.params) }
            logTokens = runs.map { log($0.tokens) }
            loss = runs.map { $0.loss }
            logLoss = loss.map { log($0) }
            return
        }
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let chunk = (n + workers - 1) / workers
        // Four uninitialised columns, each run's four values written by the worker of its chunk.
        var columns: [[Double]] = []
        func column(_ k: Int, _ pointers: [UnsafeMutablePointer<Double>]) {
            guard k == 4 else {
                columns.append([Double](unsafeUninitializedCapacity: n) { out, count in
                    column(k + 1, pointers + [out.baseAddress!])
                    count = n
                })
                return
            }
            runs.withUnsafeBufferPointer { runs in
                let shared = SharedColumns(runs: runs.baseAddress!, logParams: pointers[0], logTokens: pointers[1],
                                           loss: pointers[2], logLoss: pointers[3])
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    for i in (w * chunk)..<min(n, (w + 1) * chunk) {
                        let run = shared.runs[i]
                        shared.logParams[i] = log(run.params)
                        shared.logTokens[i] = log(run.tokens)
                        shared.loss[i] = run.loss
                        shared.logLoss[i] = log(run.loss)
                    }
                }
            }
        }
        column(0, [])
        // Appended innermost first.
        (logLoss, loss, logTokens, logParams) = (columns[0], columns[1], columns[2], columns[3])
    }
}

/// The runs a worker reads and the columns it writes (each its own indices).
private struct SharedColumns: @unchecked Sendable {
    let runs: UnsafePointer<Run>
    let logParams, logTokens, loss, logLoss: UnsafeMutablePointer<Double>
}
