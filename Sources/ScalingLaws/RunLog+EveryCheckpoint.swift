import Foundation

/// Every checkpoint of a training trajectory as a point: step 2 of Bhagia et al. 2024's
/// ladder (OLMo) maps task loss to accuracy on all evaluations of every run, not one per run,
/// leaving out each run's early checkpoints (warm-up, where the loss–accuracy relation has
/// not settled) and smoothing the rest with a trailing moving average.
extension RunLog {
    /// The rows of each file in training order (by tokens, or by a `step`/`_step` column when
    /// tokens are unknown), less the first `skipWarmup` fraction of each file's rows, with the
    /// loss and each of `columns` (tags, e.g. the metric) replaced by their trailing
    /// `smooth`-point mean within the file. A row is kept only once it has a full window
    /// (the first `smooth − 1` rows after the warm-up only feed the averages).
    public func everyCheckpoint(skipWarmup: Double = 0, smooth: Int = 1, columns: [String] = []) throws(CheckpointError) -> RunLog {
        guard skipWarmup >= 0, skipWarmup < 1 else { throw .invalidOption("--skip-warmup must be a fraction in [0, 1), got \(skipWarmup)") }
        guard smooth >= 1 else { throw .invalidOption("--smooth must be at least 1 (checkpoints averaged), got \(smooth)") }
        var out: [Run] = []
        for (file, rows) in runs.groupedByFile() {
            let keys = try Self.trainingOrder(rows, file: file)
            let trajectory = rows.indices.sorted { (keys[$0], $0) < (keys[$1], $1) }.map { rows[$0] }
            let kept = Array(trajectory.dropFirst(Int((skipWarmup * Double(trajectory.count)).rounded(.down))))
            // Values per row: the loss, then each column.
            var values: [[Double]] = []
            for run in kept {
                var v = [run.loss]
                for column in columns {
                    guard let text = run.tags[column], let x = Double(text.trimmingCharacters(in: .whitespaces)), x.isFinite else {
                        throw .invalidValue("\(run.source): column '\(column)' is '\(run.tags[column] ?? "")', not a finite number (smoothing with --smooth needs one in every checkpoint)")
                    }
                    v.append(x)
                }
                values.append(v)
            }
            guard kept.count >= smooth else { continue }
            for i in (smooth - 1)..<kept.count {
                var run = kept[i]
                let window = values[(i - smooth + 1)...i]
                let mean = (0..<(columns.count + 1)).map { c in window.reduce(0) { $0 + $1[c] } / Double(smooth) }
                run.loss = mean[0]
                for (c, column) in columns.enumerated() where smooth > 1 { run.tags[column] = "\(mean[c + 1])" }
                out.append(run)
            }
        }
        return RunLog(runs: out, files: files, skippedCount: skippedCount, skipped: skipped)
    }

    /// Each row's place in training: its tokens, or its step when tokens are unknown.
    static func trainingOrder(_ rows: [Run], file: String) throws(CheckpointError) -> [Double] {
        if rows.allSatisfy({ $0.tokens.isFinite }) { return rows.map(\.tokens) }
        for name in ["step", "_step"] {
            let steps = rows.map { $0.tags[name].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } }
            if steps.allSatisfy({ $0 != nil }) { return steps.map { $0! } }
        }
        throw .noOrder(file: file)
    }
}

/// Why checkpoints could not be read as points.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    case noOrder(file: String)
    case invalidOption(String)
    case invalidValue(String)

    public var description: String {
        switch self {
        case let .noOrder(file):
            return "\(file): --checkpoints all needs each row's place in training: a tokens column (or params with flops) or a step column ('step' or '_step')"
        case let .invalidOption(why), let .invalidValue(why): return why
        }
    }
}
