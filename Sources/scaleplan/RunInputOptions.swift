import ArgumentParser
import Fitting
import Foundation
import ScalingLaws

/// The options of every command that reads runs as positional files (`fit`, `report`): the
/// files and how to read them (`RunReadingOptions`). Use it with `@OptionGroup var input:
/// RunInputOptions` and call `load()`.
struct RunInputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Run files: CSV with a header, or JSON Lines ('-' reads standard input).",
                                 valueName: "RUNS"))
    var files: [String] = []

    @OptionGroup var reading: RunReadingOptions

    /// The `--group` column.
    var group: String? { reading.group }
    /// `--quiet`: no progress bars.
    var quiet: Bool { reading.quiet }

    func validate() throws { try reading.validate(files: files) }

    /// Reads, validates, filters and (with `--group`) groups the runs. With `alone`, a file
    /// may give only that one of params, tokens and flops (a power law in it).
    func load(alone: RunQuantity? = nil, smoothing: [String] = []) throws -> LoadedRuns {
        // Checked here, not in validate(): `report --law` reads no runs.
        guard !files.isEmpty else { throw ValidationError("give at least one run file (CSV or JSON Lines)") }
        return try reading.load(files: files, alone: alone, smoothing: smoothing)
    }
}

/// How run files are read, whichever way a command names them (`fit RUNS...`, `predict
/// --runs FILE...`): the column mapping, per-file values, checkpoints, skipping invalid rows,
/// filters and grouping. Use it with `@OptionGroup var reading: RunReadingOptions` and call
/// `load(files:)`.
struct RunReadingOptions: ParsableArguments {
    @Option(name: .customLong("column"),
            help: ArgumentHelp("Read a quantity from your column: QUANTITY=COLUMN, QUANTITY one of params, tokens, flops, loss, unique_tokens (e.g. loss=val_loss). Repeatable.",
                               valueName: "QUANTITY=COLUMN"))
    var columns: [String] = []

    @Option(help: ArgumentHelp("A CSV table adding columns to whole run files: a 'file' column (path, base name or pattern like '190M-*') and one column per value every row of that file shares (e.g. params of a trajectory log); '-' reads it from standard input.",
                               valueName: "TABLE.csv"))
    var fileValues: String?

    @Option(help: ArgumentHelp("Read each file as one run logged at checkpoints: the run is its last checkpoint by tokens, its loss the mean over the last K (Bhagia et al. average 5).",
                               valueName: "K"))
    var lastCheckpoints: Int?

    @Option(help: ArgumentHelp("'all': read every checkpoint (row) of each file as a point, in training order (by tokens or a step column), for a downstream link (Bhagia et al.'s step 2).", valueName: "all"))
    var checkpoints: CheckpointChoice?

    @Option(help: ArgumentHelp("With --checkpoints all: drop the first fraction F of each file's checkpoints (warm-up).", valueName: "F"))
    var skipWarmup: Double = 0

    @Option(help: ArgumentHelp("With --checkpoints all: replace loss and metric by their trailing K-checkpoint mean within each file.", valueName: "K"))
    var smooth: Int = 1

    enum CheckpointChoice: String, ExpressibleByArgument { case all }

    @Flag(help: "Drop invalid rows and report how many, instead of stopping at the first.")
    var skipInvalid = false

    @Flag(help: "No progress bars on standard error (they show only on a terminal, for work over a second).")
    var quiet = false

    @Option(name: .customLong("where"),
            help: ArgumentHelp("Keep runs meeting NAME OP VALUE, OP one of = != < <= > >= (e.g. dataset=c4, params>=1e8, tokens<=1T). Repeatable; all must hold.",
                               valueName: "CONDITION"))
    var conditions: [String] = []

    @Option(help: ArgumentHelp("Exclude runs with loss above X (Epoch drops Chinchilla's 5 runs above 3.41).", valueName: "X"))
    var excludeLossAbove: String?

    @Option(help: ArgumentHelp("Group runs by the values of this tag column (e.g. dataset).", valueName: "COLUMN"))
    var group: String?

    func validate() throws {
        if checkpoints != nil && lastCheckpoints != nil { throw ValidationError("give --checkpoints all or --last-checkpoints K, not both") }
        if checkpoints == nil && (skipWarmup != 0 || smooth != 1) { throw ValidationError("--skip-warmup and --smooth are for --checkpoints all") }
        if !(skipWarmup >= 0 && skipWarmup < 1) { throw ValidationError("--skip-warmup must be a fraction in [0, 1), e.g. 0.1; got \(skipWarmup)") }
        if smooth < 1 { throw ValidationError("--smooth must be at least 1 (checkpoints averaged); got \(smooth)") }
        if let k = lastCheckpoints, k < 1 { throw ValidationError("--last-checkpoints must be at least 1 (the checkpoints a run's loss averages)") }
        do {
            _ = try ColumnMapping(parsing: columns)
            _ = try filters()
        } catch let error as CustomStringConvertible & Error {
            throw ValidationError(error.description)
        }
    }

    /// The checks that need the files too: standard input is read at most once.
    func validate(files: [String]) throws {
        guard files.filter({ $0 == "-" }).count + (fileValues == "-" ? 1 : 0) <= 1 else {
            throw ValidationError("standard input ('-') can be read only once")
        }
    }

