import Foundation
import Reporting
import ScalingLaws

/// `simulate`'s CSV: the bytes `Table.render(.csv)` gives for its table (header
/// params,tokens,flops[,unique_tokens],loss; numbers by `NumberFormatting.appendExact`), written
/// a batch of rows at a time, each batch's halves formatted on both cores — a million rows
/// without a million-row table or one 60 MB string.
enum SimulationCSV {
    static let batch = 1 << 17

    static func write(_ samples: [Simulation.Sample], unique: Bool, to handle: FileHandle,
                      progress: @escaping @Sendable (Int, Int) -> Void) throws {
        try handle.write(contentsOf: Data(("params,tokens,flops" + (unique ? ",unique_tokens" : "") + ",loss\n").utf8))
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        var start = 0
        while start < samples.count {
            let end = min(samples.count, start + batch)
            let piece = (end - start + workers - 1) / workers
            let texts = ParallelResults<String>(count: workers)
            let first = start
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let from = first + w * piece, to = min(end, from + piece)
                guard from < to else { texts.set(w, ""); return }
                texts.set(w, rows(samples[from..<to], unique: unique))
            }
            for text in texts.all { try handle.write(contentsOf: Data(text.utf8)) }
            start = end
            progress(start, samples.count)
        }
    }

    /// The rows of `samples`, each ending in LF.
    static func rows(_ samples: ArraySlice<Simulation.Sample>, unique: Bool) -> String {
        var out = ""
        out.reserveCapacity(samples.count * 72)
        for s in samples {
            NumberFormatting.appendExact(s.params, to: &out); out.append(",")
            NumberFormatting.appendExact(s.tokens, to: &out); out.append(",")
            NumberFormatting.appendExact(s.flops, to: &out); out.append(",")
            if unique, let u = s.uniqueTokens { NumberFormatting.appendExact(u, to: &out); out.append(",") }
            NumberFormatting.appendExact(s.loss, to: &out); out.append("\n")
        }
        return out
    }
}
