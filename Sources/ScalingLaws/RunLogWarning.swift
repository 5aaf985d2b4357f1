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
        runs.withUnsafeBufferPointer { runs in   // the fields read in place, no run copied
            for i in runs.indices where runs[i].derived == nil && runs[i].knowsScale {
                let ratio = runs[i].flops / TrainingFLOPs.estimate(params: runs[i].params, tokens: runs[i].tokens)
                if abs(ratio - 1) > flopsTolerance {
                    disagreeing += 1
                    if disagreeExample == nil { disagreeExample = (i, ratio) }
                }
            }
        }
        if let (i, ratio) = disagreeExample {
            warnings.append(.flopsDisagree(count: disagreeing, example: runs[i].source, ratio: ratio))
        }
        return warnings
    }

    /// How many runs repeat an earlier run's params, tokens and loss, the first that does and
    /// the run it repeats; nil when none does. Keyed in `FirstOccurrence` tables (a Dictionary
    /// of a million keys spends most of its time seeding hashers). A large log is first split
    /// by the top bits of the keys' hashes into parts of about 16,000 runs, in file order within
    /// each (`partitioned`), so each part's table stays in the core's cache; the parts are
    /// checked on both cores. Every key falls in one part, so each part's counts and first
    /// repeats are exact, and the earliest repeat of all parts is the log's.
    static func repeatedRuns(in runs: [Run]) -> (count: Int, example: Int, original: Int)? {
        let bits = partitionBits(count: runs.count)
        guard bits > 0 else { return repeatedRuns(in: runs, indices: nil, hashes: nil) }
        let (indices, hashes, starts) = partitioned(runs, bits: bits)
        let results = ParallelResults<(count: Int, example: Int, original: Int)?>(count: starts.count - 1)
        let shared = SharedPartition(indices: indices, hashes: hashes)
        DispatchQueue.concurrentPerform(iterations: starts.count - 1) { part in
            let range = starts[part]..<starts[part + 1]
            results.set(part, repeatedRuns(in: runs, indices: UnsafeBufferPointer(rebasing: shared.indices[range]),
                                           hashes: UnsafeBufferPointer(rebasing: shared.hashes[range])))
        }
        indices.deallocate()
        hashes.deallocate()
        let found = results.values.compactMap { $0 ?? nil }
        guard let earliest = found.min(by: { $0.example < $1.example }) else { return nil }
        return (found.reduce(0) { $0 + $1.count }, earliest.example, earliest.original)
    }

    /// How many top bits of the hash split `count` runs into parts (0: one table for all).
    static func partitionBits(count: Int) -> Int {
        guard count >= 65_536, count < Int(UInt32.max) else { return 0 }
        var bits = 0
        while bits < 10, count >> bits > 16_384 { bits += 1 }
        return bits
    }

    /// The duplicate check on the runs at `indices` (all runs when nil; increasing), whose
    /// keys' hashes are `hashes` (computed when nil).
    private static func repeatedRuns(in runs: [Run], indices: UnsafeBufferPointer<UInt32>?,
                                     hashes: UnsafeBufferPointer<UInt64>?) -> (count: Int, example: Int, original: Int)? {
        let n = indices?.count ?? runs.count
        var table = FirstOccurrence(capacity: n)
        var count = 0
        var example: (Int, Int)? = nil
        runs.withUnsafeBufferPointer { runs in
            for k in 0..<n {
                let i = indices.map { Int($0[k]) } ?? k
                let hash = hashes?[k] ?? FirstOccurrence.Key(runs[i]).hash
                if let first = table.first(hash: hash, at: i, sameKey: { FirstOccurrence.Key(runs[$0]) == FirstOccurrence.Key(runs[i]) }) {
                    count += 1
                    if example == nil { example = (i, first) }
                }
            }
        }
        return example.map { (count, $0.0, $0.1) }
    }

    /// The runs' indices grouped by the top `bits` bits of their keys' hashes, in increasing
    /// order within each group, with those hashes, and where each group starts (one more
    /// entry than groups). Hashes are computed once, each half of the runs on its own core.
    private static func partitioned(_ runs: [Run], bits: Int)
        -> (indices: UnsafeMutableBufferPointer<UInt32>, hashes: UnsafeMutableBufferPointer<UInt64>, starts: [Int]) {
        let n = runs.count, parts = 1 << bits, shift = 64 - bits
        let halves = ProcessInfo.processInfo.activeProcessorCount > 1 ? 2 : 1
        let bounds = (0...halves).map { n * $0 / halves }
        let all = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: n)
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: halves * parts)
        counts.initialize(repeating: 0)
        defer { all.deallocate(); counts.deallocate() }
        let sharedAll = SharedPartition(indices: .init(start: nil, count: 0), hashes: all)
        let sharedCounts = SharedCounts(counts)
        DispatchQueue.concurrentPerform(iterations: halves) { half in
            runs.withUnsafeBufferPointer { runs in
                for i in bounds[half]..<bounds[half + 1] {
                    let hash = FirstOccurrence.Key(runs[i]).hash
                    sharedAll.hashes[i] = hash
                    sharedCounts.values[half * parts + Int(hash >> shift)] += 1
                }
            }
        }
        // Group g of half h starts after every group before g, and group g of the halves before h.
        var starts = [0]
        var cursors = [Int](repeating: 0, count: halves * parts)
        var position = 0
        for g in 0..<parts {
            for h in 0..<halves { cursors[h * parts + g] = position; position += counts[h * parts + g] }
            starts.append(position)
        }
        let indices = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: n)
        let hashes = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: n)
        let out = SharedPartition(indices: indices, hashes: hashes)
        cursors.withUnsafeMutableBufferPointer { cursors in
            let sharedCursors = SharedCounts(cursors)
            DispatchQueue.concurrentPerform(iterations: halves) { half in
                for i in bounds[half]..<bounds[half + 1] {
                    let hash = sharedAll.hashes[i]
                    let slot = half * parts + Int(hash >> shift)
                    let at = sharedCursors.values[slot]
                    sharedCursors.values[slot] = at + 1
                    out.indices[at] = UInt32(i)
                    out.hashes[at] = hash
                }
            }
        }
        return (indices, hashes, starts)
    }
}

/// The duplicate check's grouped indices and hashes, shared by the threads that fill them
/// (each its own entries) or read them.
private struct SharedPartition: @unchecked Sendable {
    let indices: UnsafeMutableBufferPointer<UInt32>
    let hashes: UnsafeMutableBufferPointer<UInt64>
}

/// Counts or cursors of several threads in one buffer, each thread its own entries.
private struct SharedCounts: @unchecked Sendable {
    let values: UnsafeMutableBufferPointer<Int>
    init(_ values: UnsafeMutableBufferPointer<Int>) { self.values = values }
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

    /// The index where the key whose hash is `hash` was first seen; nil, and the key recorded
    /// as seen at `index`, when new. `sameKey` says whether the key recorded at an earlier
    /// index is this one (asked only when 32 bits of their hashes agree).
    mutating func first(hash: UInt64, at index: Int, sameKey: (Int) -> Bool) -> Int? {
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
                if sameKey(k) { return k }
            }
            slot = (slot + 1) & mask
        }
    }
}
