import ArgumentParser
import Foundation
import Planning
import Reporting
import ScalingLaws

struct CostCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cost",
        abstract: "Price a given model: GPUs, days, failures, dollars, kWh, CO2, serving — no optimising.",
        discussion: """
        Prices a model of --params N trained on --tokens D and serving the demand, on the \
        hardware given (default a100-80gb): training and inference FLOPs, GPU-hours and \
        dollars; with --train-gpus the wall-clock days, goodput and expected interruptions \
        (Daly 2006); energy (GPU-hours × board power × PUE) and emissions (× grid intensity). \
        With a law (--law or --preset) also the loss the model reaches.

        Examples:
          scaleplan cost --params 70B --tokens 2T --train-gpu h100-sxm --train-gpus 2048
          scaleplan cost --params 8B --tokens 15T --train-gpu h100-sxm \\
              --train-mfu 0.38 --requests 1e9 --format json
          scaleplan cost --preset chinchilla-sardana --params 70B --tokens 2T \\
              --train-gpus 4096 --deadline-days 30
        """)

    @Option(help: "A law file, for the loss the model reaches (optional).")
    var law: String?
    @Option(help: "A published law, for the loss (see `scaleplan presets`; optional).")
    var preset: String?
    @Option(help: "Parameters of the model priced.", transform: PlanNumber.parse)
    var params: Double
    @Option(help: "Training tokens.", transform: PlanNumber.parse)
    var tokens: Double

    @Option(name: .customLong("data-multiplier"), help: "Each training token is worth this many tokens of the law's data (for the loss; costs stay on the tokens trained).", transform: PlanNumber.parse)
    var dataMultiplier: Double?

    @Option(name: .customLong("synthetic-fraction"), help: "This share of the training tokens is synthetic (0 ≤ f < 1), each worth --synthetic-worth real ones; their generation is in the training cost. The real share is not capped (no repetition).", transform: PlanNumber.parse)
    var syntheticFraction: Double?
    @Option(name: .customLong("synthetic-worth"), help: "Real tokens one synthetic token is worth (default 1).", transform: PlanNumber.parse)
    var syntheticWorth: Double?
    @Option(name: .customLong("rephraser-params"), help: "Parameters of the model that rephrases (default 7B).", transform: PlanNumber.parse)
    var rephraserParams: Double?
    @Option(name: .customLong("rephraser-prompt-ratio"), help: "Prompt tokens read per token written (default 1.1).", transform: PlanNumber.parse)
    var rephraserPromptRatio: Double?
    @Option(name: .customLong("rephraser-mfu"), help: "The rephraser's utilisation (default: serving's prefill for reading, decode for writing).", transform: PlanNumber.parse)
    var rephraserMfu: Double?

    @OptionGroup var demand: DemandOptions
    @OptionGroup var hardware: CostModelOptions

    @Option(help: "Output format: text, markdown, csv, latex or json.")
    var format: TableFormat = .text

    func run() throws {
        for (value, flag) in [(params, "--params"), (tokens, "--tokens")] where !(value.isFinite && value > 0) {
            throw CommandError("\(flag) must be a positive number, not \(value)")
        }
        var spec = PlanSpec(format: format)
        spec.law = law; spec.preset = preset; spec.alwaysPriced = true
        demand.apply(to: &spec)
        hardware.apply(to: &spec)
        let model = try spec.costModel(demand: try spec.demand())
        for case let deadline as Deadline in spec.constraints(model) where !deadline.admits(params: params, tokens: tokens) {
            let days = deadline.days(params: params, tokens: tokens)
            throw CommandError("a \(NumberFormatting.format(params, .count))-parameter model on \(NumberFormatting.format(tokens, .count)) tokens needs \(String(format: "%.3g", days)) days on \(Int(deadline.gpus)) GPUs, \(String(format: "%.3g", days - deadline.days)) more than --deadline-days \(String(format: "%g", deadline.days))")
        }
        try model.checkServable(params: params)
        if let m = dataMultiplier, !(m > 0 && m.isFinite) {
            throw CommandError("--data-multiplier must be a positive number (1: the law's own data), not \(m)")
        }
        // A synthetic share f of the tokens, each worth k real ones: D_eff = (1 − f + k·f)·D (no
        // cap on the real data here), generation of f·D tokens in the training cost.
        spec.syntheticWorth = syntheticWorth; spec.rephraserParams = rephraserParams
        spec.rephraserPromptRatio = rephraserPromptRatio; spec.rephraserMfu = rephraserMfu
        let synthetic = try syntheticFraction.map { try spec.synthetic(fraction: $0) }
        if synthetic == nil {
            for (value, flag) in [(syntheticWorth, "--synthetic-worth"), (rephraserParams, "--rephraser-params"),
                                  (rephraserPromptRatio, "--rephraser-prompt-ratio"), (rephraserMfu, "--rephraser-mfu")] where value != nil {
                throw CommandError("\(flag) needs --synthetic-fraction (the share of the tokens that is synthetic)")
            }
        }
        let f = synthetic?.fraction ?? 0, k = synthetic?.worth ?? 1
        let m = (dataMultiplier ?? 1) * (1 - f + k * f)
        // The law sees m·D (ChinchillaLaw.withDataMultiplier); the costs are on D.
        let loss = law == nil && preset == nil ? Double.nan
            : try spec.lawFile().chinchilla().withDataMultiplier(m).loss(params: params, tokens: tokens)
        let costs = model.breakdown(params: params, tokens: tokens)
        // Beyond the range of a double a cost is ∞ (and the JSON would print null): refuse it.
        let figures = [costs.trainingFLOPs, costs.inferenceFLOPs, costs.trainingGPUHours, costs.inferenceGPUHours,
                       costs.trainingUSD, costs.inferenceUSD, costs.trainingKWh, costs.inferenceKWh].compactMap { $0 }
        guard figures.allSatisfy(\.isFinite) else {
            throw CommandError("--params \(NumberFormatting.format(params, .count)) on --tokens \(NumberFormatting.format(tokens, .count)) (with this demand) costs more FLOPs than a double can hold: no figure to give")
        }
        var allocation = Allocation(params: params, tokens: tokens, loss: loss, costs: costs)
        if m != 1 { allocation.effectiveTokens = m * tokens }
        var summary: SyntheticSummary?
        if var made = synthetic {
            made.tokens = f * tokens
            try model.checkRephraserServable(made)
            summary = model.generationCost(made)
            allocation.costs.addTraining(summary!, share: 1)
        }
        if format == .json {
            var object = allocation.jsonObject()
            if !loss.isFinite { object["loss"] = nil }
            object["demand"] = model.demand.jsonObject
            if let summary {
                var s = summary.jsonObject
                s["break_even_reuses"] = nil
                object["synthetic"] = s
            }
            print(JSON.text(object), terminator: "")
        } else {
            var table = Table(cost: allocation, demand: model.demand)
            if let s = summary {
                let hours = s.generationGPUHours.map { ", \(NumberFormatting.format($0, .decimal(significant: 3))) GPU-hours" } ?? ""
                let usd = s.generationUSD.map { ", \(NumberFormatting.format($0, .usd))" } ?? ""
                table.notes.append("synthetic data: \(NumberFormatting.format(f, .percent)) of the tokens (\(NumberFormatting.format(s.data.tokens, .count))), each worth \(NumberFormatting.format(k, .decimal(significant: 3))) real ones, from a \(NumberFormatting.format(s.data.rephraserParams, .count)) rephraser: \(NumberFormatting.format(s.generationFLOPs, .flops)) FLOPs\(hours)\(usd) (in the training cost)")
            }
            print(table.render(format), terminator: "")
        }
    }
}
