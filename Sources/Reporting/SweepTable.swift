import Planning

/// A sweep's table, built a row at a time as the plans are made (`Table(sweep:)` builds it at
/// once): the varied values, then the recommendation and savings, with the cost, calendar,
/// serving and energy columns the first plan has. Built as it goes, a 10,000-point sweep need
/// not keep its plans (a kilobyte each) only to tabulate them.
public struct SweepTable {
    public private(set) var table: Table
    /// With `csv`, the rows go straight into this CSV text (header first) instead of `table`,
    /// which keeps only the columns: what `table.render(.csv)` would give, without the rows.
    public private(set) var csv: String?
    let priced: Bool, calendar: Bool, roofline: Bool, energy: Bool
    let split: [Bool]

    /// The columns for a sweep varying `names` whose first plan is `first`.
    public init(varying names: [String], first: Plan?, csv: Bool = false, expectedRows: Int = 0) {
        let costs = first?.recommended.costs
        priced = costs?.totalUSD != nil
        calendar = costs?.calendar != nil; roofline = costs?.serving != nil; energy = costs?.totalKWh != nil
        typealias Column = Table.Column
        var columns = names.map { Column($0, key: $0) }
        columns += [Column("params", key: "params"), Column("tokens", key: "tokens"),
                    Column("tokens/param", key: "tokens_per_param"), Column("loss", key: "loss"),
                    Column("total FLOPs", key: "total_flops"), Column("Chinchilla params", key: "chinchilla_params"),
                    Column("FLOPs saved", key: "flops_fraction")]
        if priced { columns += [Column("total cost", key: "total_cost_usd"), Column("cost saved", key: "cost_fraction")] }
        if calendar { columns.append(Column("wall-clock days", key: "wall_clock_days")) }
        if roofline { columns += [Column("GPUs/replica", key: "gpus_per_replica"), Column("ms/token", key: "decode_ms_per_token")] }
        if energy { columns += [Column("total kWh", key: "total_energy_kwh"), Column("total CO2 (t)", key: "total_co2_t")] }
        table = Table(columns: columns)
        split = columns.map { _ in false }   // a sweep's cells are never intervals
        if csv {
            var text = table.renderCSV()   // the header
            text.reserveCapacity(24 * (expectedRows + 1) * (columns.count + 1))
            self.csv = text
        }
    }

    /// One plan's row.
    public mutating func append(vary: [(name: String, value: Double)], plan: Plan) {
        let r = plan.recommended
        var cells: [Cell] = vary.map { .number($0.value, .decimal(significant: 3)) }
        cells += [.number(r.params, .count), .number(r.tokens, .count), .number(r.tokensPerParam, .decimal(significant: 3)),
                  .number(r.loss, .decimal(significant: 4)), .number(r.totalFLOPs, .flops),
                  .number(plan.chinchilla.params, .count), .number(plan.savings.flopsFraction, .percent)]
        if priced {
            cells += [r.costs.totalUSD.map { .number($0, .usd) } ?? .empty,
                      plan.savings.costFraction.map { .number($0, .percent) } ?? .empty]
        }
        let c = r.costs
        if calendar { cells.append(c.calendar.map { .number($0.wallClockDays, .decimal(significant: 3)) } ?? .empty) }
        if roofline {
            cells += [c.serving.map { .number(Double($0.gpus), .decimal(significant: String($0.gpus).count)) } ?? .empty,
                      c.serving.map { .number($0.msPerToken, .decimal(significant: 3)) } ?? .empty]
        }
        if energy {
            cells += [c.totalKWh.map { .number($0, .count) } ?? .empty, c.totalCO2Tonnes.map { .number($0, .decimal(significant: 3)) } ?? .empty]
        }
        if csv != nil {
            Table.appendCSVRecord(cells, columns: table.columns.count, split: split, to: &csv!)
        } else {
            table.append(cells)
        }
    }

}
