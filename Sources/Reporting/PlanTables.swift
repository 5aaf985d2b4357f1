import Planning
import ScalingLaws

extension Table {
    /// A plan side by side with Chinchilla's model of the same quality: one row per quantity,
    /// columns recommended / Chinchilla-optimal / change, and the bootstrap interval of the
    /// recommendation when the law carried samples. Notes say what is saved and what binds.
    public init(plan: Plan) {
        var columns = [Column("", key: "quantity", alignment: .left),
                       Column("recommended", key: "recommended"),
                       Column("Chinchilla-optimal", key: "chinchilla"),
                       Column("change", key: "change")]
        let withIntervals = !plan.intervals.isEmpty
        if withIntervals {
            columns.append(Column("\(Int(((plan.confidence ?? 0.9) * 100).rounded()))% interval", key: "interval"))
        }
        self.init(columns: columns)
        let r = plan.recommended, c = plan.chinchilla
        func row(_ name: String, _ key: String, _ a: Double?, _ b: Double?, _ style: NumberStyle, change: Bool = true) {
            guard let a, let b else { return }
            var cells: [Cell] = [.text(name), .number(a, style), .number(b, style),
                                 change && b != 0 ? .number(a / b - 1, .change) : .empty]
            if withIntervals {
                cells.append(plan.intervals[key].map { .interval($0.low, $0.high, style) } ?? .empty)
            }
            append(cells)
        }
        row("params", "params", r.params, c.params, .count)
        row("tokens", "tokens", r.tokens, c.tokens, .count)
        row("tokens/param", "tokens_per_param", r.tokensPerParam, c.tokensPerParam, .decimal(significant: 3))
        if plan.uniqueData == nil && plan.dataMultiplier != 1 {
            row("effective tokens", "effective_tokens", r.effectiveTokens, c.effectiveTokens, .count)
        }
        if let data = plan.uniqueData {
            row("effective tokens", "effective_tokens", r.effectiveTokens, c.effectiveTokens, .count)
            row("epochs of unique data", "epochs", r.epochs(of: data, realShare: plan.realShare),
                c.epochs(of: data, realShare: plan.realShare), .decimal(significant: 3))
            row("effective params", "effective_params", r.effectiveParams, c.effectiveParams, .count)
        }
        row("loss", "loss", r.loss, c.loss, .decimal(significant: 4), change: false)
        row("training FLOPs", "training_flops", r.trainingFLOPs, c.trainingFLOPs, .flops)
        row("inference FLOPs", "inference_flops", r.inferenceFLOPs, c.inferenceFLOPs, .flops)
        row("total FLOPs", "total_flops", r.totalFLOPs, c.totalFLOPs, .flops)
        row("training cost", "training_cost_usd", r.costs.trainingUSD, c.costs.trainingUSD, .usd)
        row("inference cost", "inference_cost_usd", r.costs.inferenceUSD, c.costs.inferenceUSD, .usd)
        row("total cost", "total_cost_usd", r.costs.totalUSD, c.costs.totalUSD, .usd)
        row("training GPU-hours", "training_gpu_hours", r.costs.trainingGPUHours, c.costs.trainingGPUHours, .count)
        row("inference GPU-hours", "inference_gpu_hours", r.costs.inferenceGPUHours, c.costs.inferenceGPUHours, .count)
        Self.appendCalendarAndEnergyRows(r.costs, c.costs, row)
        notes = Self.planNotes(plan)
    }

