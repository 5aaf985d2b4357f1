import Foundation
import ScalingLaws

/// The nonparametric bootstrap (Efron 1979) with a global fit per resample: runs are drawn
/// with replacement, the whole search (grid + polish, warm-started also from the full-data
/// optimum) is rerun, and the spread of the estimates is the uncertainty. This is what
/// Besiroglu et al. 2024 did to show Hoffmann et al.'s intervals were far too narrow.
///
/// Resamples run in parallel across cores; resample b draws from a generator seeded by
/// (seed, b), so a seed gives the same samples whatever the thread count.
struct Bootstrap {
    var resamples: Int
    var seed: UInt64
    var search: GlobalSearch

    struct Outcome {
        /// θ per successful resample, in resample order.
        var thetas: [[Double]]
        var failures: Int
    }

    /// The generator of resample b: a seed gives the same draws whatever the thread count.
    static func generator(seed: UInt64, resample b: Int) -> SeededGenerator {
        SeededGenerator(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(b) &+ 1)
    }

    func run(_ data: any PolishObjective, objective: FitObjective, fullOptimum: [Double],
             progress: (@Sendable (Int, Int) -> Void)? = nil) -> Outcome {
        let slots = ResampleSlots<[Double]>(count: resamples)
        let n = data.count
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, resamples))
        let chunk = (resamples + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let range = (worker * chunk)..<min(resamples, (worker + 1) * chunk)
            for b in range {
                var rng = Self.generator(seed: seed, resample: b)
                var resample: any PolishObjective = data
                var counts = [Double](repeating: 0, count: n)
                for _ in 0..<n { counts[Int(rng.next() % UInt64(n))] += 1 }
                resample.weights = zip(data.weights, counts).map { $0 * $1 }
                let fit = search.fit(resample, objective: objective, extraStarts: [fullOptimum])
                slots.set(b, fit?.theta)
                if let progress { progress(slots.filled, resamples) }
            }
        }
        let all = slots.values
        return Outcome(thetas: all.compactMap { $0 }, failures: all.filter { $0 == nil }.count)
    }
}

/// Results written from several threads, each to its own index (the resamples of a bootstrap).
final class ResampleSlots<Value>: @unchecked Sendable {
    private var storage: [Value?]
    private var done = 0
    private let lock = NSLock()
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: Value?) { lock.lock(); storage[i] = value; done += 1; lock.unlock() }
    var filled: Int { lock.lock(); defer { lock.unlock() }; return done }
    var values: [Value?] { lock.lock(); defer { lock.unlock() }; return storage }
}
