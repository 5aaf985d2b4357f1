import Foundation

/// Reads run files into a `RunLog`: CSV with a header, TSV, or JSON Lines.
///
/// The format comes from the extension (`.csv`; `.tsv`; `.jsonl`, `.ndjson`, `.json`), else
/// from the content (a first `{` means JSON Lines, anything else CSV). A UTF-8 byte-order mark
/// is dropped; line ends may be LF or CRLF; blank lines are ignored.
///
/// Columns are matched by `ColumnMapping` and `ColumnAliases`; values by `NumberParsing`;
/// each row becomes a `Run` (deriving the missing one of params, tokens and flops by
/// C = 6·N·D). A bad row is an error naming file, line and column, unless `skipInvalid`,
/// which drops it and counts it in the log.
public struct RunFileReader: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case csv, tsv
        case jsonLines = "jsonl"
    }

    public var columns: ColumnMapping
    public var skipInvalid: Bool
    /// For a one-variable fit (a power law in compute, parameters or tokens): the quantity it
    /// needs. A row that gives it (and loss) is read even without a second of params, tokens
    /// and flops; the quantities it lacks are then NaN in the run (`Run.knows`).
    public var alone: RunQuantity?
    /// Whether every run must have a loss (a fit's runs). When false (runs to predict), a file
    /// without a loss column, or a row with an empty loss, gives runs whose loss is unknown
    /// (NaN; `Run.observedLoss` is nil).
    public var requireLoss: Bool

    /// The tag columns to keep (those a filter or a grouping names); nil keeps every one.
    /// Dropping the rest spares a string per cell of a wide tracker log.
    public var keptTags: Set<String>?
    /// Reads each file as one run's checkpoints: `RunLog.lastCheckpoints(checkpointTail)` of
    /// the file, kept as the rows stream by (memory for the tail, not the trajectory). Rows
    /// are ordered by tokens, so a file whose rows lack tokens (a one-variable log in params
    /// or flops) is better collapsed after reading.
    public var checkpointTail: Int?

    public init(columns: ColumnMapping = ColumnMapping(), skipInvalid: Bool = false, alone: RunQuantity? = nil,
                requireLoss: Bool = true, keptTags: Set<String>? = nil, checkpointTail: Int? = nil) {
        precondition(checkpointTail.map { $0 >= 1 } ?? true, "average at least one checkpoint")
        self.columns = columns
        self.skipInvalid = skipInvalid
        self.alone = alone
        self.requireLoss = requireLoss
        self.keptTags = keptTags
        self.checkpointTail = checkpointTail
    }

    /// Reads every file and combines them (in order) into one log.
    public func read(paths: [String]) throws(RunFileError) -> RunLog {
        var logs: [RunLog] = []
        for path in paths { logs.append(try read(path: path)) }
        return RunLog(combining: logs)
    }

    /// Reads one file. `fileColumns` are columns given for the whole file (`FileValues`): each
    /// acts as a column of every row, unless the file has a column of that name. CSV and TSV
    /// stream through `DelimitedScanner` block by block (`streamDelimited`), JSON Lines line by
    /// line (`streamJSONLines`); what they do not take is read whole. `progress` gets the bytes read so far.
    public func read(path: String, fileColumns: [FileValues.Column] = [],
                     progress: ((Int) -> Void)? = nil) throws(RunFileError) -> RunLog {
        let descriptor = open(path, O_RDONLY)
        if descriptor >= 0 {
            defer { close(descriptor) }
            var failed = false
            var status = stat()
            let size = fstat(descriptor, &status) == 0 ? Int(status.st_size) : nil
            let next = { (buffer: inout [UInt8]) -> Bool in
                // The block is read straight into a new buffer after what is left of the old one
                // (a part of a row, usually): no second copy of every byte.
                var count = 0
                let kept = buffer.count
                let grown = [UInt8](unsafeUninitializedCapacity: kept + Self.blockSize) { storage, initialized in
                    buffer.withUnsafeBufferPointer { old in
                        if kept > 0 { storage.baseAddress!.update(from: old.baseAddress!, count: kept) }
                    }
                    count = Foundation.read(descriptor, storage.baseAddress! + kept, Self.blockSize)
                    initialized = kept + max(count, 0)
                }
                if count < 0 { failed = true }
                guard count > 0 else { return false }
                buffer = grown
                return true
            }
            let format = Self.format(name: path)
            let log = format == .jsonLines
                ? try streamJSONLines(name: path, fileColumns: fileColumns, next: next, progress: progress)
                : try streamDelimited(name: path, format: format, fileColumns: fileColumns, expectedBytes: size,
                                      next: next, progress: progress)
            if let log, !failed { return log }
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(file: path) }
        return try readWhole(data: data, name: path, format: nil, fileColumns: fileColumns)
    }

    /// Reads file content; `name` is what messages call the file.
    public func read(data: Data, name: String, format: Format? = nil,
                     fileColumns: [FileValues.Column] = []) throws(RunFileError) -> RunLog {
        var remaining: Data? = data
        let next = { (buffer: inout [UInt8]) -> Bool in
            guard let chunk = remaining else { return false }
            buffer.append(contentsOf: chunk)
            remaining = nil
            return true
        }
        let known = format ?? Self.format(name: name)
        let streamed = known == .jsonLines
            ? try streamJSONLines(name: name, fileColumns: fileColumns, next: next)
            : try streamDelimited(name: name, format: known, fileColumns: fileColumns, next: next)
        if let streamed { return streamed }
        return try readWhole(data: data, name: name, format: format, fileColumns: fileColumns)
    }

    /// Reads file content whole, by CSV.swift's reader or JSONSerialization (the general path).
    func readWhole(data: Data, name: String, format: Format?, fileColumns: [FileValues.Column]) throws(RunFileError) -> RunLog {
        let body = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...]
        guard let text = String(data: body, encoding: .utf8) else { throw .notUTF8(file: name) }
        guard text.contains(where: { !$0.isWhitespace }) else { throw .empty(file: name) }
        var sink = RowSink(skipInvalid: skipInvalid, tail: checkpointTail)
        switch format ?? Self.format(name: name, text: text) {
        case .csv: try readDelimited(text, file: name, delimiter: ",", fileColumns: fileColumns, into: &sink)
        case .tsv: try readDelimited(text, file: name, delimiter: "\t", fileColumns: fileColumns, into: &sink)
        case .jsonLines: try readJSONLines(text, file: name, fileColumns: fileColumns, into: &sink)
        }
        return try sink.log(file: name)
    }

    /// The format by extension alone; nil when the content must tell.
    public static func format(name: String) -> Format? {
        let lower = name.lowercased()
        if lower.hasSuffix(".csv") { return .csv }
        if lower.hasSuffix(".tsv") { return .tsv }
        if [".jsonl", ".ndjson", ".json"].contains(where: { lower.hasSuffix($0) }) { return .jsonLines }
        return nil
    }

    /// The format by extension, else by the first non-blank character.
    public static func format(name: String, text: String) -> Format {
        if let known = format(name: name) { return known }
        let first = text.first(where: { !$0.isWhitespace })
        return first == "{" || first == "[" ? .jsonLines : .csv
    }
}

