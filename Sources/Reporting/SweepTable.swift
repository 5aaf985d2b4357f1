import Planning

/// A sweep's table, built a row at a time as the plans are made (`Table(sweep:)` builds it at
/// once): the varied values, then the recommendation and savings, with the cost, calendar,
/// serving and energy columns the first plan has. Built as it goes, a 10,000-point sweep need
/// not keep its plans (a kilobyte each) only to tabulate them.
public struct SweepTable {
    public private(set) var table: Table
    /// Which optional columns the rows have (also what a sweep's CSV written as bytes follows,
    /// `SweepRowLayout+CSV.swift`).
    public let layout: SweepRowLayout

    /// The columns for a sweep varying `names` whose first plan is `first`.
    public init(varying names: [String], first: Plan?) {
        layout = SweepRowLayout(first: first)
        typealias Column = Table.Column
        var columns = names.map { Column($0, key: $0) }
        columns += [Column("params", key: "params"), Column("tokens", key: "tokens"),
                    Column("tokens/param", key: "tokens_per_param"), Column("loss", key: "loss"),
                    Column("total FLOPs", key: "total_flops"), Column("Chinchilla params", key: "chinchilla_params"),
                    Column("FLOPs saved", key: "flops_fraction")]
        if layout.priced { columns += [Column("total cost", key: "total_cost_usd"), Column("cost saved", key: "cost_fraction")] }
        if layout.calendar { columns.append(Column("wall-clock days", key: "wall_clock_days")) }
        if layout.roofline { columns += [Column("GPUs/replica", key: "gpus_per_replica"), Column("ms/token", key: "decode_ms_per_token")] }
        if layout.energy { columns += [Column("total kWh", key: "total_energy_kwh"), Column("total CO2 (t)", key: "total_co2_t")] }
        table = Table(columns: columns)
    }

    /// The CSV header (column keys), as `table.render(.csv)` starts.
    public var csvHeader: String { Table(columns: table.columns).renderCSV() }

    /// One plan's row.
    public mutating func append(vary: [(name: String, value: Double)], plan: Plan) {
        table.append(layout.cells(vary: vary, plan: plan))
    }
}

/// The cells of a sweep's row, given which optional columns the sweep has. Shared by the
/// table (`cells`) and the CSV written straight into bytes (`appendValues`), which both walk
/// `forEachValue`: one list of columns, so the two cannot disagree.
public struct SweepRowLayout: Sendable {
    public let priced: Bool, calendar: Bool, roofline: Bool, energy: Bool

    /// The columns the plan `first` (the sweep's first) has.
    public init(first: Plan?) {
        let costs = first?.recommended.costs
        priced = costs?.totalUSD != nil
        calendar = costs?.calendar != nil; roofline = costs?.serving != nil; energy = costs?.totalKWh != nil
    }

    /// Each column's value (nil: an empty cell) and how people see it, in column order.
    @inline(__always)
    func forEachValue(vary: [(name: String, value: Double)], plan: Plan, _ body: (Double?, NumberStyle) -> Void) {
        let r = plan.recommended
        for v in vary { body(v.value, .decimal(significant: 3)) }
        body(r.params, .count); body(r.tokens, .count); body(r.tokensPerParam, .decimal(significant: 3))
        body(r.loss, .decimal(significant: 4)); body(r.totalFLOPs, .flops)
        body(plan.chinchilla.params, .count); body(plan.savings.flopsFraction, .percent)
        if priced { body(r.costs.totalUSD, .usd); body(plan.savings.costFraction, .percent) }
        let c = r.costs
        if calendar { body(c.calendar?.wallClockDays, .decimal(significant: 3)) }
        if roofline {
            body(c.serving.map { Double($0.gpus) }, .decimal(significant: c.serving.map { String($0.gpus).count } ?? 1))
            body(c.serving?.msPerToken, .decimal(significant: 3))
        }
        if energy { body(c.totalKWh, .count); body(c.totalCO2Tonnes, .decimal(significant: 3)) }
    }

    /// One plan's row of cells.
    public func cells(vary: [(name: String, value: Double)], plan: Plan) -> [Cell] {
        var cells: [Cell] = []
        cells.reserveCapacity(vary.count + 15)
        forEachValue(vary: vary, plan: plan) { value, style in cells.append(value.map { .number($0, style) } ?? .empty) }
        return cells
    }
}
