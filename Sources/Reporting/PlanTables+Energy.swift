import Foundation
import Planning

extension Table {
    /// The training calendar (with `--train-gpus`) and energy rows (with board powers) of a
    /// plan or a priced model, the same rows in every format: `row(name, key, a, b, style,
    /// change:)` appends one with the recommended (or only) value `a` and the comparison `b`.
    static func appendCalendarAndEnergyRows(
        _ a: CostBreakdown, _ b: CostBreakdown,
        _ row: (String, String, Double?, Double?, NumberStyle, Bool) -> Void
    ) {
        if let ca = a.calendar, let cb = b.calendar {
            row("training GPUs", "training.gpus", ca.gpus, cb.gpus, whole(ca.gpus), false)
            row("wall-clock days", "training.wall_clock_days", ca.wallClockDays, cb.wallClockDays, .decimal(significant: 3), true)
            row("goodput", "training.goodput", ca.goodput, cb.goodput, .percent, false)
            row("expected interruptions", "training.expected_interruptions", ca.expectedInterruptions, cb.expectedInterruptions, .decimal(significant: 3), true)
            row("checkpoint every (min)", "training.checkpoint_interval_minutes", ca.checkpointIntervalMinutes, cb.checkpointIntervalMinutes, .decimal(significant: 3), false)
        }
        if let sa = a.serving, let sb = b.serving {
            row("GPUs per replica", "serving.gpus_per_replica", Double(sa.gpus), Double(sb.gpus), whole(Double(max(sa.gpus, sb.gpus))), false)
            row("batch", "serving.batch", Double(sa.batch), Double(sb.batch), whole(Double(max(sa.batch, sb.batch))), false)
            row("decode ms/token", "serving.decode_ms_per_token", sa.msPerToken, sb.msPerToken, .decimal(significant: 3), true)
            row("decode utilisation", "serving.decode_utilisation", a.decodeUtilisation, b.decodeUtilisation, .percent, false)
            row("KV bytes/token", "serving.kv_bytes_per_token", sa.kvBytesPerToken, sb.kvBytesPerToken, .count, true)
        }
        row("training energy (kWh)", "training.energy_kwh", a.trainingKWh, b.trainingKWh, .count, true)
        row("inference energy (kWh)", "serving.energy_kwh", a.inferenceKWh, b.inferenceKWh, .count, true)
        row("total energy (kWh)", "total_energy_kwh", a.totalKWh, b.totalKWh, .count, true)
        row("training CO2 (t)", "training.co2_t", a.trainingCO2Tonnes, b.trainingCO2Tonnes, .decimal(significant: 3), true)
        row("inference CO2 (t)", "serving.co2_t", a.inferenceCO2Tonnes, b.inferenceCO2Tonnes, .decimal(significant: 3), true)
        row("total CO2 (t)", "total_co2_t", a.totalCO2Tonnes, b.totalCO2Tonnes, .decimal(significant: 3), true)
    }

    /// Every digit of a whole count below a million (1024 GPUs, not 1.02K).
    private static func whole(_ x: Double) -> NumberStyle {
        x >= 1 && x < 1e6 ? .decimal(significant: Int(log10(x)) + 1) : .count
    }
}
