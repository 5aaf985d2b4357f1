import ArgumentParser
import Fitting
import Foundation
import Reporting
import ScalingLaws

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare datasets from your own sweeps: compute and effective-data multipliers against a baseline.",
        discussion: """
        Fits the Chinchilla law to each group of runs (--group COLUMN, e.g. dataset), apart or \
        sharing parameters (--shared alpha,beta), and prints per group and target loss the \
        compute of the cheapest model reaching it, the compute multiplier against the baseline \
        (C_baseline/C_group: above 1, the group gets there cheaper) and the effective-data \
        multiplier (baseline tokens worth one of the group's, at the group's compute-optimal \
        size). With different exponents the multipliers change with the target; the loss at \
        which the ranking flips is printed. --bootstrap gives intervals.

        Examples:
          scaleplan compare runs.csv --group dataset --baseline c4 --target-loss 3.0 --target-loss 2.8
          scaleplan compare runs.csv --group dataset --shared alpha,beta --bootstrap 200 --seed 1 --format json
        """
    )

    @OptionGroup(title: "Reading runs")
    var input: RunInputOptions

    @Option(help: ArgumentHelp("The group the others are measured against (default: the first group read).", valueName: "NAME"))
    var baseline: String?

    @Option(name: .customLong("target-loss"), parsing: .singleValue,
            help: ArgumentHelp("A loss to compare at (repeatable; default: the lowest loss every group reached, and 2% and 5% below it where every group's law reaches them).", valueName: "L"))
    var targetLosses: [Double] = []

    @Option(help: ArgumentHelp("Chinchilla parameters fitted once for all groups, comma-separated (e.g. alpha,beta).", valueName: "NAMES"))
    var shared: String?

    @Option(help: "Bootstrap resamples (each a global fit); 0 for no intervals.")
    var bootstrap: Int = 0

    @Option(help: "Seed of the bootstrap's random draws.")
    var seed: UInt64 = 0

    @Option(help: "Confidence level of intervals.")
    var confidence: Double = 0.9

    @Option(help: "Output format: text, markdown, csv, latex, json.")
    var format: TableFormat = .text

    @Option(help: ArgumentHelp("Write the group's data multiplier against the baseline (two groups, one --target-loss) as JSON that plan --data-multiplier reads.", valueName: "FILE.json"))
    var saveMultiplier: String?

    @Flag(help: "Overwrite the --save-multiplier file if it exists.")
    var force = false

    func validate() throws {
        if input.files.isEmpty { throw ValidationError("give at least one run file (CSV or JSON Lines)") }
        if input.group == nil { throw ValidationError("compare needs --group COLUMN: the tag that names each run's dataset") }
        if bootstrap < 0 { throw ValidationError("--bootstrap must be 0 or more") }
        if !(confidence > 0 && confidence < 1) { throw ValidationError("--confidence must be between 0 and 1, e.g. 0.9") }
        if let bad = targetLosses.first(where: { !($0 > 0 && $0.isFinite) }) { throw ValidationError("--target-loss must be a positive loss, got \(bad)") }
    }

    func run() throws {
        let loaded = try input.load()
        let groups = (loaded.groups ?? []).map { (name: $0.value, runs: $0.runs) }
        var options = FitOptions(bootstrap: bootstrap, seed: seed, confidence: confidence)
        options.gridSize = 50
        let sharedNames = shared.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        let progress = Progress("bootstrap")
        let comparison: DatasetComparison
        do {
            comparison = try DatasetComparer.compare(groups, baseline: baseline, targetLosses: targetLosses,
                                                     shared: sharedNames, options: options)
        } catch {
            progress.finish()
            throw CommandError("compare (--group \(input.group!)): \(error)")
        }
        progress.finish()
        if let path = saveMultiplier {
            let others = comparison.rows.filter { $0.group != comparison.baseline }
            guard others.count == 1, let row = others.first else {
                throw CommandError("--save-multiplier writes one multiplier: compare two groups at one --target-loss (here \(others.count) rows against the baseline)")
            }
            guard let m = row.dataMultiplier, m.isFinite else {
                throw CommandError("--save-multiplier: \(row.group) has no finite data multiplier at loss \(row.targetLoss)")
            }
            var object: [String: Any] = ["data_multiplier": m, "group": row.group, "baseline": comparison.baseline,
                                         "target_loss": row.targetLoss]
            if let i = row.intervals["data_multiplier"] { object["interval"] = [i.low, i.high]; object["confidence"] = comparison.confidence }
            try write(FitJSON.serialize(object) + "\n", to: path, force: force)
        }
        if format == .json {
            print(FitJSON.serialize(ComparisonReport.object(comparison)))
        } else {
            print(ComparisonReport.table(comparison).render(format), terminator: "")
        }
    }
}
