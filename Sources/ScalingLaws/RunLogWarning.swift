import Foundation

/// Something in a run file that is read as written but deserves a look.
public enum RunLogWarning: Equatable, Sendable, CustomStringConvertible {
    /// `count` runs repeat an earlier run's params, tokens and loss exactly; all are kept.
    case duplicateRuns(count: Int, example: SourceLocation, original: SourceLocation)
    /// `count` runs give all of params, tokens and flops, and flops is more than
    /// `flopsTolerance` away from 6·N·D; `ratio` is C/(6ND) of the example.
    case flopsDisagree(count: Int, example: SourceLocation, ratio: Double)

    /// Relative distance between a given C and 6·N·D above which `flopsDisagree` is raised.
    /// Files that count embedding parameters or attention FLOPs differently stay within a
    /// few percent at the sizes of a sweep; beyond 10% the columns likely mean other things.
    public static let flopsTolerance = 0.10

    public var description: String {
        switch self {
        case let .duplicateRuns(count, example, original):
            return "\(count) run\(count == 1 ? " repeats" : "s repeat") an earlier run's params, tokens and loss "
                + "(e.g. \(example) repeats \(original)); kept: remove them if they are not replicates"
        case let .flopsDisagree(count, example, ratio):
            let r = (ratio * 1000).rounded() / 1000
            return "\(count) run\(count == 1 ? " gives" : "s give") flops more than \(Int(Self.flopsTolerance * 100))% "
                + "away from 6·N·D (e.g. \(example): C/(6·N·D) = \(r)); kept as given"
        }
    }

    /// The warnings for `runs`: duplicates, then flops that disagree with 6·N·D.
    static func check(_ runs: [Run]) -> [RunLogWarning] {
        var warnings: [RunLogWarning] = []
        if let (count, i, first) = repeatedRuns(in: runs) {
            warnings.append(.duplicateRuns(count: count, example: runs[i].source, original: runs[first].source))
        }
        var disagreeing = 0
        var disagreeExample: (Int, Double)? = nil
        for (i, run) in runs.enumerated() where run.derived == nil && run.knowsScale {
            let ratio = run.flops / TrainingFLOPs.estimate(params: run.params, tokens: run.tokens)
            if abs(ratio - 1) > flopsTolerance {
                disagreeing += 1
                if disagreeExample == nil { disagreeExample = (i, ratio) }
            }
        }
        if let (i, ratio) = disagreeExample {
            warnings.append(.flopsDisagree(count: disagreeing, example: runs[i].source, ratio: ratio))
        }
        return warnings
    }

    /// How many runs repeat an earlier run's params, tokens and loss, the first that does and
    /// the run it repeats; nil when none does. Keyed in `FirstOccurrence` tables (a Dictionary
    /// of a million keys spends most of its time seeding hashers), one per half of the hashes,
    /// on both cores for large logs: every key falls in one half, so each half's counts and
    /// first repeats are exact, and the earliest repeat of the two is the log's.
    static func repeatedRuns(in runs: [Run]) -> (count: Int, example: Int, original: Int)? {
        let parts = runs.count >= 65_536 && ProcessInfo.processInfo.activeProcessorCount > 1 ? 2 : 1
        let results = ParallelResults<(count: Int, example: Int, original: Int)?>(count: parts)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            var table = FirstOccurrence(capacity: runs.count / parts + 16)
            var count = 0
            var example: (Int, Int)? = nil
            for i in runs.indices {
                let key = FirstOccurrence.Key(runs[i])
                let hash = key.hash
                guard parts == 1 || Int(hash >> 63) == part else { continue }
                if let first = table.first(of: key, hash: hash, at: i, keyAt: { FirstOccurrence.Key(runs[$0]) }) {
                    count += 1
                    if example == nil { example = (i, first) }
                }
            }
            results.set(part, example.map { (count, $0.0, $0.1) })
        }
        let found = results.values.compactMap { $0 ?? nil }
        guard let earliest = found.min(by: { $0.example < $1.example }) else { return nil }
        return (found.reduce(0) { $0 + $1.count }, earliest.example, earliest.original)
    }
}

/// Where each key of the warnings' duplicate check first occurred: open addressing over a
/// power-of-two table whose slots hold a run's index and 32 bits of its key's hash, so a new key
/// (the common case) costs one memory access and an old one is confirmed on the keys
/// themselves. Keys compare as the Doubles do (`==`); the values are finite and positive, or −1
/// for an unknown one, so equal bits and equal values are the same thing here.
struct FirstOccurrence {
    /// params, tokens and loss; for a one-variable run, the one quantity it knows (an unknown
    /// one is NaN, which would never compare equal, so it is keyed as −1).
    struct Key: Equatable {
        var params: Double, tokens: Double, flops: Double, loss: Double

        init(params: Double, tokens: Double, flops: Double, loss: Double) {
            self.params = params; self.tokens = tokens; self.flops = flops; self.loss = loss
        }

        init(_ run: Run) {
            if run.knowsScale {
                self.init(params: run.params, tokens: run.tokens, flops: -1, loss: run.loss)
            } else {
                self.init(params: run.knows(.params) ? run.params : -1, tokens: run.knows(.tokens) ? run.tokens : -1,
                          flops: run.knows(.flops) ? run.flops : -1, loss: run.loss)
            }
        }

        var hash: UInt64 {
            var h = params.bitPattern &* 0x9E37_79B9_7F4A_7C15
            h = (h ^ tokens.bitPattern) &* 0xBF58_476D_1CE4_E5B9
            h = (h ^ flops.bitPattern) &* 0x94D0_49BB_1331_11EB
            return (h ^ loss.bitPattern) &* 0x9E37_79B9_7F4A_7C15
        }
    }

    private var slots: [UInt64]   // (index + 1) << 32 | fingerprint; 0 is empty
    private let mask: Int

    /// A table for up to `capacity` distinct keys.
    init(capacity: Int) {
        var size = 16
        while size < 2 * capacity { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
    }

    /// The index where `key` (whose `hash` is given) was first seen; nil, and `key` recorded as
    /// seen at `index`, when new. `keyAt` gives the key of an index recorded before.
    mutating func first(of key: Key, hash: UInt64, at index: Int, keyAt: (Int) -> Key) -> Int? {
        let fingerprint = hash & 0xFFFF_FFFF
        var slot = Int(truncatingIfNeeded: (hash >> 32) & 0x7FFF_FFFF) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 {
                slots[slot] = UInt64(index + 1) << 32 | fingerprint
                return nil
            }
            if entry & 0xFFFF_FFFF == fingerprint {
                let k = Int(entry >> 32) - 1
                if keyAt(k) == key { return k }
            }
            slot = (slot + 1) & mask
        }
    }
}
