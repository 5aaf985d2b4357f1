import Foundation
import Reporting
import ScalingLaws

extension MetricPrediction {
    /// The prediction as a table (or JSON: `loss` and `metric`, each with its `_interval`).
    func render(_ format: TableFormat) -> String {
        let name = metricName ?? "metric"
        if format == .json {
            var o: [String: Any] = ["loss": loss, "metric": metric, "metric_name": name, "confidence": confidence]
            if let scale {
                o["params"] = scale.params; o["tokens"] = scale.tokens; o["flops"] = scale.flops
                if let u = scale.uniqueTokens { o["unique_tokens"] = u }
            }
            if let i = lossInterval { o["loss_interval"] = [i.low, i.high] }
            if let i = metricInterval { o["metric_interval"] = [i.low, i.high]; o["samples"] = samples }
            return JSON.text(o)
        }
        let level = "\(Int((confidence * 100).rounded()))% interval"
        // A tracker's path-like column (eval/downstream/hellaswag_…) by its last part.
        let title = name.split(separator: "/").last.map(String.init) ?? name
        var columns: [Table.Column] = [], row: [Cell] = []
        if let scale {
            columns += [Table.Column("params", key: "params"), Table.Column("tokens", key: "tokens"), Table.Column("FLOPs", key: "flops")]
            row += [.number(scale.params, .count), .number(scale.tokens, .count), .number(scale.flops, .flops)]
        }
        columns.append(Table.Column("loss", key: "loss"))
        row.append(.number(loss, .decimal(significant: 4)))
        if scale != nil, let i = lossInterval {
            columns.append(Table.Column(level, key: "loss_interval", alignment: .left))
            row.append(.interval(i.low, i.high, .decimal(significant: 4)))
        }
        columns.append(Table.Column(title, key: "metric"))
        row.append(.number(metric, .decimal(significant: 4)))
        if let i = metricInterval {
            columns.append(Table.Column(level, key: "metric_interval", alignment: .left))
            row.append(.interval(i.low, i.high, .decimal(significant: 4)))
        }
        return Table(columns: columns, rows: [row]).render(format)
    }
}