    /// The filters in the order given: `--where`s, then `--exclude-loss-above`.
    func filters() throws -> [RunFilter] {
        var filters = try conditions.map { expression throws(RunFilterError) in try RunFilter(parsing: expression) }
        if let text = excludeLossAbove {
            do {
                filters.append(.excludingLoss(above: try NumberParsing.parse(text, allowingSuffix: false)))
            } catch {
                throw ValidationError("--exclude-loss-above: \(error)")
            }
        }
        return filters
    }

    /// Reads `files`, validates, filters and (with `--group`) groups the runs. With `alone`, a
    /// file may give only that one of params, tokens and flops (a power law in it); without
    /// `requireLoss`, runs may lack a loss (runs to predict).
    ///
    /// Only the tag columns a `--where` or `--group` names are kept, and with
    /// `--last-checkpoints` each file's tail is kept as its rows stream by (with `--checkpoints
    /// all`, every tag is kept: the training order may come from a step column); a filter or group
    /// that fails is tried again on everything read, so its message is the one it always was.
    func load(files: [String], alone: RunQuantity? = nil, requireLoss: Bool = true, smoothing: [String] = []) throws -> LoadedRuns {
        let filters = try filters()
        var kept = Set(filters.compactMap { filter -> String? in
            if case let .tag(name) = filter.subject { return name } else { return nil }
        })
        if let group { kept.insert(group) }
        kept.formUnion(smoothing)   // --checkpoints all smooths these columns
        // The streamed tail orders rows by tokens: for logs with tokens, each file read once.
        let streamTail = lastCheckpoints != nil && (alone == nil || alone == .tokens) && Set(files).count == files.count
        // Runs to predict keep every tag: their report labels rows by `run` or `name`.
        let reader = RunFileReader(columns: try ColumnMapping(parsing: columns), skipInvalid: skipInvalid, alone: alone,
                                   requireLoss: requireLoss, keptTags: checkpoints == .all || !requireLoss ? nil : kept,
                                   checkpointTail: streamTail ? lastCheckpoints : nil)
        let table = try fileValues.map { path throws(RunFileError) in
            path == "-" ? try FileValues.read(data: FileHandle.standardInput.readDataToEndOfFile(), origin: "<stdin>")
                        : try FileValues.read(path: path)
        }
        let sources = files.map { file in
            file == "-" ? RunFileReader.Source(.data(FileHandle.standardInput.readDataToEndOfFile(), name: "<stdin>"),
                                               fileColumns: table?.columns(for: "-") ?? [])
                        : RunFileReader.Source(.path(file), fileColumns: table?.columns(for: file) ?? [])
        }
        let progress = Progress("reading", isTerminal: !quiet && Progress.isTerminal, unit: .bytes, delay: 1)
        defer { progress.finish() }
        var read = RunLog(combining: try reader.read(sources, progress: progress.callback))
        progress.finish()
        if let k = lastCheckpoints {
            if streamTail { read.checkpointsAveraged = k } else { read = read.lastCheckpoints(k) }
        }
        if checkpoints == .all { read = try read.everyCheckpoint(skipWarmup: skipWarmup, smooth: smooth, columns: smoothing) }
        do {
            return try select(read, filters: filters)
        } catch {
            guard error is RunFilterError else { throw error }
            // The message names the columns found: say it as reading every tag says it.
            var full = reader
            full.keptTags = nil
            var all = RunLog(combining: try full.read(sources))
            if let k = lastCheckpoints {
                if streamTail { all.checkpointsAveraged = k } else { all = all.lastCheckpoints(k) }
            }
            _ = try select(all, filters: filters)
            throw error
        }
    }

    /// The runs the filters keep, grouped with `--group`.
    private func select(_ read: RunLog, filters: [RunFilter]) throws -> LoadedRuns {
        let (log, outcomes) = try read.filtered(by: filters)
        let groups = try group.map { name throws(RunFilterError) in try log.grouped(by: name) }
        return LoadedRuns(read: read, log: log, outcomes: outcomes, groups: groups)
    }
}

/// Runs as `RunInputOptions.load()` returns them.
struct LoadedRuns {
    /// Every valid run read, before filters.
    var read: RunLog
    /// The runs the filters kept.
    var log: RunLog
    /// Per filter, how many runs it excluded.
    var outcomes: [FilterOutcome]
    /// With `--group`: the kept runs by tag value, in order of first appearance.
    var groups: [RunGroup]?

    /// Lines for people (stderr or a report): derivations, skips, warnings, exclusions.
    var notes: [String] {
        read.notes + outcomes.filter { $0.excluded > 0 }.map(\.description)
    }
}

extension LoadedRuns {
    /// A fit's refusal of a whole set of runs (too few, one model size, one loss, ...) as the
    /// user reads it: naming the files the runs came from, and the group with `--group`.
    /// Other errors pass through (with the group named).
    static func refusal(_ error: any Error, runs: [Run], group: String) -> any Error {
        guard let fitError = error as? FitError else {
            return group.isEmpty ? error : CommandError("group '\(group)': \(error)")
        }
        if case .invalidOption = fitError { return group.isEmpty ? error : CommandError("group '\(group)': \(error)") }
        var files: [String] = []
        for run in runs where !files.contains(run.source.file) { files.append(run.source.file) }
        let shown = files.count <= 3 ? files.joined(separator: ", ")
            : files.prefix(2).joined(separator: ", ") + " and \(files.count - 2) more files"
        let place = group.isEmpty ? shown : "\(shown), group '\(group)'"
        return CommandError(place.isEmpty ? "\(fitError)" : "\(place): \(fitError)")
    }
}
