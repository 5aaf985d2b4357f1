import Dispatch
import Foundation
import Planning

/// A sweep's CSV rows, formatted on other threads while the plans are still being made.
///
/// Turning a row's numbers into shortest round-trip decimals costs about as much as the plan,
/// and unlike the plans (one warm-started chain) the rows do not depend on each other. So the
/// caller's thread only copies each plan's numbers out (`SweepRowLayout.appendValues`); every
/// `rowsPerChunk` rows go to a worker that writes them into their own bytes, and `finish`
/// returns the chunks in order. The bytes are those `Table.renderCSV` gives for the same rows,
/// whatever the number of threads.
public final class SweepCSVWriter: @unchecked Sendable {   // `parts` only under `lock`; the rest on the caller's thread
    public static let rowsPerChunk = 1000
    let layout: SweepRowLayout
    let columns: Int
    /// The rows not yet handed to a worker.
    private var pending: [Double] = []
    private var pendingRows = 0
    private var chunks = 0
    private var parts: [ByteText?] = []
    private let lock = NSLock()
    private let group = DispatchGroup()

    /// Rows of `columns` cells laid out as `layout` says.
    public init(layout: SweepRowLayout, columns: Int) {
        self.layout = layout; self.columns = columns
        pending.reserveCapacity(Self.rowsPerChunk * columns)
    }

    /// One plan's row.
    public func append(vary: [(name: String, value: Double)], plan: Plan) {
        layout.appendValues(vary: vary, plan: plan, to: &pending)
        pendingRows += 1
        if pendingRows == Self.rowsPerChunk { handOff() }
    }

    private func handOff() {
        let values = pending, chunk = chunks, columns = columns
        chunks += 1
        pending = []; pending.reserveCapacity(Self.rowsPerChunk * columns); pendingRows = 0
        DispatchQueue.global().async(group: group) {
            let text = Self.format(values, columns: columns)
            self.lock.withLock {
                while self.parts.count <= chunk { self.parts.append(nil) }
                self.parts[chunk] = text
            }
        }
    }

    static func format(_ values: [Double], columns: Int) -> ByteText {
        var out = ByteText(reservingCapacity: 20 * values.count + 8 * columns)
        SweepRowLayout.appendCSVRecords(values[...], columns: columns, to: &out)
        return out
    }

    /// Every row's record, in order (the last rows formatted here, while the workers finish).
    public func finish() -> [ByteText] {
        let last = Self.format(pending, columns: columns)
        pending = []; pendingRows = 0
        group.wait()
        return lock.withLock { parts.map { $0! } } + [last]
    }
}
