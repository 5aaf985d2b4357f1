import ArgumentParser
import Foundation
import ScalingLaws

/// The options of every command that reads runs (`fit`, `report`): the files, the column
/// mapping, skipping invalid rows, filters and grouping. Use it with `@OptionGroup var input:
/// RunInputOptions` and call `load()`.
struct RunInputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Run files: CSV with a header, or JSON Lines ('-' reads standard input).",
                                 valueName: "RUNS"))
    var files: [String] = []

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

    @Option(name: .customLong("where"),
            help: ArgumentHelp("Keep runs meeting NAME OP VALUE, OP one of = != < <= > >= (e.g. dataset=c4, params>=1e8, tokens<=1T). Repeatable; all must hold.",
                               valueName: "CONDITION"))
    var conditions: [String] = []

    @Option(help: ArgumentHelp("Exclude runs with loss above X (Epoch drops Chinchilla's 5 runs above 3.41).", valueName: "X"))
    var excludeLossAbove: String?

    @Option(help: ArgumentHelp("Group runs by the values of this tag column (e.g. dataset).", valueName: "COLUMN"))
    var group: String?

    func validate() throws {
        guard files.filter({ $0 == "-" }).count + (fileValues == "-" ? 1 : 0) <= 1 else {
            throw ValidationError("standard input ('-') can be read only once")
        }
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

    /// Reads, validates, filters and (with `--group`) groups the runs. With `alone`, a file
    /// may give only that one of params, tokens and flops (a power law in it).
    func load(alone: RunQuantity? = nil, smoothing: [String] = []) throws -> LoadedRuns {
        // Checked here, not in validate(): `report --law` reads no runs.
        guard !files.isEmpty else { throw ValidationError("give at least one run file (CSV or JSON Lines)") }
        let reader = RunFileReader(columns: try ColumnMapping(parsing: columns), skipInvalid: skipInvalid, alone: alone)
        let table = try fileValues.map { path throws(RunFileError) in
            path == "-" ? try FileValues.read(data: FileHandle.standardInput.readDataToEndOfFile(), origin: "<stdin>")
                        : try FileValues.read(path: path)
        }
        var logs: [RunLog] = []
        for file in files {
            if file == "-" {
                let data = FileHandle.standardInput.readDataToEndOfFile()
                logs.append(try reader.read(data: data, name: "<stdin>", fileColumns: table?.columns(for: "-") ?? []))
            } else {
                logs.append(try reader.read(path: file, fileColumns: table?.columns(for: file) ?? []))
            }
        }
        var read = RunLog(combining: logs)
        if let k = lastCheckpoints { read = read.lastCheckpoints(k) }
        if checkpoints == .all { read = try read.everyCheckpoint(skipWarmup: skipWarmup, smooth: smooth, columns: smoothing) }
        let (log, outcomes) = try read.filtered(by: try filters())
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
