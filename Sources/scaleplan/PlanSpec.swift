import ArgumentParser
import Foundation
import Planning
import Reporting
import ScalingLaws

/// The values of `PlanOptions`, and how they become a law, a target, a demand and a planner.
struct PlanSpec {
    var law: String? = nil
    var preset: String? = nil
    var targetLoss: Double? = nil
    var qualityOf: Double? = nil
    var budgetFlops: Double? = nil
    var budgetUsd: Double? = nil
    var inferenceTokens: Double? = nil
    var requests: Double? = nil
    var inputTokens: Double? = nil
    var outputTokens: Double? = nil
    var params: Double? = nil
    var maxParams: Double? = nil
    var maxTokens: Double? = nil
    var uniqueTokens: Double? = nil
    var dataMultiplier: Double? = nil
    var syntheticTokens: Double? = nil
    var syntheticWorth: Double? = nil
    var rephraserParams: Double? = nil
    var rephraserPromptRatio: Double? = nil
    var rephraserMfu: Double? = nil
    var syntheticReuse: Double? = nil
    var optimiseSynthetic = false
    var syntheticFraction: Double? = nil
    var objective: String? = nil
    var trainGpu: String? = nil
    var trainDtype: String? = nil
    var trainPrice: Double? = nil
    var trainMfu: Double? = nil
    var inferGpu: String? = nil
    var inferDtype: String? = nil
    var inferPrice: Double? = nil
    var prefillMfu: Double? = nil
    var decodeMfu: Double? = nil
    var hardwareFile: String? = nil
    var confidence: Double? = nil
    var trainGpus: Double? = nil
    var deadlineDays: Double? = nil
    var gpuMtbfHours: Double? = nil
    var checkpointMinutes: Double? = nil
    var restartMinutes: Double? = nil
    var gpuPowerW: Double? = nil
    var pue: Double? = nil
    var gridKgco2PerKwh: Double? = nil
    var serving: String? = nil
    var inferGpus: Double? = nil
    var batch: Double? = nil
    var maxBatch: Double? = nil
    var context: Double? = nil
    var kvDtype: String? = nil
    var kvGroups: Double? = nil
    var bandwidthUtilisation: Double? = nil
    var maxMsPerToken: Double? = nil
    var maxInferGpus: Double? = nil
    var format: TableFormat
    /// `cost` always prices (default hardware when none is named).
    var alwaysPriced = false
    /// Hardware resolved once (a sweep sets it so that --hardware-file is read once, not per point).
    var hardwareProfiles: [HardwareProfile]? = nil
    /// A downstream link and the metric to plan for (`--link`, `--target-metric`).
    var link: String? = nil
    var targetMetric: Double? = nil

    /// Numeric options `sweep --vary` can set, by long name.
    /// (Computed: key paths are not Sendable, so no stored static.)
    static var numeric: [String: WritableKeyPath<PlanSpec, Double?>] { [
        "target-loss": \.targetLoss, "quality-of": \.qualityOf, "budget-flops": \.budgetFlops,
        "budget-usd": \.budgetUsd, "inference-tokens": \.inferenceTokens, "requests": \.requests,
        "input-tokens": \.inputTokens, "output-tokens": \.outputTokens, "params": \.params,
        "max-params": \.maxParams, "max-tokens": \.maxTokens, "unique-tokens": \.uniqueTokens, "data-multiplier": \.dataMultiplier,
        "synthetic-tokens": \.syntheticTokens, "synthetic-worth": \.syntheticWorth, "rephraser-params": \.rephraserParams,
        "rephraser-prompt-ratio": \.rephraserPromptRatio, "rephraser-mfu": \.rephraserMfu, "synthetic-reuse": \.syntheticReuse, "train-price": \.trainPrice,
        "synthetic-fraction": \.syntheticFraction,
        "train-mfu": \.trainMfu, "infer-price": \.inferPrice, "prefill-mfu": \.prefillMfu,
        "decode-mfu": \.decodeMfu, "confidence": \.confidence, "target-metric": \.targetMetric,
        "train-gpus": \.trainGpus, "deadline-days": \.deadlineDays, "gpu-mtbf-hours": \.gpuMtbfHours,
        "checkpoint-minutes": \.checkpointMinutes, "restart-minutes": \.restartMinutes, "gpu-power-w": \.gpuPowerW,
        "pue": \.pue, "grid-kgco2-per-kwh": \.gridKgco2PerKwh,
        "infer-gpus": \.inferGpus, "batch": \.batch, "max-batch": \.maxBatch, "context": \.context,
        "kv-groups": \.kvGroups, "bandwidth-utilisation": \.bandwidthUtilisation, "max-ms-per-token": \.maxMsPerToken,
        "max-infer-gpus": \.maxInferGpus,
    ] }

