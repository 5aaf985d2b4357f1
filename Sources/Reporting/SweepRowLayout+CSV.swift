import Dispatch
import Foundation
import Planning
import ScalingLaws

/// A long sweep's CSV without a table of cells: each row's numbers in a flat array
/// (`appendValues`), then written as CSV records into bytes, blocks of rows in parallel.
extension SweepRowLayout {
    /// One plan's row as numbers, appended to `values`: an empty cell as NaN, which CSV writes
    /// the same way (a non-finite number is an empty field).
    public func appendValues(vary: [(name: String, value: Double)], plan: Plan, to values: inout [Double]) {
        forEachValue(vary: vary, plan: plan) { value, _ in values.append(value ?? .nan) }
    }

    /// Rows of `columns` numbers each (`appendValues`) as CSV records, exactly as
    /// `Table.renderCSV` writes the rows of `cells`: numbers never need quotes, and an empty
    /// cell or a non-finite number is an empty field. A number equal (bit for bit) to the one
    /// above it has the same digits, which are copied rather than worked out again: in a sweep
    /// over demand the loss and Chinchilla's model are the same on every row.
    public static func appendCSVRecords(_ values: [Double], columns: Int, to out: inout ByteText) {
        var above = [UInt64](repeating: 0, count: columns)   // the row above's bit patterns
        var fields = [Range<Int>](repeating: 0..<0, count: columns)   // and where its fields are
        var firstRow = true
        var column = 0
        for value in values {
            if column > 0 { out.append(UInt8(ascii: ",")) }
            let start = out.bytes.count
            if !firstRow && value.bitPattern == above[column] {
                out.appendCopy(of: fields[column])
            } else {
                out.appendExact(value)
            }
            above[column] = value.bitPattern
            fields[column] = start..<out.bytes.count
            column += 1
            if column == columns { out.append(UInt8(ascii: "\n")); column = 0; firstRow = false }
        }
    }

    /// Each block of rows as CSV records (`appendCSVRecords`), the blocks written in parallel:
    /// the shortest round-trip decimals cost about as much as the plans.
    public static func csvRecords(_ blocks: [[Double]], columns: Int) -> [ByteText] {
        let box = ParallelResults<ByteText>(count: blocks.count)
        performConcurrently(blocks.count) { k in
            var out = ByteText(reservingCapacity: 20 * blocks[k].count + 8 * columns)
            appendCSVRecords(blocks[k], columns: columns, to: &out)
            box.set(k, out)
        }
        return box.all
    }
}
