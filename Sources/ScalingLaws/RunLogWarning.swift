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
        struct Key: Hashable { var params: Double, tokens: Double, flops: Double, loss: Double }
        var firstIndex: [Key: Int] = [:]
        firstIndex.reserveCapacity(runs.count)
        var duplicates = 0
        var duplicateExample: (Int, Int)? = nil
        var disagreeing = 0
        var disagreeExample: (Int, Double)? = nil
        for (i, run) in runs.enumerated() {
            let key = run.knowsScale
                ? Key(params: run.params, tokens: run.tokens, flops: -1, loss: run.loss)
                : Key(params: run.knows(.params) ? run.params : -1, tokens: run.knows(.tokens) ? run.tokens : -1,
                      flops: run.knows(.flops) ? run.flops : -1, loss: run.loss)
            if let first = firstIndex[key] {
                duplicates += 1
                if duplicateExample == nil { duplicateExample = (i, first) }
            } else {
                firstIndex[key] = i
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
