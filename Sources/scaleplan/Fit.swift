import ArgumentParser
import Fitting
import Foundation
import Reporting
import ScalingLaws

struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit a scaling law to the runs of a sweep.",
        discussion: """
        Reads runs (CSV with a header, or JSON Lines) and fits the chosen form robustly (Huber \
        loss on log L by default, as Hoffmann et al. and Epoch AI), globally (a dense exponent \
        grid by variable projection, then a full-parameter polish), with standard errors from \
        the curvature or, with --bootstrap, from resampling runs.

        Examples:
          scaleplan fit data/example-sweep.csv
          scaleplan fit runs.csv --exclude-loss-above 3.41 --bootstrap 1000 --seed 1 --save law.json
          scaleplan fit runs.csv --form power-law --against flops --format json
          scaleplan fit runs.csv --tie alpha=beta --bound E=1.5:2.5
          scaleplan fit runs.csv --form data-constrained --fix-from muennighoff2023 --free R_D --free R_N
          scaleplan fit runs.csv --form downstream --link sigmoid --metric acc --column loss=task_bpb --anchor 0=1 --save link.json
          scaleplan fit logs/*.csv --form envelope --file-values sizes.csv --bootstrap 200
          scaleplan fit curve.csv --form broken-power-law --against tokens --breaks 1
        """
    )

    @OptionGroup(title: "Reading runs")
    var input: RunInputOptions

    @Option(help: "Law form: \(LawForm.allCases.map(\.rawValue).joined(separator: ", ")).")
    var form: LawForm = .chinchilla

    @Option(help: ArgumentHelp("For power-law and broken-power-law: the variable x: flops, params, tokens, or any other run column (a curve in that column, e.g. step; predict it with predict --x).", valueName: "flops|params|tokens|COLUMN"))
    var against: String = "flops"

    /// `--against` as one of the three variables (nil: a run column).
    var againstVariable: ScalingVariable? { ScalingVariable(rawValue: against) }

    @Option(help: ArgumentHelp("For envelope: the FLOP window of the envelope (default: from the last FLOPs of the smallest model's shortest run to those of the largest model's shortest run).", valueName: "LO:HI"))
    var flopsRange: String?

    @Option(help: "For broken-power-law: the number of breaks n in Caballero et al.'s y = a + b·x^(−c0)·Π (1 + (x/d_i)^(1/f_i))^(−c_i·f_i) (1 to 3).")
    var breaks: Int = 1

    @Flag(help: "For power-law: no irreducible loss (E = 0).")
    var noFloor = false

    @Option(help: "Objective: huber (on log L), squared (on log L) or squared-linear (on L). Default: huber; for broken-power-law, squared (on log y, as Caballero et al.); for downstream, squared-linear (least squares on the metric, as Gadre et al. and Bhagia et al.).")
    var loss: LossChoice?

    @Option(help: "For downstream: the link from loss to metric: exponential (Gadre et al.: M = ε − k·exp(−γ·L)) or sigmoid (Bhagia et al.: M = a/(1 + e^(−k·(L − L0))) + b).")
    var link: LinkKind = .exponential

    @Option(help: ArgumentHelp("For downstream: the run column the link predicts from the loss (e.g. err_avg17).", valueName: "COLUMN"))
    var metric: String?

    @Option(help: ArgumentHelp("For downstream: a known point added to the runs' (Bhagia et al. add 0=1: zero loss, full accuracy). Repeatable.", valueName: "LOSS=METRIC"))
    var anchor: [String] = []

    @Option(help: "Huber's δ (on log L residuals).")
    var delta: Double = 1e-3

    @Option(help: "Bootstrap resamples (each a global fit); 0 for curvature standard errors only.")
    var bootstrap: Int = 0

    @Option(help: "Seed of the bootstrap's random draws.")
    var seed: UInt64 = 0

    @Option(help: "Confidence level of intervals.")
    var confidence: Double = 0.9

    @Option(help: "Also fit without the K largest-compute runs (a power law: largest in its x; a downstream link: the K lowest-loss points) and report the error predicting them.")
    var holdoutLargest: Int = 0

    @Flag(help: "Hoffmann et al.'s approaches 1, 2 and 3 on the same training logs (one file per run, every checkpoint; N per file from --file-values), their a and b with intervals in one table.")
    var compareApproaches = false

    @Flag(help: "Fit every applicable form without the --holdout-largest K runs (default 3) and rank them by the error predicting those, with AIC and BIC on the rest.")
    var compareForms = false

    @Option(help: "For isoflop: fit each parabola to the sizes within this factor of the budget's lowest-loss run (at least 5 sizes); 0 fits whole profiles.")
    var isoflopWindow: Double = 4

    @Option(help: "Exponent grid points per axis in the global search.")
    var grid: Int = 50

    @Option(help: "For data-constrained: R*_D, fixed (Muennighoff et al. fit 15.4; the same as --fix R_D=VALUE); omit to fit it.")
    var repetitionHalfLife: Double?

    @Option(help: "For data-constrained: R*_N for parameters beyond what the unique data supports, fixed (Muennighoff et al. fit 5.3; 'inf' for no discount; the same as --fix R_N=VALUE); omit to fit it.")
    var paramsHalfLife: Double?

    @OptionGroup(title: "Parameters")
    var parameterOptions: ParameterOptions

    @Option(help: "Output format: text, markdown, csv, latex, json.")
    var format: TableFormat = .text

    @Option(help: "Write the law (fit JSON, with bootstrap samples) to this file.")
    var save: String?

    @Flag(help: "Overwrite the --save file if it exists.")
    var force = false

    enum LossChoice: String, ExpressibleByArgument, CaseIterable {
        case huber, squared
        case squaredLinear = "squared-linear"
    }

    func validate() throws {
        if input.files.isEmpty { throw ValidationError("give at least one run file (CSV or JSON Lines)") }
        if bootstrap < 0 { throw ValidationError("--bootstrap must be 0 or more") }
        if !(confidence > 0 && confidence < 1) { throw ValidationError("--confidence must be between 0 and 1, e.g. 0.9") }
        if !(delta > 0 && delta.isFinite) { throw ValidationError("--delta must be a positive number") }
        if holdoutLargest < 0 { throw ValidationError("--holdout-largest must be 0 or more") }
        if grid < 5 { throw ValidationError("--grid must be at least 5") }
        if !(isoflopWindow == 0 || (isoflopWindow > 1 && isoflopWindow.isFinite)) {
            throw ValidationError("--isoflop-window must be 0 (whole profiles) or a factor above 1, e.g. 4")
        }
        if let r = repetitionHalfLife, !(r > 0 && r.isFinite) {
            throw ValidationError("--repetition-half-life must be a positive number of epochs, e.g. 15.4")
        }
        if let r = paramsHalfLife, !(r > 0) { throw ValidationError("--params-half-life must be positive (or inf), e.g. 5.3") }
        if form != .dataConstrained && (repetitionHalfLife != nil || paramsHalfLife != nil) {
            throw ValidationError("--repetition-half-life and --params-half-life are for --form data-constrained (this fit is --form \(form.rawValue))")
        }
        if !(1...3).contains(breaks) { throw ValidationError("--breaks must be 1, 2 or 3, got \(breaks)") }
        if form == .downstream && metric == nil { throw ValidationError("--form downstream needs --metric COLUMN: the run column the link predicts (e.g. err_avg17)") }
        if form != .downstream && (metric != nil || !anchor.isEmpty) { throw ValidationError("--metric and --anchor are for --form downstream") }
        _ = try anchors()
        _ = try flopsWindow()
        if flopsRange != nil && form != .envelope { throw ValidationError("--flops-range is for --form envelope") }
        if form == .downstream && (compareForms || compareApproaches) {
            throw ValidationError("--compare-forms and --compare-approaches compare laws of the loss; a link's extrapolation is checked with --form downstream --holdout-largest K")
        }
        if againstVariable == nil {
            if against.isEmpty { throw ValidationError("--against takes flops, params, tokens or a column name") }
            if form != .powerLaw && form != .brokenPowerLaw {
                throw ValidationError("--against \(against): a run column is an x for --form power-law or broken-power-law")
            }
            if let quantity = ColumnAliases.quantity(forColumn: against) {
                throw ValidationError("--against \(against): the reader takes this column as \(quantity.rawValue); say --against \(quantity.rawValue)")
            }
            if compareForms || compareApproaches { throw ValidationError("--against \(against): --compare-forms and --compare-approaches compare laws of (N, D) and compute, not a curve in a column") }
        }
    }

    var options: FitOptions {
        let objective: FitObjective
        switch loss ?? (form == .downstream ? .squaredLinear : (form == .brokenPowerLaw ? .squared : .huber)) {
        case .huber: objective = FitObjective(loss: .huber(delta: delta), space: .log)
        case .squared: objective = FitObjective(loss: .squared, space: .log)
        case .squaredLinear: objective = FitObjective(loss: .squared, space: .linear)
        }
        var options = FitOptions(form: form, against: againstVariable ?? .flops, floor: !noFloor, objective: objective,
                                 bootstrap: bootstrap, seed: seed, confidence: confidence,
                                 holdoutLargest: holdoutLargest, gridSize: grid,
                                 repetitionHalfLife: repetitionHalfLife)
        options.isoflopWindow = isoflopWindow
        options.paramsHalfLife = paramsHalfLife
        options.link = link
        options.breaks = breaks
        options.flopsRange = try? flopsWindow()
        options.metric = metric
        options.againstColumn = againstVariable == nil ? against : nil
        options.anchors = (try? anchors()) ?? []
        return options
    }

    /// `--flops-range LO:HI`.
    func flopsWindow() throws -> Interval? {
        guard let text = flopsRange else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { try? NumberParsing.parse(String($0)) }
        guard parts.count == 2, let lo = parts[0], let hi = parts[1], lo > 0, hi > lo, hi.isFinite else {
            throw ValidationError("--flops-range takes LO:HI with 0 < LO < HI (e.g. 1e18:1e20), got '\(text)'")
        }
        return Interval(lo, hi)
    }

    /// `--anchor LOSS=METRIC` points.
    func anchors() throws -> [LinkAnchor] {
        try anchor.map { text in
            let parts = text.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2, let l = Double(parts[0].trimmingCharacters(in: .whitespaces)),
                  let m = Double(parts[1].trimmingCharacters(in: .whitespaces)), l.isFinite, m.isFinite else {
                throw ValidationError("--anchor takes LOSS=METRIC with two numbers (e.g. 0=1), got '\(text)'")
            }
            return LinkAnchor(loss: l, metric: m)
        }
    }

    func run() throws {
        // A power law in one variable needs only that one of params, tokens and flops.
        // A curve in a run column needs only the loss and that column (kept as a tag).
        let column = (form == .powerLaw || form == .brokenPowerLaw) && againstVariable == nil ? against : nil
        let loaded = try input.load(alone: form == .powerLaw || form == .brokenPowerLaw ? (againstVariable.map { RunQuantity(rawValue: $0.rawValue)! } ?? .loss) : (form == .downstream ? .loss : nil),
                                    smoothing: metric.map { [$0] } ?? column.map { [$0] } ?? [])
        let progress = Progress("fit", isTerminal: !input.quiet && Progress.isTerminal, delay: 1)
        var fits: [(String, FitResult)] = []
        let groups = loaded.groups?.map { ($0.value, $0.runs) } ?? [("", loaded.log.runs)]
        var options = self.options
        if compareApproaches {
            let rows = ApproachComparison.compare(loaded.log.runs, options: options)
            print(FitReport.approachComparisonTable(rows, confidence: options.confidence).render(format), terminator: "")
            return
        }
        if compareForms {
            if options.holdoutLargest == 0 { options.holdoutLargest = 3 }
            options.constraints = try parameterOptions.constraints(for: options)
            let rows = try FormComparison.compare(loaded.log.runs, options: options, objective: loss == nil ? nil : options.objective)
            print(FitReport.formComparisonTable(rows, heldOut: options.holdoutLargest, confidence: options.bootstrap > 0 ? options.confidence : nil).render(format), terminator: "")
            return
        }
        options.constraints = try parameterOptions.constraints(for: options)
        for (group, runs) in groups {
            do {
                let fit = try Fitter.fit(runs, options: options, phases: progress.phases)
                progress.finish()
                fits.append((group, fit))
            } catch let error as ParameterConstraintError {
                progress.finish()
                throw CommandError("\(ParameterOptions.option(of: error)): \(error)")
            } catch {
                progress.finish()
                throw LoadedRuns.refusal(error, runs: runs, group: group)
            }
        }
        let excludedCount = loaded.read.runs.count - loaded.log.runs.count
        let exclusions = FitJSON.Exclusions(count: excludedCount,
                                            reasons: loaded.outcomes.filter { $0.excluded > 0 }.map(\.description))
        if let save {
            guard fits.count == 1 else { throw CommandError("--save writes one law; with --group there are \(fits.count): fit each group separately") }
            try write(FitJSON.string(fits[0].1, excluded: exclusions), to: save, force: force)
        }
        print(FitRendering(fits: fits, loaded: loaded, format: format, exclusions: exclusions, groupColumn: input.group).render(), terminator: "")
    }
}

extension LawForm: ExpressibleByArgument {}
extension ScalingVariable: ExpressibleByArgument {}
extension LinkKind: ExpressibleByArgument {}
