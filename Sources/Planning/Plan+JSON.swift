import Foundation

extension Plan {
    /// The plan as JSON-ready values with the stable keys of the command-line contract:
    /// `objective`, `target_loss`, `recommended` and `chinchilla` (each `params`, `tokens`,
    /// `tokens_per_param`, `loss`, `training_flops`, `inference_flops`, `total_flops`, and
    /// with a priced cost model `training_cost_usd`, `inference_cost_usd`, `total_cost_usd`,
    /// `training_gpu_hours`, `inference_gpu_hours`, `total_gpu_hours`), `savings`
    /// (`flops_fraction`, `cost_fraction`), plus `demand`, `binding_constraints`, and with
    /// bootstrap samples `intervals` (name → [low, high]), `confidence` and `samples`.
    /// Values that are not finite become null: JSON has no NaN.
    public var jsonObject: [String: Any] {
        var object: [String: Any] = [
            "objective": objective.rawValue,
            "target_loss": json(targetLoss),
            "recommended": recommended.jsonObject(uniqueData, realShare: realShare),
            "chinchilla": chinchilla.jsonObject(uniqueData, realShare: realShare),
            "savings": ["flops_fraction": json(savings.flopsFraction),
                        "cost_fraction": savings.costFraction.map(json) ?? NSNull()],
            "binding_constraints": binding.map(\.rawValue),
            "demand": demand.jsonObject,
        ]
        if dataMultiplier != 1 { object["data_multiplier"] = json(dataMultiplier) }
        if let s = synthetic {
            var o = s.jsonObject
            o["optimised"] = syntheticOptimised
            object["synthetic"] = o
        }
        if let data = uniqueData {
            var repeated: [String: Any] = ["unique_tokens": json(data.uniqueTokens), "half_life": json(data.halfLife)]
            if let r = data.paramsHalfLife, let supported = supportedParams {
                repeated["params_half_life"] = json(r)
                repeated["supported_params"] = json(supported)
            }
            object["repeated_data"] = repeated
        }
        if !intervals.isEmpty {
            object["intervals"] = intervals.mapValues { [json($0.low), json($0.high)] }
            object["confidence"] = confidence.map(json) ?? NSNull()
            object["samples"] = ["used": samplesUsed, "failed": samplesFailed]
        }
        return object
    }
}

extension SyntheticSummary {
    /// `tokens`, `worth`, `rephraser_params`, `reuse`, `generation_flops`, `break_even_reuses`;
    /// with a fraction `fraction`; when priced `generation_gpu_hours`, `generation_cost_usd`, and
    /// with board powers `generation_energy_kwh`, `generation_co2_t`.
    public var jsonObject: [String: Any] {
        var o: [String: Any] = ["tokens": json(data.tokens), "worth": json(data.worth),
                                "rephraser_params": json(data.rephraserParams), "reuse": json(data.reuse),
                                "generation_flops": json(generationFLOPs),
                                "break_even_reuses": breakEvenReuses.map(json) ?? NSNull()]
        if let f = data.fraction { o["fraction"] = json(f) }
        if let h = generationGPUHours { o["generation_gpu_hours"] = json(h) }
        if let x = generationUSD { o["generation_cost_usd"] = json(x) }
        if let k = generationKWh { o["generation_energy_kwh"] = json(k) }
        if let c = generationCO2Tonnes { o["generation_co2_t"] = json(c) }
        return o
    }
}

extension Plan {
    /// The share of the training tokens drawn from the unique real data: 1 − f with
    /// `--synthetic-fraction f`, else 1.
    public var realShare: Double { 1 - (synthetic?.data.fraction ?? 0) }
}

extension Allocation {
    /// Epochs of the unique real data, D_real/U with D_real = `realShare`·D (the JSON's
    /// `epochs`, the table's "epochs of unique data").
    public func epochs(of data: UniqueData, realShare: Double = 1) -> Double { realShare * tokens / data.uniqueTokens }