/// Collects the runs of one file, and with `skipInvalid` the rows dropped. With `tail`, it
/// keeps only the last `tail` runs by tokens (ties by line), for `RunLog.lastCheckpoints`
/// without holding a whole trajectory.
struct RowSink {
    var skipInvalid: Bool
    var tail: Int?
    var runs: [Run] = []
    var skippedCount = 0
    var skipped: [RunFileError] = []

    init(skipInvalid: Bool, tail: Int? = nil) { self.skipInvalid = skipInvalid; self.tail = tail }

    /// Adds the run `make` builds, or records its error when skipping (else rethrows it).
    mutating func add(_ make: () throws(RunFileError) -> Run) throws(RunFileError) {
        do {
            keep(try make())
        } catch {
            guard skipInvalid, error.location != nil else { throw error }
            skippedCount += 1
            if skipped.count < RunLog.recordedSkipLimit { skipped.append(error) }
        }
    }

    private mutating func keep(_ run: consuming Run) {
        guard let tail else { runs.append(run); return }
        // Sorted by (tokens, line); the smallest goes once there are more than `tail`.
        func before(_ a: Run, _ b: Run) -> Bool { (a.tokens, a.sourceLine) < (b.tokens, b.sourceLine) }
        if runs.count == tail, let first = runs.first, !before(first, run) { return }
        var k = runs.count
        while k > 0, before(run, runs[k - 1]) { k -= 1 }
        runs.insert(run, at: k)
        if runs.count > tail { runs.removeFirst() }
    }

    /// Empties the sink for the next rows, keeping its runs' memory.
    mutating func clear() {
        runs.removeAll(keepingCapacity: true)
        skippedCount = 0
        skipped = []
    }

    /// Takes in what a sink of the rows after this one's collected, its lines counted from
    /// `lineOffset` on.
    mutating func append(_ later: RowSink, lineOffset: Int = 0) {
        if tail == nil {
            let start = runs.count
            runs.append(contentsOf: later.runs)
            if lineOffset != 0 {
                runs.withUnsafeMutableBufferPointer { runs in
                    for k in start..<runs.count { runs[k].sourceLine += lineOffset }
                }
            }
        } else {
            for var run in later.runs { run.sourceLine += lineOffset; keep(run) }
        }
        skippedCount += later.skippedCount
        skipped += later.skipped.prefix(max(0, RunLog.recordedSkipLimit - skipped.count)).map { $0.shifted(by: lineOffset) }
    }

    /// The file's log: its runs, or with `tail` its one run (the last checkpoint, loss averaged
    /// over the tail as `RunLog.lastCheckpoints` does). Throws when no row made a run.
    func log(file: String) throws(RunFileError) -> RunLog {
        if runs.isEmpty {
            if let first = skipped.first { throw first }
            throw .noRuns(file: file)
        }
        guard tail != nil else { return RunLog(runs: runs, files: [file], skippedCount: skippedCount, skipped: skipped) }
        var run = runs.last!
        run.loss = runs.reduce(0) { $0 + $1.loss } / Double(runs.count)
        var log = RunLog(runs: [run], files: [file], skippedCount: skippedCount, skipped: skipped)
        log.checkpointsAveraged = tail
        return log
    }
}
