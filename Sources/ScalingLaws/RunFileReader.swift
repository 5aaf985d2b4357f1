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

    public init(columns: ColumnMapping = ColumnMapping(), skipInvalid: Bool = false, alone: RunQuantity? = nil,
                requireLoss: Bool = true) {
        self.columns = columns
        self.skipInvalid = skipInvalid
        self.alone = alone
        self.requireLoss = requireLoss
    }

    /// Reads every file and combines them (in order) into one log.
    public func read(paths: [String]) throws(RunFileError) -> RunLog {
        var logs: [RunLog] = []
        for path in paths { logs.append(try read(path: path)) }
        return RunLog(combining: logs)
    }

    /// Reads one file. `fileColumns` are columns given for the whole file (`FileValues`): each
    /// acts as a column of every row, unless the file has a column of that name.
    public func read(path: String, fileColumns: [FileValues.Column] = []) throws(RunFileError) -> RunLog {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(file: path) }
        return try read(data: data, name: path, fileColumns: fileColumns)
    }

    /// Reads file content; `name` is what messages call the file.
    public func read(data: Data, name: String, format: Format? = nil,
                     fileColumns: [FileValues.Column] = []) throws(RunFileError) -> RunLog {
        let body = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...]
        guard let text = String(data: body, encoding: .utf8) else { throw .notUTF8(file: name) }
        guard text.contains(where: { !$0.isWhitespace }) else { throw .empty(file: name) }
        var sink = RowSink(skipInvalid: skipInvalid)
        switch format ?? Self.format(name: name, text: text) {
        case .csv: try readDelimited(text, file: name, delimiter: ",", fileColumns: fileColumns, into: &sink)
        case .tsv: try readDelimited(text, file: name, delimiter: "\t", fileColumns: fileColumns, into: &sink)
        case .jsonLines: try readJSONLines(text, file: name, fileColumns: fileColumns, into: &sink)
        }
        if sink.runs.isEmpty {
            if let first = sink.skipped.first { throw first }
            throw .noRuns(file: name)
        }
        return RunLog(runs: sink.runs, files: [name], skippedCount: sink.skippedCount, skipped: sink.skipped)
    }

    /// The format by extension, else by the first non-blank character.
    public static func format(name: String, text: String) -> Format {
        let lower = name.lowercased()
        if lower.hasSuffix(".csv") { return .csv }
        if lower.hasSuffix(".tsv") { return .tsv }
        if [".jsonl", ".ndjson", ".json"].contains(where: { lower.hasSuffix($0) }) { return .jsonLines }
        let first = text.first(where: { !$0.isWhitespace })
        return first == "{" || first == "[" ? .jsonLines : .csv
    }
}

/// Collects the runs of one file, and with `skipInvalid` the rows dropped.
struct RowSink {
    var skipInvalid: Bool
    var runs: [Run] = []
    var skippedCount = 0
    var skipped: [RunFileError] = []

    init(skipInvalid: Bool) { self.skipInvalid = skipInvalid }

    /// Adds the run `make` builds, or records its error when skipping (else rethrows it).
    mutating func add(_ make: () throws(RunFileError) -> Run) throws(RunFileError) {
        do {
            runs.append(try make())
        } catch {
            guard skipInvalid, error.location != nil else { throw error }
            skippedCount += 1
            if skipped.count < RunLog.recordedSkipLimit { skipped.append(error) }
        }
    }
}
