import Foundation
import Reporting
import ScalingLaws

extension LossPrediction {
    func render(_ format: TableFormat) -> String {
        if format == .json {
            var o: [String: Any] = ["loss": loss, "params": scale.params, "tokens": scale.tokens, "flops": scale.flops]
            if let u = scale.uniqueTokens { o["unique_tokens"] = u }
            if let interval { o["interval"] = [interval.low, interval.high]; o["confidence"] = confidence; o["samples"] = samples }
            return JSON.text(o)
        }
        var columns = [Table.Column("params", key: "params"), Table.Column("tokens", key: "tokens")]
        var row: [Cell] = [.number(scale.params, .count), .number(scale.tokens, .count)]
        if let u = scale.uniqueTokens {
            columns.append(Table.Column("unique tokens", key: "unique_tokens"))
            row.append(.number(u, .count))
        }
        columns += [Table.Column("FLOPs", key: "flops"), Table.Column("loss", key: "loss")]
        row += [.number(scale.flops, .flops), .number(loss, .decimal(significant: 4))]
        if let interval {
            columns.append(Table.Column("\(Int((confidence * 100).rounded()))% interval", key: "interval", alignment: .left))
            row.append(.interval(interval.low, interval.high, .decimal(significant: 4)))
        }
        return Table(columns: columns, rows: [row]).render(format)
    }
}
