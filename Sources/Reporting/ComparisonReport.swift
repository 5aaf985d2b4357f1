import Foundation
import Fitting
import ScalingLaws

/// A dataset comparison as people and scripts read it: per group and target loss, the compute
/// to reach it and the multipliers against the baseline (with intervals when bootstrapped).
public enum ComparisonReport {
    public static func table(_ c: DatasetComparison) -> Table {
        let hasIntervals = c.rows.contains { !$0.intervals.isEmpty }
        var columns = [Table.Column("group", key: "group", alignment: .left), Table.Column("target loss", key: "target_loss"),
                       Table.Column("FLOPs", key: "flops"), Table.Column("compute ×", key: "compute_multiplier"),
                       Table.Column("data ×", key: "data_multiplier")]
        if hasIntervals {
            columns += [Table.Column("compute × \(percent(c.confidence))", key: "compute_multiplier_interval", alignment: .left),
                        Table.Column("data × \(percent(c.confidence))", key: "data_multiplier_interval", alignment: .left)]
        }
        var table = Table(columns: columns)
        func number(_ v: Double?, _ style: NumberStyle) -> Cell { v.map { $0.isFinite ? .number($0, style) : .text("∞") } ?? .text("unreachable") }
        for row in c.rows {
            var cells: [Cell] = [.text(row.group + (row.group == c.baseline ? " (baseline)" : "")),
                                 .number(row.targetLoss, .decimal(significant: 4)), number(row.flops, .flops),
                                 number(row.computeMultiplier, .decimal(significant: 3)), number(row.dataMultiplier, .decimal(significant: 3))]
            if hasIntervals {
                for key in ["compute_multiplier", "data_multiplier"] {
                    cells.append(row.intervals[key].map { .interval($0.low, $0.high, .decimal(significant: 3)) } ?? .empty)
                }
            }
            table.append(cells)
        }
        table.notes = notes(c)
        return table
    }

    public static func notes(_ c: DatasetComparison) -> [String] {
        var notes = ["multipliers against \(c.baseline): compute × = C_\(c.baseline)(ℓ)/C_group(ℓ) for the cheapest model of loss ℓ; data × = tokens of \(c.baseline) that do what one of the group's does, at the group's compute-optimal size"]
        if !c.shared.isEmpty { notes.append("fitted together, sharing \(c.shared.joined(separator: ", ")) across groups") }
        for group in c.groups {
            let p = group.law
            notes.append("\(group.name) (\(group.runs) runs): E = \(fmt(p.E)), A = \(fmt(p.A)), B = \(fmt(p.B)), α = \(fmt(p.alpha)), β = \(fmt(p.beta))")
        }
        for flip in c.flips {
            notes.append("\(flip.group) and \(c.baseline) swap places at loss \(fmt(flip.loss)): the cheaper dataset depends on the target")
        }
        for row in c.rows where row.group != c.baseline {
            if let i = row.intervals["compute_multiplier"], i.low <= 1, i.high >= 1 {
                notes.append("\(row.group) at loss \(fmt(row.targetLoss)): the \(percent(c.confidence)) interval of compute × includes 1 — not distinguishable from \(c.baseline) there")
            }
        }
        notes += c.warnings.map { "warning: " + $0 }
        return notes
    }

    /// JSON: `baseline`, `shared`, `groups` (name → parameters), `rows`, `flips`, `confidence`.
    public static func object(_ c: DatasetComparison) -> [String: Any] {
        func value(_ v: Double?) -> Any { v.map { $0.isFinite ? $0 as Any : "inf" as Any } ?? NSNull() }
        return [
            "baseline": c.baseline,
            "shared": c.shared,
            "groups": Dictionary(uniqueKeysWithValues: c.groups.map { ($0.name, $0.parameters) }),
            "rows": c.rows.map { r -> [String: Any] in
                ["group": r.group, "target_loss": r.targetLoss, "flops": value(r.flops),
                 "compute_multiplier": value(r.computeMultiplier), "data_multiplier": value(r.dataMultiplier),
                 "intervals": r.intervals.mapValues { [$0.low, $0.high] }]
            },
            "flips": c.flips.map { ["group": $0.group, "loss": $0.loss] as [String: Any] },
            "confidence": c.confidence,
            "warnings": c.warnings,
        ]
    }

    static func fmt(_ x: Double) -> String { NumberFormatting.decimal(x, significant: 4) }
    static func percent(_ c: Double) -> String { FitReport.percent(c) }
}
