import ArgumentParser
import Foundation
import Planning
import Reporting
import ScalingLaws

/// The options of `plan`, shared by `sweep` (which varies any numeric one of them).
struct PlanOptions: ParsableArguments {
    @Option(help: "A law file (the JSON `fit --save` writes, or one written by hand).")
    var law: String?
    @Option(help: "A published law (see `scaleplan presets`).")
    var preset: String?

    @Option(name: .customLong("target-loss"), help: "Plan for this loss.", transform: PlanNumber.parse)
    var targetLoss: Double?
    @Option(name: .customLong("quality-of"), help: "Plan for the loss of the Chinchilla-optimal model with this many parameters (e.g. 30B).", transform: PlanNumber.parse)
    var qualityOf: Double?
    @Option(name: .customLong("budget-flops"), help: "Lowest loss for this many training + inference FLOPs.", transform: PlanNumber.parse)
    var budgetFlops: Double?
    @Option(name: .customLong("budget-usd"), help: "Lowest loss for this many training + inference dollars.", transform: PlanNumber.parse)
    var budgetUsd: Double?

    @Option(name: .customLong("inference-tokens"), help: "Tokens the model will serve over its lifetime (e.g. 2T).", transform: PlanNumber.parse)
    var inferenceTokens: Double?
    @Option(help: "Requests the model will serve (with --input-tokens, --output-tokens).", transform: PlanNumber.parse)
    var requests: Double?
    @Option(name: .customLong("input-tokens"), help: "Prompt tokens per request (default 70, Sardana & Frankle).", transform: PlanNumber.parse)
    var inputTokens: Double?
    @Option(name: .customLong("output-tokens"), help: "Generated tokens per request (default 215).", transform: PlanNumber.parse)
    var outputTokens: Double?

    @Option(help: "Fix the model size; plan only the tokens.", transform: PlanNumber.parse)
    var params: Double?
    @Option(name: .customLong("max-params"), help: "Largest model allowed (memory or latency limit).", transform: PlanNumber.parse)
    var maxParams: Double?
    @Option(name: .customLong("max-tokens"), help: "Most training tokens allowed.", transform: PlanNumber.parse)
    var maxTokens: Double?

    @Option(help: "What to minimise: flops or cost (dollars). Default: cost with --budget-usd, else flops.")
    var objective: String?

    @Option(name: .customLong("train-gpu"), help: "Training hardware slug (default a100-80gb when costs are reported).")
    var trainGpu: String?
    @Option(name: .customLong("train-dtype"), help: "Training data type (default bf16).")
    var trainDtype: String?
    @Option(name: .customLong("train-price"), help: "Training price in USD per GPU-hour (default: the profile's).", transform: PlanNumber.parse)
    var trainPrice: Double?
    @Option(name: .customLong("train-mfu"), help: "Training utilisation (default 0.5).", transform: PlanNumber.parse)
    var trainMfu: Double?
    @Option(name: .customLong("infer-gpu"), help: "Inference hardware slug (default: the training one).")
    var inferGpu: String?
    @Option(name: .customLong("infer-dtype"), help: "Inference data type (default int8).")
    var inferDtype: String?
    @Option(name: .customLong("infer-price"), help: "Inference price in USD per GPU-hour (default: the profile's).", transform: PlanNumber.parse)
    var inferPrice: Double?
    @Option(name: .customLong("prefill-mfu"), help: "Prefill utilisation (default 0.5).", transform: PlanNumber.parse)
    var prefillMfu: Double?
    @Option(name: .customLong("decode-mfu"), help: "Decode utilisation (default 0.01).", transform: PlanNumber.parse)
    var decodeMfu: Double?
    @Option(name: .customLong("hardware-file"), help: "JSON file of extra hardware profiles (format: data/hardware.json).")
    var hardwareFile: String?

    @Option(help: "Confidence level of bootstrap intervals (when the law has samples).", transform: PlanNumber.parse)
    var confidence: Double?

    @Option(help: "Output format: text, markdown, csv, latex or json.")
    var format: String = "text"

    /// Numeric options `sweep --vary` can set, by long name.
    /// (Computed: key paths are not Sendable, so no stored static.)
    static var numeric: [String: WritableKeyPath<PlanOptions, Double?>] { [
        "target-loss": \.targetLoss, "quality-of": \.qualityOf, "budget-flops": \.budgetFlops,
        "budget-usd": \.budgetUsd, "inference-tokens": \.inferenceTokens, "requests": \.requests,
        "input-tokens": \.inputTokens, "output-tokens": \.outputTokens, "params": \.params,
        "max-params": \.maxParams, "max-tokens": \.maxTokens, "train-price": \.trainPrice,
        "train-mfu": \.trainMfu, "infer-price": \.inferPrice, "prefill-mfu": \.prefillMfu,
        "decode-mfu": \.decodeMfu, "confidence": \.confidence,
    ] }

    var tableFormat: TableFormat {
        get throws {
            guard let f = TableFormat(rawValue: format.lowercased()) else {
                throw ValidationError("--format must be one of \(TableFormat.allCases.map(\.rawValue).joined(separator: ", ")), not '\(format)'")
            }
            return f
        }
    }

