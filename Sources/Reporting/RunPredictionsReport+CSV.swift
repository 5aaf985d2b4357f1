import Fitting
import ScalingLaws

extension RunPredictionsReport {
    /// Runs per block of the CSV written in parallel.
    public static let csvBlock = 65_536

    /// `table(p).render(.csv)`, byte for byte, written straight into bytes: no `Cell` or
    /// `String` per field, blocks of runs on every core (a million-run prediction is six
    /// million shortest round-trip decimals). The header first, then the blocks in order.
    public static func csv(_ p: RunPredictions, block csvBlock: Int = csvBlock) -> [ByteText] {
        let inputs = inputs(p)
        let columns = columns(p, inputs: inputs)
        // As `Table.renderCSV`: the interval column is two fields when some run has one.
        let split = p.samples > 0 && p.predictions.contains { $0.interval != nil }
        var header = ByteText()
        for (j, key) in Table(columns: columns).machineKeys.enumerated() {
            if j > 0 { header.append(UInt8(ascii: ",")) }
            if key == "interval" && split {
                header.appendCSVField(key + "_low"); header.append(UInt8(ascii: ",")); header.appendCSVField(key + "_high")
            } else {
                header.appendCSVField(key)
            }
        }
        header.append(UInt8(ascii: "\n"))

        let count = p.predictions.count, blocks = (count + csvBlock - 1) / csvBlock
        let box = ParallelResults<ByteText>(count: blocks)
        let withIntervals = p.samples > 0, withObserved = p.observedCount > 0
        performConcurrently(blocks) { k in
            let inputs = Self.inputs(p)   // per block: its closures are not Sendable
            var out = ByteText(reservingCapacity: 96 * csvBlock)
            for prediction in p.predictions[k * csvBlock..<min(count, (k + 1) * csvBlock)] {
                out.appendCSVField(name(of: prediction.run))
                for input in inputs {
                    out.append(UInt8(ascii: ","))
                    if let v = input.value(prediction.run) { out.appendExact(v) }
                }
                out.append(UInt8(ascii: ","))
                out.appendExact(prediction.loss)
                if withIntervals {
                    out.append(UInt8(ascii: ","))
                    if let interval = prediction.interval {
                        out.appendExact(interval.low); out.append(UInt8(ascii: ",")); out.appendExact(interval.high)
                    } else if split {
                        out.append(UInt8(ascii: ","))
                    }
                }
                if withObserved {
                    out.append(UInt8(ascii: ","))
                    if let o = prediction.observed { out.appendExact(o) }
                    out.append(UInt8(ascii: ","))
                    if let r = prediction.residual { out.appendExact(r) }
                }
                out.append(UInt8(ascii: "\n"))
            }
            box.set(k, out)
        }
        return [header] + box.all
    }
}
