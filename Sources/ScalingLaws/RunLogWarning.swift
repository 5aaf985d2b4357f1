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
        // params, tokens and loss; for a one-variable run, the one quantity it knows (an unknown
        // one is NaN, which would never compare equal, so it is keyed as −1).
        // Looked up in `FirstOccurrence` (a flat table on the values' bits): a Dictionary of a
        // million keys spends most of its time seeding hashers.
        var firstIndex = FirstOccurrence(capacity: runs.count)
        var duplicates = 0
        var duplicateExample: (Int, Int)? = nil
        var disagreeing = 0
        var disagreeExample: (Int, Double)? = nil
        for (i, run) in runs.enumerated() {
            let key = run.knowsScale
                ? FirstOccurrence.Key(params: run.params, tokens: run.tokens, flops: -1, loss: run.loss)
                : FirstOccurrence.Key(params: run.knows(.params) ? run.params : -1, tokens: run.knows(.tokens) ? run.tokens : -1,
                                      flops: run.knows(.flops) ? run.flops : -1, loss: run.loss)
            if let first = firstIndex.first(of: key, at: i) {
                duplicates += 1
                if duplicateExample == nil { duplicateExample = (i, first) }
            }
            if run.derived == nil, run.knowsScale {
                let ratio = run.flops / TrainingFLOPs.estimate(params: run.params, tokens: run.tokens)
                if abs(ratio - 1) > flopsTolerance {
                    disagreeing += 1
                    if disagreeExample == nil { disagreeExample = (i, ratio) }
                }
            }
        }
        if let (i, first) = duplicateExample {
            warnings.append(.duplicateRuns(count: duplicates, example: runs[i].source, original: runs[first].source))
        }
        if let (i, ratio) = disagreeExample {
            warnings.append(.flopsDisagree(count: disagreeing, example: runs[i].source, ratio: ratio))
        }
        return warnings
    }
}

/// Where each key of the warnings' duplicate check first occurred: open addressing over a
/// power-of-two table whose slots hold a run's index and 32 bits of its key's hash, so a new key
/// (the common case) costs one memory access and an old one is confirmed on the keys
/// themselves. Keys compare as the Doubles do (`==`); the values are finite and positive, or −1
/// for an unknown one, so equal bits and equal values are the same thing here.
struct FirstOccurrence {
    struct Key: Equatable { var params: Double, tokens: Double, flops: Double, loss: Double }
    private var slots: [UInt64]   // (index + 1) << 32 | fingerprint; 0 is empty
    private var keys: [Key] = []  // by index, as recorded
    private let mask: Int

    init(capacity: Int) {
        var size = 16
        while size < 2 * capacity { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        keys.reserveCapacity(capacity)
        mask = size - 1
    }

    /// The index where `key` was first seen; nil, and `key` recorded as seen at `index`, when
    /// new. Indices are given in increasing order, one call each.
    mutating func first(of key: Key, at index: Int) -> Int? {
        var h = key.params.bitPattern &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ key.tokens.bitPattern) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ key.flops.bitPattern) &* 0x94D0_49BB_1331_11EB
        h = (h ^ key.loss.bitPattern) &* 0x9E37_79B9_7F4A_7C15
        let fingerprint = h & 0xFFFF_FFFF
        var slot = Int(truncatingIfNeeded: h >> 32) & mask
        keys.append(key)
        while true {
            let entry = slots[slot]
            if entry == 0 {
                slots[slot] = UInt64(index + 1) << 32 | fingerprint
                return nil
            }
            if entry & 0xFFFF_FFFF == fingerprint {
                let k = Int(entry >> 32) - 1
                if keys[k] == key { return k }
            }
            slot = (slot + 1) & mask
        }
    }
}