    /// The law and its bootstrap samples, from --law or --preset.
    func lawFile() throws -> LawFile {
        switch (law, preset) {
        case let (path?, nil): return try LawFile.read(path: path)
        case let (nil, name?): return try LawPreset.named(name).lawFile
        case (nil, nil): throw ValidationError("give a law: --law LAW.json or --preset NAME (see `scaleplan presets`)")
        default: throw ValidationError("give either --law or --preset, not both")
        }
    }

    func target() throws -> PlanTarget {
        let given: [PlanTarget] = [targetLoss.map { .loss($0) }, qualityOf.map { .qualityOf(params: $0) },
                                   budgetFlops.map { .budgetFLOPs($0) }, budgetUsd.map { .budgetUSD($0) }].compactMap { $0 }
        guard given.count == 1 else {
            throw ValidationError(given.isEmpty ? "give a target: --target-loss, --quality-of, --budget-flops or --budget-usd"
                                                : "give only one of --target-loss, --quality-of, --budget-flops, --budget-usd")
        }
        return given[0]
    }

    func demand() throws -> InferenceDemand {
        if let tokens = inferenceTokens {
            guard requests == nil, inputTokens == nil, outputTokens == nil else {
                throw ValidationError("give the demand as --inference-tokens or as --requests with --input-tokens/--output-tokens, not both")
            }
            return try InferenceDemand(tokens: tokens).validated()
        }
        if let requests {
            return try InferenceDemand(requests: requests, inputTokens: inputTokens ?? InferenceDemand.paperInputTokensPerRequest,
                                       outputTokens: outputTokens ?? InferenceDemand.paperOutputTokensPerRequest).validated()
        }
        guard inputTokens == nil, outputTokens == nil else { throw ValidationError("--input-tokens and --output-tokens need --requests") }
        return .none
    }

    func planObjective() throws -> PlanObjective {
        guard let objective else { return budgetUsd != nil ? .cost : .flops }
        guard let o = PlanObjective(rawValue: objective.lowercased()) else {
            throw ValidationError("--objective must be flops or cost, not '\(objective)'")
        }
        return o
    }

    /// True when dollars are asked for: the cost objective, or any hardware or price option.
    var wantsPricing: Bool {
        (try? planObjective()) == .cost || [trainGpu, trainDtype, inferGpu, inferDtype].contains { $0 != nil }
            || [trainPrice, inferPrice, trainMfu, prefillMfu, decodeMfu].contains { $0 != nil }
    }

    /// The cost model for `demand`: FLOPs only, or priced on the chosen hardware.
    func costModel(demand: InferenceDemand) throws -> CostModel {
        guard wantsPricing else { return CostModel(demand: demand) }
        let profiles = try hardwareFile.map { HardwareFile.merged(try HardwareFile.read(path: $0)) } ?? HardwareCatalog.builtIn
        let trainHW = try HardwareCatalog.profile(trainGpu ?? "a100-80gb", in: profiles)
        let inferHW = try HardwareCatalog.profile(inferGpu ?? trainHW.slug, in: profiles)
        func pricing(_ hw: HardwareProfile, _ dtype: String, _ price: Double?, _ mfu: Double, _ flag: String) throws -> Pricing {
            guard let type = DataType(rawValue: dtype.lowercased()) else {
                throw ValidationError("unknown data type '\(dtype)' (known: \(DataType.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard mfu > 0, mfu <= 1 else { throw ValidationError("--\(flag) must be in (0, 1], not \(mfu)") }
            let usd = price ?? hw.priceUSDPerGPUHour
            guard usd >= 0, usd.isFinite else { throw ValidationError("prices must be ≥ 0, not \(usd)") }
            return Pricing(hardware: hw.slug, dataType: type, peakFLOPS: try hw.peak(type), utilisation: mfu, priceUSDPerGPUHour: usd)
        }
        let inferType = inferDtype ?? "int8"
        return CostModel(demand: demand,
                         training: try pricing(trainHW, trainDtype ?? "bf16", trainPrice, trainMfu ?? 0.5, "train-mfu"),
                         prefill: try pricing(inferHW, inferType, inferPrice, prefillMfu ?? 0.5, "prefill-mfu"),
                         decode: try pricing(inferHW, inferType, inferPrice, decodeMfu ?? 0.01, "decode-mfu"))
    }

    var constraints: [any AllocationConstraint] {
        var out: [any AllocationConstraint] = []
        if let maxParams { out.append(MaxParams(maxParams)) }
        if let maxTokens { out.append(MaxTokens(maxTokens)) }
        return out
    }

    /// The planner these options describe, for `law`.
    func planner(law: ChinchillaLaw) throws -> Planner {
        Planner(law: law, costModel: try costModel(demand: try demand()), objective: try planObjective(),
                constraints: constraints, fixedParams: params)
    }

    /// Plans with these options; with bootstrap samples in the law file, with intervals.
    func makePlan() throws -> Plan {
        let file = try lawFile()
        let planner = try planner(law: try file.chinchilla())
        return try planner.plan(try target(), samples: file.chinchillaSamples(), confidence: confidence ?? 0.9)
    }
}

/// JSON text, keys sorted, for plan objects.
func jsonText(_ object: Any) throws -> String {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    return String(decoding: data, as: UTF8.self) + "\n"
}