    /// What a plan assumed about its data, the same at every demand (a report's paragraph):
    /// the unique-data cap, a data multiplier, synthetic data. Nil when none is in play.
    static func dataAssumptions(_ plan: Plan) -> String? {
        let fmt = { (x: Double, s: NumberStyle) in NumberFormatting.format(x, s) }
        var parts: [String] = []
        if let data = plan.uniqueData {
            let real = data.uniqueTokens - (plan.synthetic.map { $0.data.fraction == nil ? $0.data.tokens : 0 } ?? 0)
            parts.append("The real data is capped at \(fmt(real, .count)) unique tokens; "
                         + (data.halfLife.isFinite ? "repeated tokens count less (Muennighoff et al. 2023, R*_D = \(fmt(data.halfLife, .decimal(significant: 3))))"
                                                   : "the law counts repeated tokens in full (R*_D = ∞)")
                         + (data.paramsHalfLife.map { ", as do parameters beyond what the unique data supports (R*_N = \(fmt($0, .decimal(significant: 3))))" } ?? "") + ".")
        }
        if plan.dataMultiplier != 1 {
            parts.append("Each training token counts as \(fmt(plan.dataMultiplier, .decimal(significant: 3))) tokens of the law's data (a data multiplier); costs are on the tokens trained.")
        }
        if let s = plan.synthetic, s.data.tokens > 0 || s.data.fraction != nil {
            let what = s.data.fraction.map { "\(fmt($0, .percent)) of every training token is synthetic (never repeated)" }
                ?? "\(plan.syntheticOptimised ? "the planner chose " : "")\(fmt(s.data.tokens, .count)) synthetic tokens join the unique data"
            parts.append("Rephrased data (Maini et al. 2024): \(what), each token worth \(fmt(s.data.worth, .decimal(significant: 3))) real ones, written by a \(fmt(s.data.rephraserParams, .count))-parameter rephraser; \(s.data.reuse > 1 ? "this run's share of the generation (\(fmt(s.data.reuse, .decimal(significant: 3))) runs share it)" : "its generation") is in the training cost.")
        }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    static func planNotes(_ plan: Plan) -> [String] {
        var notes: [String] = []
        let fmt = { (x: Double, s: NumberStyle) in NumberFormatting.format(x, s) }
        notes.append("objective: \(plan.objective.rawValue); target loss \(fmt(plan.targetLoss, .decimal(significant: 5))); inference demand \(fmt(plan.demand.tokens, .count)) tokens")
        let saved = plan.chinchilla.totalFLOPs - plan.recommended.totalFLOPs
        if saved > 0 {
            notes.append("saves \(fmt(saved, .flops)) FLOPs (\(fmt(plan.savings.flopsFraction, .percent))) against Chinchilla-optimal")
        } else if saved < 0 {
            notes.append("costs \(fmt(-saved, .flops)) FLOPs (\(fmt(-plan.savings.flopsFraction, .percent))) more than Chinchilla-optimal")
        }
        if let f = plan.savings.costFraction, let rc = plan.recommended.costs.totalUSD, let cc = plan.chinchilla.costs.totalUSD {
            notes.append(abs(f) < 5e-4 ? "costs the same in dollars (a break-even point)"
                         : f >= 0 ? "saves \(fmt(cc - rc, .usd)) (\(fmt(f, .percent))) in dollars"
                                : "costs \(fmt(rc - cc, .usd)) (\(fmt(-f, .percent))) more in dollars")
        }
        if let s = plan.synthetic, s.data.tokens == 0 {
            notes.append("synthetic data: none\(plan.syntheticOptimised ? " — rephrasing does not pay at these costs" : "")")
        } else if let s = plan.synthetic {
            let share = s.data.fraction.map { "\(fmt($0, .percent)) of every training token synthetic, " } ?? ""
            var line = "synthetic data: \(share)\(plan.syntheticOptimised ? "the planner chose " : "")\(fmt(s.data.tokens, .count)) rephrased tokens (each worth \(fmt(s.data.worth, .decimal(significant: 3))) real ones) from a \(fmt(s.data.rephraserParams, .count)) rephraser: \(fmt(s.generationFLOPs, .flops)) FLOPs"
            if let h = s.generationGPUHours, let x = s.generationUSD { line += ", \(fmt(h, .decimal(significant: 3))) GPU-hours, \(fmt(x, .usd))" }
            line += s.data.reuse > 1 ? " over \(fmt(s.data.reuse, .decimal(significant: 3))) training runs (this one's share is in its training cost)" : " (in the training cost)"
            switch s.breakEvenReuses {
            case nil: line += "; never pays for itself against the same plan without it"
            case 0?: line += "; the target cannot be reached without it"
            case let r? where r <= 1: line += "; pays for itself within this run (break-even at \(fmt(r, .decimal(significant: 3))) runs)"
            case let r?: line += "; pays for itself once \(fmt(r, .decimal(significant: 3))) training runs share it"
            }
            notes.append(line)
        }
        if plan.dataMultiplier != 1 {
            notes.append("each training token counts as \(fmt(plan.dataMultiplier, .decimal(significant: 3))) tokens of the law's data (--data-multiplier); costs are on the tokens trained")
        }
        if let data = plan.uniqueData {
            let times = { (d: Double) in fmt(data.repetitions(raw: plan.realShare * d), .decimal(significant: 3)) }
            let pool = plan.synthetic.map { $0.data.fraction != nil ? " of real data (the rest synthetic, never repeated)" : " (\(fmt(data.uniqueTokens - $0.data.tokens, .count)) real, \(fmt($0.data.tokens, .count)) synthetic)" } ?? ""
            notes.append("data: \(fmt(data.uniqueTokens, .count)) unique tokens\(pool), repeated \(times(plan.recommended.tokens)) times beyond the first epoch for the recommendation (\(times(plan.chinchilla.tokens)) for Chinchilla's); \(data.halfLife.isFinite ? "repeated tokens count less (Muennighoff et al. 2023, R* = \(fmt(data.halfLife, .decimal(significant: 3))))" : "the law counts repeated tokens in full (R*_D = ∞)")")
            if let supported = plan.supportedParams, let r = data.paramsHalfLife {
                notes.append("parameters beyond \(fmt(supported, .count)), the compute-optimal size for the unique data, count less (R*_N = \(fmt(r, .decimal(significant: 3))))")
            }
        }
        if let sr = plan.recommended.costs.serving, let sc = plan.chinchilla.costs.serving {
            notes.append("serving (roofline): decode is \(sr.bound.rawValue)-bound for the recommendation, \(sc.bound.rawValue)-bound for Chinchilla's")
        }
        if !plan.binding.isEmpty {
            notes.append("binding constraint: " + plan.binding.map(\.option).joined(separator: ", "))
        }
        if plan.samplesFailed > 0 {
            notes.append("intervals from \(plan.samplesUsed) bootstrap samples (\(plan.samplesFailed) could not be planned)")
        }
        return notes
    }

    /// One row per plan of a sweep: the varied values, then the recommendation and savings.
    public init(sweep: [(vary: [(name: String, value: Double)], plan: Plan)]) {
        var builder = SweepTable(varying: sweep.first?.vary.map(\.name) ?? [], first: sweep.first?.plan)
        for (vary, plan) in sweep { builder.append(vary: vary, plan: plan) }
        self = builder.table
    }

    /// The hardware profiles: peak dense FLOP/s per data type, memory, bandwidth, price.
    public init(hardware: [HardwareProfile]) {
        let types = DataType.allCases
        var columns = [Column("slug", key: "slug", alignment: .left), Column("name", key: "name", alignment: .left)]
        columns += types.map { Column("\($0.rawValue) TFLOP/s", key: "\($0.rawValue)_tflops") }
        columns += [Column("memory GB", key: "memory_gb"), Column("bandwidth GB/s", key: "memory_bandwidth_gb_per_s"),
                    Column("$/GPU-hour", key: "price_usd_per_gpu_hour"), Column("power W", key: "board_power_w")]
        self.init(columns: columns, notes: ["dense peaks (not with-sparsity figures); prices are indicative: pass --train-price/--infer-price",
                                            "sources: data/hardware.json, or `scaleplan hardware --format json`"])
        for h in hardware {
            var cells: [Cell] = [.text(h.slug), .text(h.name)]
            cells += types.map { t in h.peakDenseFLOPS[t].map { .number($0 / 1e12, .decimal(significant: 4)) } ?? .empty }
            cells += [.number(h.memoryGB, .decimal(significant: 3)), .number(h.memoryBandwidthGBps, .decimal(significant: 4)),
                      .number(h.priceUSDPerGPUHour, .decimal(significant: 3)),
                      h.boardPowerW.map { .number($0, .decimal(significant: 4)) } ?? .empty]
            append(cells)
        }
    }

    /// The published law presets with their coefficients and citations.
    public init(presets: [LawPreset]) {
        self.init(columns: [Column("name", key: "name", alignment: .left), Column("E", key: "E"), Column("A", key: "A"),
                            Column("B", key: "B"), Column("α", key: "alpha"), Column("β", key: "beta"),
                            Column("source", key: "citation", alignment: .left)])
        for p in presets {
            append([.text(p.name), .number(p.law.E, .decimal(significant: 5)), .number(p.law.A, .decimal(significant: 5)),
                    .number(p.law.B, .decimal(significant: 5)), .number(p.law.alpha, .decimal(significant: 5)),
                    .number(p.law.beta, .decimal(significant: 5)), .text(p.citation)])
        }
        notes = presets.map { "\($0.name): \($0.note)" }
    }
}
