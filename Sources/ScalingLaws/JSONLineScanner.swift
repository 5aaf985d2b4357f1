/// One line of JSON Lines read on its bytes: an object of strings, numbers, booleans and
/// nulls — the dialect trackers and scripts write — with numbers converted exactly (the
/// correctly rounded double of their digits, as in CSV: `NumberParsing`), which Linux
/// Foundation's JSONSerialization does not always do (it reads 1.7728472402679094 one ulp
/// off). A nested object or array is read too, to its end, and kept as compact JSON text
/// (keys sorted), what a tag of it has always been; it is never a quantity.
///
/// The grammar is RFC 8259's, strictly: a line that is not exactly one object (trailing
/// commas, single quotes, bare words, control characters in strings, anything after the
/// closing brace) is refused, and the reader says which line.
struct JSONLineScanner {
    /// A member's value.
    enum Value: Equatable {
        case string(String)
        /// The number and its text as written.
        case number(Double, text: String)
        case bool(Bool)
        case null
        /// A nested object or array, as compact JSON with sorted keys.
        case nested(String)
    }

    private let bytes: UnsafeRawBufferPointer
    private var i = 0
    /// Nesting deeper than this is refused (a line is a record, not a document).
    static let maximumDepth = 64

    private init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// The members of the object on `line` in order (a repeated key: its last value wins, as
    /// it did), or nil when the line is not one JSON object.
    static func object(_ line: UnsafeRawBufferPointer) -> [String: Value]? {
        var scanner = JSONLineScanner(line)
        scanner.skipSpace()
        guard scanner.peek == UInt8(ascii: "{"), let members = scanner.objectMembers(depth: 0) else { return nil }
        scanner.skipSpace()
        guard scanner.i == line.count else { return nil }
        var object: [String: Value] = [:]
        for (key, value) in members { object[key] = value }
        return object
    }

    private var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
    }

    private mutating func expect(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        i += 1
        return true
    }

    /// `{ "key": value, ... }` from the opening brace.
    private mutating func objectMembers(depth: Int) -> [(String, Value)]? {
        guard depth < Self.maximumDepth, expect(UInt8(ascii: "{")) else { return nil }
        var members: [(String, Value)] = []
        skipSpace()
        if expect(UInt8(ascii: "}")) { return members }
        while true {
            skipSpace()
            guard let key = string() else { return nil }
            skipSpace()
            guard expect(UInt8(ascii: ":")) else { return nil }
            skipSpace()
            guard let v = value(depth: depth) else { return nil }
            members.append((key, v))
            skipSpace()
            if expect(UInt8(ascii: ",")) { continue }
            return expect(UInt8(ascii: "}")) ? members : nil
        }
    }

    /// `[ value, ... ]` from the opening bracket.
    private mutating func arrayElements(depth: Int) -> [Value]? {
        guard depth < Self.maximumDepth, expect(UInt8(ascii: "[")) else { return nil }
        var elements: [Value] = []
        skipSpace()
        if expect(UInt8(ascii: "]")) { return elements }
        while true {
            skipSpace()
            guard let v = value(depth: depth) else { return nil }
            elements.append(v)
            skipSpace()
            if expect(UInt8(ascii: ",")) { continue }
            return expect(UInt8(ascii: "]")) ? elements : nil
        }
    }

    private mutating func value(depth: Int) -> Value? {
        guard let first = peek else { return nil }
        switch first {
        case UInt8(ascii: "\""):
            return string().map(Value.string)
        case UInt8(ascii: "{"):
            return objectMembers(depth: depth + 1).map { members in
                var latest: [String: Value] = [:]
                for (key, value) in members { latest[key] = value }
                return .nested("{" + latest.keys.sorted().map { Self.quoted($0) + ":" + Self.compact(latest[$0]!) }
                    .joined(separator: ",") + "}")
            }
        case UInt8(ascii: "["):
            return arrayElements(depth: depth + 1).map { .nested("[" + $0.map(Self.compact).joined(separator: ",") + "]") }
        case UInt8(ascii: "t"): return word("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return word("false") ? .bool(false) : nil
        case UInt8(ascii: "n"): return word("null") ? .null : nil
        default: return number()
        }
    }

    private mutating func word(_ w: StaticString) -> Bool {
        let n = w.utf8CodeUnitCount
        guard i + n <= bytes.count else { return false }
        for k in 0..<n where bytes[i + k] != w.utf8Start[k] { return false }
        i += n
        return true
    }

    /// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, converted exactly.
    private mutating func number() -> Value? {
        let start = i
        _ = expect(UInt8(ascii: "-"))
        func digits() -> Int {
            let from = i
            while let b = peek, b >= 0x30, b <= 0x39 { i += 1 }
            return i - from
        }
        if peek == UInt8(ascii: "0") { i += 1 } else if digits() == 0 { return nil }
        if expect(UInt8(ascii: ".")), digits() == 0 { return nil }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            i += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
            if digits() == 0 { return nil }
        }
        let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<i])
        let text = String(decoding: raw, as: UTF8.self)
        // Positive numbers by the readers' own conversion; zero and negatives (not quantities,
        // but tags or errors) by Double(_:), as correctly rounded.
        guard let value = NumberParsing.positiveValue(raw, allowingSuffix: false) ?? Double(text) else { return nil }
        return .number(value, text: text)
    }

    /// A string from its opening quote, escapes decoded (\uXXXX with surrogate pairs).
    private mutating func string() -> String? {
        guard expect(UInt8(ascii: "\"")) else { return nil }
        let start = i
        // The common case: no escape, so the bytes are the string.
        while let b = peek, b != UInt8(ascii: "\""), b != UInt8(ascii: "\\") {
            guard b >= 0x20 else { return nil }
            i += 1
        }
        guard let stop = peek else { return nil }
        var out = Array(bytes[start..<i])
        if stop == UInt8(ascii: "\"") {
            i += 1
            return String(validating: out, as: UTF8.self)
        }
        while let b = peek {
            i += 1
            switch b {
            case UInt8(ascii: "\""):
                return String(validating: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let e = peek else { return nil }
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(scalar) {
                        // A high surrogate needs its low half, \uDC00–\uDFFF.
                        guard word("\\u"), let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { return nil }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default:
                    return nil
                }
            default:
                guard b >= 0x20 else { return nil }
                out.append(b)
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard i + 4 <= bytes.count else { return nil }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let d: UInt8
            switch b {
            case 0x30...0x39: d = b - 0x30
            case 0x41...0x46: d = b - 0x41 + 10
            case 0x61...0x66: d = b - 0x61 + 10
            default: return nil
            }
            v = v << 4 | UInt32(d)
            i += 1
        }
        return v
    }

    /// A value as compact JSON (numbers as written).
    static func compact(_ value: Value) -> String {
        switch value {
        case let .string(s): return quoted(s)
        case let .number(_, text): return text
        case let .bool(b): return b ? "true" : "false"
        case .null: return "null"
        case let .nested(text): return text
        }
    }

    /// `s` as a JSON string: quotes, backslashes and control characters escaped.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(u.value, radix: 16).count) + String(u.value, radix: 16)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
