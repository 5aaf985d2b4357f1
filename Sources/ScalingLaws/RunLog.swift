/// The runs read from one or more files, validated, with what reading them found out:
/// how many rows were skipped and why, which quantity was derived by C = 6·N·D, and
/// warnings (duplicates, flops that disagree with 6·N·D).
///
/// Each run remembers its file and line (`Run.source`), so later steps (fits, filters,
/// diagnostics) can point back at the row.
public struct RunLog: Sendable {
    /// How many skip reasons are kept; the count of skipped rows is always exact.
    public static let recordedSkipLimit = 20

    public var runs: [Run]
    /// The files read, in order.
    public var files: [String]
    /// Rows dropped because they were invalid (only with `skipInvalid`).
    public var skippedCount: Int
    /// Why, for the first `recordedSkipLimit` of them.
    public var skipped: [RunFileError]
    public var warnings: [RunLogWarning]
    /// When each file was read as one run's trajectory (`lastCheckpoints`): how many of its
    /// last checkpoints the loss averages.
    public var checkpointsAveraged: Int?

    public init(runs: [Run], files: [String] = [], skippedCount: Int = 0, skipped: [RunFileError] = []) {
        self.runs = runs
        self.files = files
        self.skippedCount = skippedCount
        self.skipped = Array(skipped.prefix(Self.recordedSkipLimit))
        self.warnings = RunLogWarning.check(runs)
    }

    /// The logs of several files as one; warnings are recomputed over all runs (a run may
    /// duplicate one from another file). One log is itself.
    public init(combining logs: [RunLog]) {
        if logs.count == 1 { self = logs[0]; return }
        self.init(runs: logs.flatMap(\.runs), files: logs.flatMap(\.files),
                  skippedCount: logs.reduce(0) { $0 + $1.skippedCount }, skipped: logs.flatMap(\.skipped))
    }

    /// How many runs had each quantity derived from the other two.
    public var derivedCounts: [RunQuantity: Int] {
        var counts: [RunQuantity: Int] = [:]
        for run in runs { if let q = run.derived { counts[q, default: 0] += 1 } }
        return counts
    }

    /// Lines for people: derivations, skipped rows, warnings. Empty when there is nothing to say.
    public var notes: [String] {
        var lines: [String] = []
        if let k = checkpointsAveraged {
            lines.append("each file read as one run's checkpoints: loss averaged over its last \(k == 1 ? "checkpoint" : "\(k) checkpoints") (by tokens)")
        }
        let counts = derivedCounts
        for quantity in [RunQuantity.params, .tokens, .flops] {
            guard let count = counts[quantity] else { continue }
            lines.append("\(quantity.rawValue) derived as \(Self.derivation(of: quantity)) for \(count) run\(count == 1 ? "" : "s")")
        }
        if skippedCount > 0 {
            lines.append("skipped \(skippedCount) invalid row\(skippedCount == 1 ? "" : "s") (--skip-invalid)"
                + (skipped.isEmpty ? "" : ", first:"))
            lines += skipped.prefix(3).map { "  \($0)" }
        }
        lines += warnings.map { "warning: \($0)" }
        return lines
    }

    /// The formula each quantity is derived by.
    public static func derivation(of quantity: RunQuantity) -> String {
        switch quantity {
        case .flops: return "6·N·D"
        case .tokens: return "C/(6N)"
        case .params: return "C/(6D)"
        case .loss, .uniqueTokens: return "-"
        }
    }
}
