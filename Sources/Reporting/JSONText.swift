import Foundation
import ScalingLaws

/// JSON text (RFC 8259), written by hand.
///
/// `JSONSerialization` is slow for the documents we write (a 10,000-plan sweep took seconds),
/// loses the column order of a table and fails on NaN. This writer takes the same
/// JSON-ready trees the library builds (`[String: Any]`, `[Any]`, `String`, `Double`,
/// `Int`, `Bool`, `NSNumber`, `NSNull`) and prints them with sorted keys, two-space
/// indentation, and arrays of plain values on one line (`"E": [1.77, 1.86]`), so a
/// bootstrap's samples stay one line per sample. Non-finite numbers become `null`.
public enum JSON {
    /// `object` as pretty-printed JSON text ending in a newline. A value of a type JSON has
    /// no form for is written as `null` rather than trapping.
    public static func text(_ object: Any) -> String {
        var out = ""
        write(object, indent: 0, to: &out)
        out.append("\n")
        return out
    }

    static func value(_ cell: Cell) -> String {
        switch cell {
        case let .text(s): return string(s)
        case let .number(v, _): return number(v)
        case let .interval(lo, hi, _): return "[" + number(lo) + ", " + number(hi) + "]"
        case .empty: return "null"
        }
    }

    static func number(_ v: Double) -> String {
        v.isFinite ? NumberFormatting.exact(v) : "null"
    }

    /// A JSON string literal: quote, backslash and control characters escaped.
    static func string(_ s: String) -> String {
        var out = ""
        appendString(s, to: &out)
        return out
    }

    private static func appendString(_ s: String, to out: inout String) {
        out.append("\"")
        // Most strings (keys, names, units) need no escape: append them whole. The test is
        // on UTF-8 bytes, which is exact because every byte to escape is ASCII.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out.append(s)
            out.append("\"")
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out.append("\"")
    }

    /// A plain value: written without line breaks. Containers are not (nil).
    ///
    /// Every test is on the dynamic type, cheapest first: a conditional cast such as
    /// `value as? NSNumber` on a dictionary would first bridge the whole dictionary to an
    /// NSDictionary, which made a 10,000-plan sweep take seconds.
    private static func scalar(_ value: Any) -> String? {
        // Exact type checks, not `is`: on Linux `value is Int` is also true for a
        // Double-valued NSNumber, and `value is Bool` for the numbers 0 and 1.
        let type = Swift.type(of: value)
        if type == String.self { return string(value as! String) }
        if type == Double.self { return number(value as! Double) }
        if type == Int.self { return String(value as! Int) }
        if type == Bool.self { return (value as! Bool) ? "true" : "false" }
        if type is NSNull.Type { return "null" }
        if type is NSNumber.Type {   // from a parsed JSON file (a law's extra keys)
            let n = value as! NSNumber
            if n.isJSONBoolean { return n.boolValue ? "true" : "false" }
            let d = n.doubleValue
            return d == d.rounded() && abs(d) < 1e15 ? String(n.int64Value) : number(d)
        }
        if value is [String: Any] || value is [Any] { return nil }
        if let s = value as? String { return string(s) }   // bridged strings
        if let d = value as? Double { return number(d) }   // other numeric types
        return "null"
    }

    private static func write(_ value: Any, indent: Int, to out: inout String) {
        if let plain = scalar(value) { out.append(plain); return }
        let inner = String(repeating: " ", count: 2 * (indent + 1))
        let closing = String(repeating: " ", count: 2 * indent)
        if let object = value as? [String: Any] {
            if object.isEmpty { out.append("{}"); return }
            let keys = object.keys.sorted()
            out.append("{\n")
            for (i, key) in keys.enumerated() {
                out.append(inner)
                appendString(key, to: &out)
                out.append(": ")
                write(object[key]!, indent: indent + 1, to: &out)
                out.append(i == keys.count - 1 ? "\n" : ",\n")
            }
            out.append(closing + "}")
        } else if let array = value as? [Any] {
            if array.isEmpty { out.append("[]"); return }
            let plain = array.compactMap(scalar)
            if plain.count == array.count {
                out.append("[" + plain.joined(separator: ", ") + "]")
                return
            }
            out.append("[\n")
            for (i, element) in array.enumerated() {
                out.append(inner)
                write(element, indent: indent + 1, to: &out)
                out.append(i == array.count - 1 ? "\n" : ",\n")
            }
            out.append(closing + "]")
        }
    }
}
