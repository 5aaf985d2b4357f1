import Planning

extension Table {
    /// One priced model (`scaleplan cost`): a row per quantity — size, loss when a law was
    /// given, FLOPs, dollars, GPU-hours, the training calendar and energy — with the same rows
    /// and keys as a plan's table.
    public init(cost a: Allocation, demand: InferenceDemand) {
        self.init(columns: [Column("", key: "quantity", alignment: .left), Column("value", key: "value")])
        func row(_ name: String, _ key: String, _ value: Double?, _ unused: Double?, _ style: NumberStyle, _ change: Bool) {
            guard let value, value.isFinite else { return }
            append([.text(name), .number(value, style)])
        }
        let c = a.costs
        row("params", "params", a.params, nil, .count, false)
        row("tokens", "tokens", a.tokens, nil, .count, false)
        row("tokens/param", "tokens_per_param", a.tokensPerParam, nil, .decimal(significant: 3), false)
        row("loss", "loss", a.loss, nil, .decimal(significant: 4), false)
        row("training FLOPs", "training_flops", a.trainingFLOPs, nil, .flops, false)
        row("inference FLOPs", "inference_flops", a.inferenceFLOPs, nil, .flops, false)
        row("total FLOPs", "total_flops", a.totalFLOPs, nil, .flops, false)
        row("training cost", "training_cost_usd", c.trainingUSD, nil, .usd, false)
        row("inference cost", "inference_cost_usd", c.inferenceUSD, nil, .usd, false)
        row("total cost", "total_cost_usd", c.totalUSD, nil, .usd, false)
        row("training GPU-hours", "training_gpu_hours", c.trainingGPUHours, nil, .count, false)
        row("inference GPU-hours", "inference_gpu_hours", c.inferenceGPUHours, nil, .count, false)
        Self.appendCalendarAndEnergyRows(c, c, row)
        notes = ["inference demand \(NumberFormatting.format(demand.tokens, .count)) tokens (\(NumberFormatting.format(demand.inputTokens, .count)) prompt, \(NumberFormatting.format(demand.outputTokens, .count)) generated)"]
        if let d = c.serving {
            notes.append("serving (roofline): \(d.gpus) GPUs per replica, batch \(d.batch), \(d.bound.rawValue)-bound")
        } else if let u = c.decodeUtilisation {
            notes.append("serving: decode at \(NumberFormatting.format(u, .percent)) utilisation (fixed, --decode-mfu)")
        }
    }
}