    /// Hours, or `inf` / `infinity` / `none` for "never" (`--gpu-mtbf-hours inf`).
    static func parseHours(_ text: String) throws -> Double {
        if ["inf", "infinity", "none"].contains(text.trimmingCharacters(in: .whitespaces).lowercased()) { return .infinity }
        return try PlanNumber.parse(text)
    }

    /// The law and its bootstrap samples, from --law or --preset.
    func lawFile() throws -> LawFile {
        switch (law, preset) {
        case let (path?, nil): return try LawFile.read(path: path)
        case let (nil, name?): return try LawPreset.named(name).lawFile
        case (nil, nil): throw CommandError("give a law: --law LAW.json or --preset NAME (see `scaleplan presets`)")
        default: throw CommandError("give either --law or --preset, not both")
        }
    }

    func target() throws -> PlanTarget {
        // Written out, not as an array: a sweep calls this once per point.
        var count = 0, found = PlanTarget.loss(.nan)
        if let l = targetLoss { count += 1; found = .loss(l) }
        if let n = qualityOf { count += 1; found = .qualityOf(params: n) }
        if let c = budgetFlops { count += 1; found = .budgetFLOPs(c) }
        if let x = budgetUsd { count += 1; found = .budgetUSD(x) }
        if let m = targetMetric { count += 1; found = .loss(try lossForMetric(m)) }
        guard count == 1 else {
            throw CommandError(count == 0 ? "give a target: --target-loss, --target-metric, --quality-of, --budget-flops or --budget-usd"
                                             : "give only one of --target-loss, --target-metric, --quality-of, --budget-flops, --budget-usd")
        }
        return found
    }

    /// The loss at which `--link`'s link reaches `metric` (refused, with the reachable range,
    /// when it never does).
    func lossForMetric(_ metric: Double) throws -> Double {
        guard let link else { throw CommandError("--target-metric needs --link LINK.json: the link from loss to that metric") }
        let file = try LawFile.read(path: link)
        do { return try file.link().loss(metric: metric) } catch let error as LinkError {
            throw CommandError("--target-metric \(metric): \(link): \(error)")
        }
    }

    func demand() throws -> InferenceDemand {
        try Self.demand(inferenceTokens: inferenceTokens, requests: requests, inputTokens: inputTokens, outputTokens: outputTokens)
    }

    /// `demand()` from the four demand options alone (a sweep calls it per point without
    /// handing over the whole set of options).
    static func demand(inferenceTokens: Double?, requests: Double?, inputTokens: Double?, outputTokens: Double?) throws -> InferenceDemand {
        if let tokens = inferenceTokens {
            guard requests == nil, inputTokens == nil, outputTokens == nil else {
                throw CommandError("give the demand as --inference-tokens or as --requests with --input-tokens/--output-tokens, not both")
            }
            return try InferenceDemand(tokens: tokens).validated()
        }
        if let requests {
            return try InferenceDemand(requests: requests, inputTokens: inputTokens ?? InferenceDemand.paperInputTokensPerRequest,
                                       outputTokens: outputTokens ?? InferenceDemand.paperOutputTokensPerRequest).validated()
        }
        guard inputTokens == nil, outputTokens == nil else { throw CommandError("--input-tokens and --output-tokens need --requests") }
        return .none
    }

