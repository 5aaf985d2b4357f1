/// UTF-8 text built in a byte array: what a large CSV is written into (a 10,000-point sweep's
/// 80,000 numbers), then handed to the output in one write.
///
/// It is a `TextOutputStream` that also takes `_writeASCII`, the stream's hook for ASCII
/// bytes: `Double.write(to:)` formats the shortest round-trip digits into a stack buffer and
/// hands them over through it, so a number goes into the array with no `String` in between.
public struct ByteText: TextOutputStream, Sendable {
    public var bytes: [UInt8] = []

    public init(reservingCapacity capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    public mutating func write(_ string: String) { bytes.append(contentsOf: string.utf8) }

    public mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: buffer) }

    public mutating func append(_ byte: UInt8) { bytes.append(byte) }

    /// The bytes at `range`, appended again.
    public mutating func appendCopy(of range: Range<Int>) {
        let count = range.count, end = bytes.count
        guard count > 0 else { return }
        bytes.append(contentsOf: repeatElement(0, count: count))
        bytes.withUnsafeMutableBufferPointer { b in
            (b.baseAddress! + end).update(from: b.baseAddress! + range.lowerBound, count: count)
        }
    }

    /// `s` as a CSV field, quoted only when RFC 4180 needs it (as `Table.appendCSVField`).
    mutating func appendCSVField(_ s: String) {
        write(Table.needsCSVQuotes(s) ? Table.csvField(s) : s)
    }

    /// `NumberFormatting.exact(value)`, appended: the same digits, no string built.
    public mutating func appendExact(_ value: Double) {
        guard value.isFinite else { return }
        if value == 0 { bytes.append(UInt8(ascii: "0")); return }  // also -0.0, as `exact`
        if value == value.rounded(), abs(value) < 1e15 { appendInteger(Int64(value)); return }
        value.write(to: &self)   // shortest round-trip digits, as `description` gives them
    }

    /// The decimal digits of `n` (with `-` when negative), as `String(n)` gives them.
    mutating func appendInteger(_ n: Int64) {
        if n < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = n.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)   // 24 bytes: room for 19 digits
        withUnsafeMutableBytes(of: &digits) { buffer in
            var i = buffer.count
            repeat {   // last digit first, from the end of the buffer
                i -= 1
                buffer[i] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: buffer[i...])
        }
    }
}
