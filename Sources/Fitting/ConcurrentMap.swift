import Foundation

extension Array where Element: Sendable {
    /// `transform` of every element, the elements of a large array (a million runs, or their
    /// logs) split across cores. Each element is computed on its own, so the result is `map`'s,
    /// bit for bit.
    func concurrentMap(_ transform: @escaping @Sendable (Element) -> Double) -> [Double] {
        let n = count
        let workers = n >= FitData.parallelThreshold ? Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, 8)) : 1
        guard workers > 1 else { return map(transform) }
        return [Double](unsafeUninitializedCapacity: n) { out, initialized in
            withUnsafeBufferPointer { input in
                let shared = SharedMapBuffers(input: input.baseAddress!, output: out.baseAddress!)
                let chunk = (n + workers - 1) / workers
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    for i in (w * chunk)..<Swift.min(n, (w + 1) * chunk) {
                        (shared.output + i).initialize(to: transform(shared.input[i]))
                    }
                }
            }
            initialized = n
        }
    }
}

/// The buffers of a concurrent map: each worker reads and writes its own indices.
private struct SharedMapBuffers<Element>: @unchecked Sendable {
    let input: UnsafePointer<Element>
    let output: UnsafeMutablePointer<Double>
}