    func planObjective() throws -> PlanObjective {
        guard let objective else { return budgetUsd != nil ? .cost : .flops }
        guard let o = PlanObjective(rawValue: objective.lowercased()) else {
            throw CommandError("--objective must be flops, cost, energy or co2, not '\(objective)'")
        }
        return o
    }

    /// True when dollars are asked for: the cost objective, or any hardware or price option.
    var wantsPricing: Bool {
        if alwaysPriced { return true }
        if let o = try? planObjective(), o != .flops { return true }
        if trainGpus != nil || deadlineDays != nil || gpuMtbfHours != nil || checkpointMinutes != nil || restartMinutes != nil { return true }
        if gpuPowerW != nil || pue != nil || gridKgco2PerKwh != nil || serving != nil { return true }
        if trainGpu != nil || trainDtype != nil || inferGpu != nil || inferDtype != nil { return true }
        return trainPrice != nil || inferPrice != nil || trainMfu != nil || prefillMfu != nil || decodeMfu != nil
    }

    /// Built-in profiles plus those of --hardware-file.
    func loadHardwareProfiles() throws -> [HardwareProfile] {
        try hardwareFile.map { HardwareFile.merged(try HardwareFile.read(path: $0)) } ?? HardwareCatalog.builtIn
    }

    /// The cost model for `demand`: FLOPs only, or priced on the chosen hardware.
    func costModel(demand: InferenceDemand) throws -> CostModel {
        guard wantsPricing else { return CostModel(demand: demand) }
        let profiles = try hardwareProfiles ?? loadHardwareProfiles()
        let trainHW = try HardwareCatalog.profile(trainGpu ?? "a100-80gb", in: profiles)
        let inferHW = try HardwareCatalog.profile(inferGpu ?? trainHW.slug, in: profiles)
        func pricing(_ hw: HardwareProfile, _ dtype: String, _ price: Double?, _ mfu: Double, _ flag: String) throws -> Pricing {
            guard let type = DataType(rawValue: dtype.lowercased()) else {
                throw CommandError("unknown data type '\(dtype)' (known: \(DataType.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard mfu > 0, mfu <= 1 else { throw CommandError("--\(flag) must be in (0, 1], not \(mfu)") }
            let usd = price ?? hw.priceUSDPerGPUHour
            guard usd >= 0, usd.isFinite else { throw CommandError("prices must be ≥ 0, not \(usd)") }
            return Pricing(hardware: hw.slug, dataType: type, peakFLOPS: try hw.peak(type), utilisation: mfu, priceUSDPerGPUHour: usd,
                           boardPowerW: gpuPowerW ?? hw.boardPowerW)
        }
        let inferType = inferDtype ?? "int8"
        let prefill = try pricing(inferHW, inferType, inferPrice, prefillMfu ?? 0.5, "prefill-mfu")
        return CostModel(demand: demand,
                         training: try pricing(trainHW, trainDtype ?? "bf16", trainPrice, trainMfu ?? 0.5, "train-mfu"),
                         prefill: prefill,
                         decode: try pricing(inferHW, inferType, inferPrice, decodeMfu ?? 0.01, "decode-mfu"),
                         calendar: try calendar(), energy: try energyModel(),
                         roofline: try roofline(inferHW, prefill: prefill, demand: demand))
    }

    /// `--serving roofline` and its options; nil for fixed-utilisation serving (the default).
    func roofline(_ hw: HardwareProfile, prefill: Pricing, demand: InferenceDemand) throws -> RooflineServing? {
        let mode = (serving ?? "fixed-mfu").lowercased()
        let options: [(Double?, String)] = [(inferGpus, "--infer-gpus"), (batch, "--batch"), (maxBatch, "--max-batch"),
                                            (context, "--context"), (kvGroups, "--kv-groups"),
                                            (bandwidthUtilisation, "--bandwidth-utilisation"), (maxMsPerToken, "--max-ms-per-token"),
                                            (maxInferGpus, "--max-infer-gpus")]
        guard mode == "roofline" else {
            guard mode == "fixed-mfu" else { throw CommandError("--serving must be fixed-mfu or roofline, not '\(serving ?? "")'") }
            for (value, flag) in options where value != nil { throw CommandError("\(flag) needs --serving roofline") }
            if kvDtype != nil { throw CommandError("--kv-dtype needs --serving roofline") }
            return nil
        }
        if decodeMfu != nil { throw CommandError("--decode-mfu is the fixed-mfu serving's guess; with --serving roofline the decode utilisation follows from the hardware") }
        guard hw.memoryGB > 0, hw.memoryBandwidthGBps > 0 else {
            throw CommandError("--serving roofline needs the memory and bandwidth of '\(hw.slug)' (memory_gb, memory_bandwidth_gb_per_s in its profile)")
        }
        for (value, flag) in [(inferGpus, "--infer-gpus"), (batch, "--batch"), (maxBatch, "--max-batch"), (maxInferGpus, "--max-infer-gpus")] {
            if let v = value, !(v >= 1 && v == v.rounded() && v < 1e9) { throw CommandError("\(flag) must be a whole number ≥ 1, not \(v)") }
        }
        for (value, flag) in [(context, "--context"), (kvGroups, "--kv-groups"), (maxMsPerToken, "--max-ms-per-token")] {
            if let v = value, !(v.isFinite && v > 0) { throw CommandError("\(flag) must be a positive number, not \(v)") }
        }
        if let g = kvGroups, g < 1 { throw CommandError("--kv-groups must be ≥ 1 (query heads per KV head), not \(g)") }
        if let u = bandwidthUtilisation, !(u > 0 && u <= 1) { throw CommandError("--bandwidth-utilisation must be in (0, 1], not \(u)") }
        if let g = inferGpus, let limit = maxInferGpus, g > limit {
            throw CommandError("--infer-gpus \(Int(g)) is more than --max-infer-gpus \(Int(limit))")
        }
        let kvType = try DataType(rawValue: (kvDtype ?? "bf16").lowercased()).unwrap(
            CommandError("unknown --kv-dtype '\(kvDtype ?? "")' (known: \(DataType.allCases.map(\.rawValue).joined(separator: ", ")))"))
        let perRequest = demand.requests.map { r in r > 0 ? demand.tokens / r : 0 } ?? 0
        let defaultContext = perRequest > 0 ? perRequest
            : (inputTokens ?? InferenceDemand.paperInputTokensPerRequest) + (outputTokens ?? InferenceDemand.paperOutputTokensPerRequest)
        return RooflineServing(
            hardware: hw.slug, peakFLOPS: prefill.peakFLOPS, memoryBytes: hw.memoryGB * 1e9,
            bandwidthBytesPerSecond: hw.memoryBandwidthGBps * 1e9, priceUSDPerGPUHour: prefill.priceUSDPerGPUHour,
            boardPowerW: prefill.boardPowerW, weightBytesPerParam: prefill.dataType.bytes, kvBytesPerValue: kvType.bytes,
            kvGroups: kvGroups ?? 8, computeUtilisation: prefill.utilisation, bandwidthUtilisation: bandwidthUtilisation ?? 0.8,
            gpus: inferGpus.map { Int($0) }, batch: batch.map { Int($0) }, maxBatch: maxBatch.map { Int($0) } ?? 256,
            context: context ?? defaultContext, maxSecondsPerToken: maxMsPerToken.map { $0 / 1000 },
            maxGPUs: maxInferGpus.map { Int($0) })
    }

    /// `--train-gpus` with the failure options; nil without `--train-gpus`.
    func calendar() throws -> TrainingCalendar? {
        guard let gpus = trainGpus else {
            for (value, flag) in [(deadlineDays, "--deadline-days"), (gpuMtbfHours, "--gpu-mtbf-hours"),
                                  (checkpointMinutes, "--checkpoint-minutes"), (restartMinutes, "--restart-minutes")] where value != nil {
                throw CommandError("\(flag) needs --train-gpus (the GPUs training runs on)")
            }
            return nil
        }
        guard gpus.isFinite, gpus >= 1 else { throw CommandError("--train-gpus must be at least 1, not \(gpus)") }
        if let m = gpuMtbfHours, !(m > 0) {
            throw CommandError("--gpu-mtbf-hours must be > 0 hours (or 'inf' for no failures), not \(m)")
        }
        for (value, flag) in [(checkpointMinutes, "--checkpoint-minutes"), (restartMinutes, "--restart-minutes")] {
            if let v = value, !(v.isFinite && v >= 0) { throw CommandError("\(flag) must be a number of minutes ≥ 0, not \(v)") }
        }
        if let days = deadlineDays, !(days.isFinite && days > 0) {
            throw CommandError("--deadline-days must be a positive number of days, not \(days)")
        }
        let failures = FailureModel(gpuMTBFHours: gpuMtbfHours ?? FailureModel.llama3GPUMTBFHours,
                                    checkpointHours: (checkpointMinutes ?? 1) / 60, restartHours: (restartMinutes ?? 10) / 60)
        return try TrainingCalendar(gpus: gpus, failures: failures)
    }

    /// `--pue` and `--grid-kgco2-per-kwh`, checked.
    func energyModel() throws -> EnergyModel {
        if let pue, !(pue.isFinite && pue >= 1) {
            throw CommandError("--pue must be ≥ 1 (facility energy per unit of IT energy), not \(pue)\(pue < 1 ? ": \(String(format: "%g", 1 - pue)) below 1" : "")")
        }
        if let g = gridKgco2PerKwh, !(g.isFinite && g >= 0) {
            throw CommandError("--grid-kgco2-per-kwh must be ≥ 0, not \(g)")
        }
        if let w = gpuPowerW, !(w.isFinite && w > 0) {
            throw CommandError("--gpu-power-w must be a positive number of watts, not \(w)")
        }
        return EnergyModel(pue: pue ?? EnergyModel.defaultPUE, gridKgCO2PerKWh: gridKgco2PerKwh ?? EnergyModel.llamaGridKgCO2PerKWh)
    }

    /// The limits these options set; the deadline needs the cost model's training hardware.
    func constraints(_ costModel: CostModel) -> [any AllocationConstraint] {
        var out: [any AllocationConstraint] = []
        if let maxParams { out.append(MaxParams(maxParams)) }
        if let maxTokens { out.append(MaxTokens(maxTokens)) }
        if let days = deadlineDays, let calendar = costModel.calendar, let training = costModel.trainingPricing {
            out.append(Deadline(days: days, gpus: calendar.gpus, training: training, goodput: calendar.goodput))
        }
        return out
    }

    /// The planner these options describe, for `law`. Repeated data (--unique-tokens) loses
    /// value at the R*_D of `lawFile` when it is a data-constrained law (else at the paper's
    /// 15.4), and with its R*_N so do parameters beyond what the data supports.
    func planner(law: ChinchillaLaw, lawFile: LawFile? = nil) throws -> Planner {
        let model = try costModel(demand: try demand())
        var planner = Planner(law: law, costModel: model, objective: try planObjective(),
                              constraints: constraints(model), fixedParams: params)
        if let m = dataMultiplier {
            guard m > 0, m.isFinite else { throw CommandError("--data-multiplier must be a positive number (1: the law's own data), not \(m)") }
            planner.dataMultiplier = m
        }
        if optimiseSynthetic {
            guard syntheticFraction == nil else { throw CommandError("give --synthetic-fraction or --optimise-synthetic, not both (--optimise-synthetic chooses a corpus's size, --synthetic-fraction sets a share of every training token)") }
            guard syntheticTokens == nil else { throw CommandError("give --synthetic-tokens or --optimise-synthetic, not both") }
            guard uniqueTokens != nil else { throw CommandError("--optimise-synthetic chooses data for a cap of unique data: give --unique-tokens too") }
            var template = self
            template.syntheticTokens = 0
            planner.optimiseSynthetic = try template.synthetic()
        } else {
            planner.synthetic = try synthetic()
        }
        planner.uniqueData = uniqueTokens.map {
            UniqueData(uniqueTokens: $0, halfLife: lawFile?.repetitionHalfLife ?? RepeatedData.fittedHalfLife,
                       paramsHalfLife: lawFile?.paramsHalfLife)
        }
        return planner
    }

    /// `--synthetic-tokens` and the rephraser's options, checked; nil without synthetic tokens.
    func synthetic() throws -> SyntheticData? {
        if let f = syntheticFraction { return try synthetic(fraction: f) }
        guard let tokens = syntheticTokens else {
            for (value, flag) in [(syntheticWorth, "--synthetic-worth"), (rephraserParams, "--rephraser-params"),
                                  (rephraserPromptRatio, "--rephraser-prompt-ratio"), (rephraserMfu, "--rephraser-mfu"),
                                  (syntheticReuse, "--synthetic-reuse")] where value != nil {
                throw CommandError("\(flag) needs --synthetic-tokens (the rephrased tokens to make)")
            }
            return nil
        }
        guard uniqueTokens != nil else { throw CommandError("--synthetic-tokens adds to a cap of unique data: give --unique-tokens (the real data) too") }
        let data = SyntheticData(tokens: tokens, worth: syntheticWorth ?? 1, rephraserParams: rephraserParams ?? 7e9,
                                 promptRatio: rephraserPromptRatio ?? 1.1, reuse: syntheticReuse ?? 1, utilisation: rephraserMfu)
        try validate(data, tokensOption: !(tokens >= 0 && tokens.isFinite))
        return data
    }

    /// Checks synthetic data made from the options; an error leads with the option at fault
    /// (`badTokens`: `--synthetic-tokens` is).
    private func validate(_ data: SyntheticData, tokensOption badTokens: Bool) throws {
        do { try data.validate() } catch let error as PlanningError {
            let flag: String
            switch true {
            case badTokens: flag = "--synthetic-tokens"
            case !((syntheticWorth ?? 1) > 0): flag = "--synthetic-worth"
            case !((syntheticReuse ?? 1) >= 1): flag = "--synthetic-reuse"
            case !((rephraserPromptRatio ?? 1.1) >= 0): flag = "--rephraser-prompt-ratio"
            case rephraserMfu.map({ !($0 > 0 && $0 <= 1) }) ?? false: flag = "--rephraser-mfu"
            default: flag = "--rephraser-params"
            }
            throw CommandError("\(flag): \(error)")
        }
    }

    /// `--synthetic-fraction f` and the rephraser's options, checked. A fraction and a fixed
    /// corpus (`--synthetic-tokens`) are two answers to "how much synthetic data": refused together.
    func synthetic(fraction f: Double) throws -> SyntheticData {
        guard syntheticTokens == nil else {
            throw CommandError("give --synthetic-tokens (a corpus added to the unique data) or --synthetic-fraction (a share of every training token), not both")
        }
        guard f >= 0, f < 1 else {
            throw CommandError("--synthetic-fraction must be in [0, 1) (0: no synthetic tokens; below 1: some real data), not \(f)")
        }
        let data = SyntheticData(tokens: 0, worth: syntheticWorth ?? 1, rephraserParams: rephraserParams ?? 7e9,
                                 promptRatio: rephraserPromptRatio ?? 1.1, reuse: syntheticReuse ?? 1, utilisation: rephraserMfu,
                                 fraction: f)
        try validate(data, tokensOption: false)
        return data
    }

    /// Plans with these options; with bootstrap samples in the law file, with intervals.
    func makePlan() throws -> Plan {
        let file = try lawFile()
        let planner = try planner(law: try file.chinchilla(), lawFile: file)
        return try planner.plan(try target(), samples: file.chinchillaSamples(), confidence: confidence ?? 0.9)
    }
}

extension Optional {
    /// The value, or `error` thrown.
    func unwrap(_ error: @autoclosure () -> Error) throws -> Wrapped {
        guard let value = self else { throw error() }
        return value
    }
}
