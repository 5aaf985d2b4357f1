import ArgumentParser
import Fitting
import Foundation
import Planning
import Reporting
import ScalingLaws

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a report for a planning document: report.md (or report.html) and SVG figures.",
        discussion: """
        From runs: fits L(N, D) = E + A/N^α + B/D^β and reports the law, its intervals \
        (with --bootstrap), diagnostics and charts. From a law (--law or --preset): the law \
        only. Then plans one quality at several inference demands (Sardana & Frankle 2024). \
        The quality is the plan target if given (--quality-of, --target-loss, ...), else that of \
        the Chinchilla-optimal model at 10× the largest fitted budget (from runs) or of a \
        70B model (from a law). Files scaleplan did not write are never overwritten without --force.

        Examples:
          scaleplan report data/sweep-epoch-1pct.csv --bootstrap 200 --seed 1 --out report
          scaleplan report runs.csv --exclude-loss-above 3.41 --quality-of 30B --objective cost --train-gpu h100-sxm --out report
          scaleplan report --preset chinchilla-sardana --demands 1e12,1e13,1e14 --format html --out report
        """)

    @OptionGroup(title: "Reading runs")
    var input: RunInputOptions

    @OptionGroup(title: "Law and plan (as for `plan`)")
    var planning: PlanOptions

    @Option(help: "Bootstrap resamples of the fit (intervals and bands); 0 for curvature standard errors only.")
    var bootstrap: Int = 0

    @Option(help: "Seed of the bootstrap's random draws.")
    var seed: UInt64 = 0

    @Option(help: "Also fit without the K largest-compute runs and report the error predicting them (default: a tenth of the runs, when there are 20 or more; 0 for none).")
    var holdoutLargest: Int?

    @Option(help: ArgumentHelp("Lifetime inference demands (tokens) of the planning table, comma-separated.", valueName: "T,T,..."))
    var demands: String = "0,1e11,1e12,1e13"

    @Option(help: ArgumentHelp("Directory for report.md (or report.html) and the figures; created if missing.", valueName: "DIR"))
    var out: String

    @Flag(help: "Overwrite files in DIR that scaleplan did not write (or that were edited since).")
    var force = false

    func validate() throws {
        if bootstrap < 0 { throw ValidationError("--bootstrap must be 0 or more") }
        if let holdoutLargest, holdoutLargest < 0 { throw ValidationError("--holdout-largest must be 0 or more") }
        if input.group != nil { throw ValidationError("a report fits one law: select one group with --where NAME=VALUE instead of --group") }
        _ = try demandList()
    }

    func demandList() throws -> [Double] {
        let values = try demands.split(separator: ",").map { try PlanNumber.parse(String($0)) }
        guard !values.isEmpty, values.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw ValidationError("--demands takes inference token counts ≥ 0, comma-separated (e.g. 0,1e11,1e12,1e13)")
        }
        return values
    }

    func run() throws {
        let spec = planning.spec
        let format = try reportFormat(planning.format)
        let hasLaw = spec.law != nil || spec.preset != nil
        if input.files.isEmpty == !hasLaw {
            throw ValidationError(hasLaw ? "give run files or a law (--law/--preset), not both"
                                         : "give run files to fit, or a law with --law LAW.json or --preset NAME")
        }
        var report = try hasLaw ? lawReport(spec) : fitReport(spec)
        if let path = spec.link {
            let file = try LawFile.read(path: path)
            report.downstream = .init(link: try file.link(), samples: file.linkSamples(), metric: file.metric ?? "metric", source: "`\(path)`")
        }
        let planner = try spec.planner(law: report.law, lawFile: hasLaw ? try spec.lawFile() : nil)
        var demandValues = try demandList()
        let asked = try spec.demand().tokens
        if asked > 0 && !demandValues.contains(asked) { demandValues = (demandValues + [asked]).sorted() }
        let (goal, words) = try target(spec, report)
        report.plan = PlanReport(planner: planner, target: goal, demands: demandValues,
                                 samples: report.samples, confidence: spec.confidence ?? 0.9)
        report.targetDescription = words
        report.costDescription = planner.objective == .cost ? "dollars" : "FLOPs"
        if planner.costModel.isPriced {
            let train = spec.trainGpu ?? "a100-80gb", infer = spec.inferGpu ?? train
            report.costDescription += train == infer ? " on \(train)" : ", training on \(train) and serving on \(infer)"
        }
        report.command = (["scaleplan"] + CommandLine.arguments.dropFirst().map(shellQuoted)).joined(separator: " ")
        let written = try report.document().write(to: out, format: format, force: force)
        for name in written { print((out as NSString).appendingPathComponent(name)) }
    }

    /// The fit of the runs and its report.
    func fitReport(_ spec: PlanSpec) throws -> ScalingReport {
        let loaded = try input.load()
        let runs = loaded.log.runs
        // The extrapolation check a planning document needs, on by default.
        let holdout = holdoutLargest ?? (runs.count >= 20 ? runs.count / 10 : 0)
        let options = FitOptions(bootstrap: bootstrap, seed: seed, confidence: spec.confidence ?? 0.9, holdoutLargest: holdout)
        let progress = Progress("fit", isTerminal: !input.quiet && Progress.isTerminal, delay: 1)
        defer { progress.finish() }
        let fit = try Fitter.fit(runs, options: options, phases: progress.phases)
        guard let law = fit.chinchillaLaw else { throw CommandError("the fit did not give a Chinchilla law") }
        var report = ScalingReport(law: law, samples: fit.samples.compactMap { try? ChinchillaLaw(parameters: $0) },
                                   lawSource: "the fit", confidence: spec.confidence ?? 0.9)
        // Runs on a grid of compute budgets also get Hoffmann's approach 2 (IsoFLOP profiles).
        let isoflop = (try? Fitter.fit(runs, options: FitOptions(form: .isoflop))).flatMap {
            ScalingReport.formsIsoFLOPBudgets($0, runs: runs.count) ? $0 : nil
        }
        report.fitPart = ScalingReport.FitPart(fit: fit, runs: runs, runsRead: loaded.read.runs.count, files: input.files,
                                               notes: loaded.notes, isoflop: isoflop)
        return report
    }

    /// The report of a law file or preset.
    func lawReport(_ spec: PlanSpec) throws -> ScalingReport {
        let file = try spec.lawFile()
        let source = spec.law.map { "`\($0)`" } ?? "the preset `\(spec.preset!)`"
        var report = ScalingReport(law: try file.chinchilla(), samples: file.chinchillaSamples(), lawSource: source,
                                   confidence: spec.confidence ?? 0.9)
        if file.form == .dataConstrained, let law = try? DataConstrainedLaw(parameters: file.parameters) {
            report.halfLives = ["R_D": law.dataHalfLife, "R_N": law.paramsHalfLife]
        }
        return report
    }

    /// The plan target given, else a default quality (and the words for it).
    func target(_ spec: PlanSpec, _ report: ScalingReport) throws -> (PlanTarget, String) {
        let count = { (x: Double) in NumberFormatting.format(x, .count) }
        if spec.targetLoss != nil || spec.qualityOf != nil || spec.budgetFlops != nil || spec.budgetUsd != nil {
            let target = try spec.target()
            switch target {
            case let .loss(l): return (target, "loss \(NumberFormatting.decimal(l, significant: 5))")
            case let .qualityOf(n): return (target, "the quality of the Chinchilla-optimal \(count(n))-parameter model")
            case let .budgetFLOPs(c): return (target, "the lowest loss a budget of \(NumberFormatting.flops(c)) reaches")
            case let .budgetUSD(x): return (target, "the lowest loss a budget of \(NumberFormatting.format(x, .usd)) reaches")
            }
        }
        if let maxC = report.fitPart?.runs.map(\.flops).max() {
            let n = report.law.computeOptimal(flops: 10 * maxC).params
            return (.qualityOf(params: n), "the quality of the Chinchilla-optimal model at 10× the largest fitted budget (\(NumberFormatting.flops(10 * maxC)): \(count(n)) parameters; choose with --quality-of or --target-loss)")
        }
        return (.qualityOf(params: 70e9), "the quality of a Chinchilla-optimal 70B model (choose with --quality-of or --target-loss)")
    }

    func reportFormat(_ text: String) throws -> ReportDocument.Format {
        switch text.lowercased() {
        case "text", "markdown", "md": return .markdown
        case "html": return .html
        default: throw ValidationError("--format for a report is markdown or html, not '\(text)'")
        }
    }
}

/// A command-line word as a shell would need it (quoted when it holds anything but plain characters).
func shellQuoted(_ word: String) -> String {
    let plain = word.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_./=,:+@%".unicodeScalars.contains($0)) }
    return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