    /// With a cap on unique data or a data multiplier, also `effective_tokens` (the law's data:
    /// m·D′, m·D or D′, or with a synthetic fraction m·D_eff); with the cap, `epochs` (D/U) and
    /// `repetitions` (R = D/U − 1, at least 0) of the real tokens (`realShare`·D of the D
    /// trained on); with R*_N also `effective_params` (N′).
    public func jsonObject(_ uniqueData: UniqueData? = nil, realShare: Double = 1) -> [String: Any] {
        var object: [String: Any] = [
            "params": json(params), "tokens": json(tokens), "tokens_per_param": json(tokensPerParam),
            "loss": json(loss), "training_flops": json(trainingFLOPs), "inference_flops": json(inferenceFLOPs),
            "total_flops": json(totalFLOPs),
        ]
        if let effective = effectiveTokens { object["effective_tokens"] = json(effective) }
        if effectiveTokens != nil, let data = uniqueData {
            object["epochs"] = json(epochs(of: data, realShare: realShare))
            object["repetitions"] = json(data.repetitions(raw: realShare * tokens))
        }
        if let effective = effectiveParams { object["effective_params"] = json(effective) }
        let c = costs
        if let t = c.trainingUSD, let i = c.inferenceUSD, let total = c.totalUSD {
            object["training_cost_usd"] = json(t); object["inference_cost_usd"] = json(i); object["total_cost_usd"] = json(total)
        }
        if let t = c.trainingGPUHours, let i = c.inferenceGPUHours, let total = c.totalGPUHours {
            object["training_gpu_hours"] = json(t); object["inference_gpu_hours"] = json(i); object["total_gpu_hours"] = json(total)
        }
        if let training = c.trainingJSON { object["training"] = training }
        if let serving = c.servingJSON { object["serving"] = serving }
        if let kWh = c.totalKWh, let co2 = c.totalCO2Tonnes {
            object["total_energy_kwh"] = json(kWh); object["total_co2_t"] = json(co2)
        }
        return object
    }
}

extension CostBreakdown {
    /// `training`: `gpu_hours` (failures included), with board powers `energy_kwh`, `co2_t`, and
    /// with a calendar `gpus`, `wall_clock_days`, `goodput`, `expected_interruptions`,
    /// `checkpoint_interval_minutes` (absent without failures). Nil when not priced.
    var trainingJSON: [String: Any]? {
        guard let hours = trainingGPUHours else { return nil }
        var object: [String: Any] = ["gpu_hours": json(hours)]
        if let kWh = trainingKWh, let co2 = trainingCO2Tonnes { object["energy_kwh"] = json(kWh); object["co2_t"] = json(co2) }
        if let calendar {
            object["gpus"] = json(calendar.gpus)
            object["wall_clock_days"] = json(calendar.wallClockDays)
            object["goodput"] = json(calendar.goodput)
            object["expected_interruptions"] = json(calendar.expectedInterruptions)
            if let tau = calendar.checkpointIntervalMinutes { object["checkpoint_interval_minutes"] = json(tau) }
        }
        return object
    }

    /// `serving`: `mode`, `decode_utilisation`, `gpu_hours`, with board powers `energy_kwh`,
    /// `co2_t`, and with roofline serving `gpus_per_replica`, `batch`, `decode_ms_per_token`,
    /// `bound`, `kv_bytes_per_token`. Nil when not priced.
    var servingJSON: [String: Any]? {
        guard let hours = inferenceGPUHours else { return nil }
        var object: [String: Any] = ["mode": serving == nil ? "fixed-mfu" : "roofline", "gpu_hours": json(hours)]
        if let u = decodeUtilisation { object["decode_utilisation"] = json(u) }
        if let d = serving {
            object["gpus_per_replica"] = d.gpus
            object["batch"] = d.batch
            object["decode_ms_per_token"] = json(d.msPerToken)
            object["bound"] = d.bound.rawValue
            object["kv_bytes_per_token"] = json(d.kvBytesPerToken)
        }
        if let kWh = inferenceKWh, let co2 = inferenceCO2Tonnes { object["energy_kwh"] = json(kWh); object["co2_t"] = json(co2) }
        return object
    }
}

extension InferenceDemand {
    public var jsonObject: [String: Any] {
        var object: [String: Any] = ["inference_tokens": json(tokens), "input_tokens": json(inputTokens),
                                     "output_tokens": json(outputTokens)]
        if let requests { object["requests"] = json(requests) }
        return object
    }
}

private func json(_ x: Double) -> Any { x.isFinite ? x : NSNull() }
