import ArgumentParser
import Fitting
import Foundation
import Reporting
import ScalingLaws

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Predict the loss of a model from a law file or a published law.",
        discussion: """
        With a law that carries bootstrap samples (fit --bootstrap N --save LAW.json), the \
        prediction comes with an interval at --confidence. A power law needs only its own \
        variable (--flops, --params or --tokens); other laws a model: --params with --tokens or \
        --flops. With --unique-tokens U the run \
        repeats U unique tokens D/U times, and the loss is that of Muennighoff et al.'s \
        effective data D′ and effective parameters N′ (a data-constrained law's R*_D and R*_N; \
        a Chinchilla law takes R*_D = 15.4 and does not discount parameters).

        With --runs FILE..., every run of the files is predicted instead (read as fit reads \
        them: the same columns, --where, --file-values, --last-checkpoints, ...; the loss \
        column may be absent or empty). Where a run has a loss, the observed loss and the \
        residual r = log L̂ − log L are shown, and the objective F = Σ ρ(r) over those runs \
        (--fit-loss, --delta: fit's --loss and --delta): for a law fitted to these runs it is the fit's own \
        objective, so laws fitted elsewhere compare on the same scale.

        Examples:
          scaleplan predict --law law.json --params 7B --tokens 1.4T
          scaleplan predict --law law.json --params 70B --flops 5.76e23 --format json
          scaleplan predict --preset muennighoff2023 --params 8.7B --tokens 178B --unique-tokens 44.5B
          scaleplan predict --law data-law.json --tokens 800
          scaleplan predict --law curve.json --x 2000
          scaleplan predict --law law.json --runs data/example-sweep.csv --format json
          scaleplan predict --preset epoch2024 --runs planned.csv --where dataset=c4 --format csv
          scaleplan predict --link link.json --loss 2.9
          scaleplan predict --law law.json --link link.json --params 6.9B --tokens 138B
        """
    )

    @Option(help: ArgumentHelp("Law file (the JSON that fit --save writes, or one written by hand).", valueName: "LAW.json"))
    var law: String?

    @Option(help: ArgumentHelp("A published law by name (see `scaleplan presets`).", valueName: "NAME"))
    var preset: String?

    @Option(help: "Parameters N (e.g. 7B).", transform: Quantity.parse)
    var params: Quantity?

    @Option(help: "Training tokens D (e.g. 1.4T).", transform: Quantity.parse)
    var tokens: Quantity?

    @Option(help: "Training compute C; with --params gives D = C/(6N); alone, for a power law in compute.", transform: Quantity.parse)
    var flops: Quantity?

    @Option(help: ArgumentHelp("For a law fitted against a run column (fit --against COLUMN): the value of that column to predict at.", valueName: "VALUE"), transform: Quantity.parse)
    var x: Quantity?

    @Option(help: "Unique tokens U among the D trained on (repeated data; e.g. 100B).", transform: Quantity.parse)
    var uniqueTokens: Quantity?

    @Option(parsing: .upToNextOption,
            help: ArgumentHelp("Predict every run of these files (CSV or JSON Lines; '-' reads standard input) instead of one model.",
                               valueName: "FILE"))
    var runs: [String] = []

    @OptionGroup(title: "Reading runs (with --runs)")
    var reading: RunReadingOptions

    @Option(name: .customLong("fit-loss"), help: "With --runs: the objective over the runs with a loss, as fit's --loss: huber (on log L), squared (on log L) or squared-linear (on L).")
    var fitLoss: Fit.LossChoice = .huber

    @Option(help: "With --runs: Huber's δ (on log L residuals).")
    var delta: Double = 1e-3

    @Option(help: ArgumentHelp("A downstream link (fit --form downstream --save): predict its metric, from --loss or chained from --law/--preset at a model; intervals resample both files' bootstrap samples.", valueName: "LINK.json"))
    var link: String?

    @Option(help: "With --link alone: the loss whose metric to predict.")
    var loss: Double?

    @Option(help: "Confidence level of the interval.")
    var confidence: Double = 0.9

    @Option(help: "Output format: text, markdown, csv, latex, json.")
    var format: TableFormat = .text

    func validate() throws {
        if link != nil && loss != nil {
            if law != nil || preset != nil { throw ValidationError("give --loss, or a loss law (--law or --preset) with a model, not both") }
            return
        }
        if loss != nil { throw ValidationError("--loss is for --link LINK.json: the loss whose metric to predict") }
        if link != nil && !runs.isEmpty && law == nil && preset == nil {
            throw ValidationError("--runs with --link needs the loss law too (--law or --preset): each run's metric is the link's at its predicted loss")
        }
        if (law == nil) == (preset == nil) { throw ValidationError("give one of --law LAW.json or --preset NAME") }
        if tokens != nil && flops != nil && params != nil { throw ValidationError("give --tokens or --flops with --params, not both") }
        if !(confidence > 0 && confidence < 1) { throw ValidationError("--confidence must be between 0 and 1") }
        if !(delta > 0 && delta.isFinite) { throw ValidationError("--delta must be a positive number, e.g. 1e-3") }
        if runs.isEmpty {
            if let option = runsOnlyOption { throw ValidationError("\(option) applies to runs: give --runs FILE...") }
        } else {
            let model = [("--params", params != nil), ("--tokens", tokens != nil), ("--flops", flops != nil),
                         ("--unique-tokens", uniqueTokens != nil), ("--x", x != nil)].filter(\.1).map(\.0)
            if !model.isEmpty {
                throw ValidationError("give --runs FILE... or a model (\(model.joined(separator: ", "))), not both: with --runs each run is the model (its unique_tokens column for repeated data)")
            }
            if reading.group != nil { throw ValidationError("--group: predict scores one law over all the runs; select some with --where NAME=VALUE") }
            try reading.validate(files: runs)
        }
    }

    /// The first option given that only means something with --runs.
    private var runsOnlyOption: String? {
        let given: [(String, Bool)] = [
            ("--column", !reading.columns.isEmpty), ("--file-values", reading.fileValues != nil),
            ("--last-checkpoints", reading.lastCheckpoints != nil), ("--skip-invalid", reading.skipInvalid),
            ("--where", !reading.conditions.isEmpty), ("--exclude-loss-above", reading.excludeLossAbove != nil),
            ("--group", reading.group != nil), ("--fit-loss", fitLoss != .huber), ("--delta", delta != 1e-3),
        ]
        return given.first(where: \.1)?.0
    }

    func run() throws {
        if let link, !runs.isEmpty {
            guard law != nil || preset != nil else {
                throw CommandError("--runs with --link needs the loss law too (--law or --preset): each run's metric is the link's at its predicted loss")
            }
            guard loss == nil else { throw CommandError("--loss is for one loss; with --runs each run's loss is predicted") }
            let file = try law.map { try LawFile.read(path: $0) } ?? LawPreset.named(preset!).lawFile
            return try predictRuns(file, link: try LawFile.read(path: link))
        }
        if let link {
            let linkFile = try LawFile.read(path: link)
            let prediction: MetricPrediction
            if let loss {
                prediction = try MetricPrediction(link: linkFile, loss: loss, confidence: confidence)
            } else {
                let file = try law.map { try LawFile.read(path: $0) } ?? LawPreset.named(preset!).lawFile
                if file.form == .downstream {
                    throw CommandError("\(file.origin): --law takes a law of the loss; this file is a downstream link (give it as --link)")
                }
                prediction = try MetricPrediction(link: linkFile, law: file, scale: try modelScale(), confidence: confidence)
            }
            print(prediction.render(format), terminator: "")
            return
        }
        let file = try law.map { try LawFile.read(path: $0) } ?? LawPreset.named(preset!).lawFile
        if !runs.isEmpty { return try predictRuns(file) }
        if let column = file.againstColumn {
            let given = [("--params", params != nil), ("--tokens", tokens != nil), ("--flops", flops != nil), ("--unique-tokens", uniqueTokens != nil)].filter(\.1).map(\.0)
            guard let x, given.isEmpty else {
                throw CommandError("\(file.origin) is \(file.form.withArticle) law in the column '\(column)': give --x VALUE (its \(column))" + (given.isEmpty ? "" : ", not \(given.joined(separator: ", "))"))
            }
            print(try LossPrediction(law: file, x: x.value, confidence: confidence).render(format), terminator: "")
            return
        }
        if x != nil {
            throw CommandError("--x is for a law fitted against a run column (fit --against COLUMN); \(file.origin) is \(file.form.withArticle) law" + (file.form == .powerLaw || file.form == .brokenPowerLaw ? " in \((file.against ?? .flops).rawValue): give --\((file.against ?? .flops).rawValue)" : ""))
        }
        let prediction = (file.form == .powerLaw || file.form == .brokenPowerLaw) && uniqueTokens == nil
            ? try powerLawPrediction(file, variable: file.against ?? .flops)
            : try LossPrediction(law: file, scale: try modelScale(), confidence: confidence)
        print(prediction.render(format), terminator: "")
    }

    /// Every run of the --runs files, with the objective over those with a loss.
    /// With `link`, each run also gets the link's metric at its predicted loss, beside the
    /// run's own value of that metric when its file has the column.
    private func predictRuns(_ file: LawFile, link: LawFile? = nil) throws {
        // A one-variable curve needs only its own variable; refuse an IsoFLOP law before reading runs.
        let variable = try RunPredictions.variable(of: file)
        let chain = try link.map { try $0.link() }
        let metricName = link?.metric ?? "metric"
        let alone = variable.map { RunQuantity(rawValue: $0.rawValue)! }
        let loaded = try reading.load(files: runs, alone: alone, requireLoss: false, smoothing: link == nil ? [] : [metricName])
        let predictions = try RunPredictions(law: file, runs: loaded.log.runs, objective: fitLoss.objective(delta: delta),
                                             confidence: confidence)
        guard let chain else {
            if format == .csv {
                try StandardOutput.write(RunPredictionsReport.csv(predictions))
            } else {
                print(RunPredictionsReport.render(predictions, law: file.origin, notes: loaded.notes, format: format), terminator: "")
            }
            return
        }
        let metrics = predictions.predictions.map { chain.metric(loss: $0.loss) }
        let observed = predictions.predictions.map { p in p.run.tags[metricName].flatMap { try? NumberParsing.parse($0) } }
        if format == .json {
            var object = RunPredictionsReport.object(predictions, law: file.origin, notes: loaded.notes)
            if var rows = object["predictions"] as? [[String: Any]] {
                for i in rows.indices {
                    rows[i]["metric"] = metrics[i]
                    if let o = observed[i] { rows[i]["observed_metric"] = o }
                }
                object["predictions"] = rows
            }
            object["metric_name"] = metricName
            object["link"] = link!.origin
            print(FitJSON.serialize(object))
            return
        }
        var table = RunPredictionsReport.table(predictions, law: file.origin, notes: loaded.notes)
        table.columns.append(Table.Column(metricName, key: "metric"))
        let withObserved = observed.contains { $0 != nil }
        if withObserved { table.columns.append(Table.Column("observed \(metricName)", key: "observed_metric")) }
        for i in table.rows.indices where i < metrics.count {
            table.rows[i].append(.number(metrics[i], .decimal(significant: 4)))
            if withObserved { table.rows[i].append(observed[i].map { .number($0, .decimal(significant: 4)) } ?? .empty) }
        }
        table.notes.append("\(metricName) by the link in \(link!.origin) at each run's predicted loss")
        print(table.render(format), terminator: "")
    }

    /// The model the options describe: N with D, or N with C (D = C/(6N)).
    private func modelScale() throws -> ModelScale {
        guard let n = params?.value, tokens != nil || flops != nil, tokens == nil || flops == nil else {
            throw CommandError("give the model: --params with exactly one of --tokens and --flops")
        }
        let d = tokens?.value ?? TrainingFLOPs.tokens(flops: flops!.value, params: n)
        // C = 6ND is printed with the loss: a model beyond the range of a double has no answer.
        guard TrainingFLOPs.estimate(params: n, tokens: d).isFinite else {
            throw CommandError("--params \(n) with --tokens \(d) needs 6·N·D FLOPs, beyond the range of a double: no such model can be predicted")
        }
        guard d > 0 else { throw CommandError("--flops \(flops!.value) with --params \(n) leaves D = C/(6N) = 0 tokens: give more compute or fewer parameters") }
        return ModelScale(params: n, tokens: d, uniqueTokens: uniqueTokens?.value)
    }

    /// A power law's prediction from its variable (compute also from --params and --tokens).
    private func powerLawPrediction(_ file: LawFile, variable: ScalingVariable) throws -> LossPrediction {
        let x: Double?
        switch variable {
        case .params: x = params?.value
        case .tokens: x = tokens?.value
        case .flops: x = flops?.value ?? params.flatMap { n in tokens.map { TrainingFLOPs.estimate(params: n.value, tokens: $0.value) } }
        }
        guard let x else {
            let option = variable == .flops ? "--flops (or --params with --tokens)" : "--\(variable.rawValue)"
            throw CommandError("\(file.origin) is a power law in \(variable.rawValue): give \(option)")
        }
        return try LossPrediction(law: file, variable: variable, value: x, confidence: confidence)
    }
}
