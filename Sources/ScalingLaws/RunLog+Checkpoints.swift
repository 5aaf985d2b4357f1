/// Training trajectories as runs: a file logged at checkpoints (one row per evaluation) is one
/// training run, whose final loss is best read from its last few evaluations.
///
/// Bhagia et al. 2024 (the OLMo ladder) average the last 5: a single final evaluation carries
/// its own noise, and averaging it with its neighbours, taken as the learning rate decays to
/// its end, lowers that noise at a small bias.
extension RunLog {
    /// One run per file: the checkpoint with the most tokens (the last row, for equal
    /// counts), with loss the mean over that file's last `count` checkpoints by tokens.
    /// `count` ≥ 1; a file with fewer rows averages them all.
    public func lastCheckpoints(_ count: Int) -> RunLog {
        precondition(count >= 1, "average at least one checkpoint")
        let collapsed = runs.groupedByFile().map { file -> Run in
            // Stable by tokens: rows of equal tokens keep the file's order.
            let trajectory = file.runs.enumerated()
                .sorted { ($0.element.tokens, $0.offset) < ($1.element.tokens, $1.offset) }.map(\.element)
            let tail = trajectory.suffix(count)
            var run = trajectory.last!
            run.loss = tail.reduce(0) { $0 + $1.loss } / Double(tail.count)
            return run
        }
        var log = RunLog(runs: collapsed, files: files, skippedCount: skippedCount, skipped: skipped)
        log.checkpointsAveraged = count
        return log
    }
}
