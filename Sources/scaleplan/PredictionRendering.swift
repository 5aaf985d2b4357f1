import Foundation
import Reporting
import ScalingLaws

extension LossPrediction {
    /// The inputs as (column title, JSON key, value, style), in the order they are shown.
    private var inputs: [(title: String, key: String, value: Double, style: NumberStyle)] {
        switch point {
        case let .scale(scale):
            var out: [(String, String, Double, NumberStyle)] = [("params", "params", scale.params, .count), ("tokens", "tokens", scale.tokens, .count)]
            if let u = scale.uniqueTokens { out.append(("unique tokens", "unique_tokens", u, .count)) }
            out.append(("FLOPs", "flops", scale.flops, .flops))
            return out
        case let .variable(variable, x):
            return [(variable == .flops ? "FLOPs" : variable.rawValue, variable.rawValue, x, variable == .flops ? .flops : .count)]
        case let .column(column, x):
            return [(column, "x", x, .decimal(significant: 4))]
        }
    }

    func render(_ format: TableFormat) -> String {
        if format == .json {
            var o: [String: Any] = ["loss": loss]
            for input in inputs { o[input.key] = input.value }
            if case let .column(column, _) = point { o["against_column"] = column }
            if let interval { o["interval"] = [interval.low, interval.high]; o["confidence"] = confidence; o["samples"] = samples }
            return JSON.text(o)
        }
        var columns = inputs.map { Table.Column($0.title, key: $0.key) } + [Table.Column("loss", key: "loss")]
        var row: [Cell] = inputs.map { .number($0.value, $0.style) } + [.number(loss, .decimal(significant: 4))]
        if let interval {
            columns.append(Table.Column("\(Int((confidence * 100).rounded()))% interval", key: "interval", alignment: .left))
            row.append(.interval(interval.low, interval.high, .decimal(significant: 4)))
        }
        return Table(columns: columns, rows: [row]).render(format)
    }
}
