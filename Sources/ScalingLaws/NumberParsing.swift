import Foundation

/// Reads the numbers of run files and of command-line options (`--params 10M:1B:8`,
/// `--where tokens<=1T`).
///
/// Accepted, after trimming surrounding spaces and tabs:
/// - plain decimals: `1400000000`, `3.41`, `.5`, `-2`;
/// - scientific notation: `6e23`, `1.4E+12`;
/// - where a count is meant (`allowingSuffix`), one size suffix right after the number,
///   upper or lower case: `k` = 10³, `m` = 10⁶, `b` or `g` = 10⁹, `t` = 10¹²
///   (`125M`, `7B`, `1.4T`, `30k`, `2.5e2M`). Lower-case `m` means mega, never milli: no run
///   file counts parameters or tokens in thousandths.
///
/// Refused, each with its own message, rather than guessed:
/// - digit separators (`1,000`, `1_000`): a comma may be a decimal comma or a field slip;
/// - `nan`, `inf`, `infinity` and values that overflow a Double (`1e400`);
/// - other suffixes (`Q`, `P`, `E`…), hexadecimal, units (`7 B params`) and anything else.
///
/// Signs are read here; whether a negative or zero value is acceptable is the caller's rule.
public enum NumberParsing {
    /// Multipliers of the size suffixes, keyed by the lower-cased ASCII letter.
    public static let suffixMultipliers: [UInt8: Double] = [
        UInt8(ascii: "k"): 1e3,
        UInt8(ascii: "m"): 1e6,
        UInt8(ascii: "b"): 1e9,
        UInt8(ascii: "g"): 1e9,
        UInt8(ascii: "t"): 1e12,
    ]

    /// Why a text is not an acceptable number. The description quotes the text.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case empty
        case notANumber(String)
        case digitSeparator(String)
        case notFinite(String)
        case suffixNotAllowed(String)

        public var description: String {
            switch self {
            case .empty:
                return "is empty"
            case let .notANumber(text):
                return "'\(text)' is not a number"
            case let .digitSeparator(text):
                return "'\(text)' has a digit separator (',' or '_'): write it without, e.g. 1400000000, 1.4e9 or 1.4B"
            case let .notFinite(text):
                return "'\(text)' is not a finite number"
            case let .suffixNotAllowed(text):
                return "'\(text)' has a size suffix, which this quantity does not take: write a plain number"
            }
        }
    }

    /// Parses `text` by the rules above.
    public static func parse<S: StringProtocol>(_ text: S, allowingSuffix: Bool = true) throws(Failure) -> Double {
        // Scanning the UTF-8 bytes in place keeps a million-row file fast (no copy per cell).
        let scanned = text.utf8.withContiguousStorageIfAvailable { scan($0, allowingSuffix) }
            ?? Array(text.utf8).withUnsafeBufferPointer { scan($0, allowingSuffix) }
        switch scanned {
        case .empty:
            throw .empty
        case .malformed:
            throw classify(text.trimmingSpaces())
        case .suffixNotAllowed:
            throw .suffixNotAllowed(text.trimmingSpaces())
        case let .number(start, end, multiplier):
            let utf8 = text.utf8
            let from = utf8.index(utf8.startIndex, offsetBy: start), to = utf8.index(utf8.startIndex, offsetBy: end)
            // The grammar is a subset of what Double(_:) accepts, so this does not fail.
            guard let value = Double(text[from..<to]) else { throw .notANumber(text.trimmingSpaces()) }
            let scaled = value * multiplier
            guard scaled.isFinite else { throw .notFinite(text.trimmingSpaces()) }
            return scaled
        }
    }

    /// The value of a cell given as UTF-8 bytes, when it is an acceptable, finite, positive
    /// number; nil otherwise (empty, malformed, suffix not allowed, zero or negative), for the
    /// caller to take the slow path that says why. No string is made: the run reader calls this
    /// for every needed cell of a file, so the grammar (`scan`'s, written out again) is checked
    /// and the digits gathered in one pass. The digits are converted exactly as `Double(_:)`
    /// does (correctly rounded; `exactValue`).
    static func positiveValue(_ bytes: UnsafeRawBufferPointer, allowingSuffix: Bool) -> Double? {
        var end = bytes.count
        var i = 0
        while i < end, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        while end > i, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        guard i < end else { return nil }
        let start = i
        if bytes[i] == UInt8(ascii: "+") { i += 1 } else if bytes[i] == UInt8(ascii: "-") { return nil }
        // The first 19 significant digits in `mantissa`, the power of ten they are scaled by,
        // and how many significant digits there are in all.
        var mantissa: UInt64 = 0, significant = 0, scale = 0, digits = 0
        while i < end {
            if let eight = eightDigits(bytes, at: i, end: end), mantissa != 0 || bytes[i] != 0x30, significant + 8 <= 19 {
                mantissa = mantissa &* 100_000_000 &+ eight
                significant &+= 8; digits &+= 8; i &+= 8
                continue
            }
            let d = bytes[i] &- 0x30
            guard d <= 9 else { break }
            if mantissa != 0 || d != 0 {
                significant += 1
                if significant <= 19 { mantissa = mantissa &* 10 &+ UInt64(d) } else { scale += 1 }
            }
            digits += 1; i += 1
        }
        if i < end, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < end {
                if let eight = eightDigits(bytes, at: i, end: end), mantissa != 0 || bytes[i] != 0x30, significant + 8 <= 19 {
                    mantissa = mantissa &* 100_000_000 &+ eight
                    significant &+= 8; digits &+= 8; scale &-= 8; i &+= 8
                    continue
                }
                let d = bytes[i] &- 0x30
                guard d <= 9 else { break }
                if mantissa != 0 || d != 0 { significant += 1 }
                if significant <= 19 { mantissa = mantissa &* 10 &+ UInt64(d); scale -= 1 }
                digits += 1; i += 1
            }
        }
        guard digits > 0 else { return nil }
        var exponent = 0, exponentTooLong = false
        if i < end, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var negativeExponent = false
            if i < end, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                negativeExponent = bytes[i] == UInt8(ascii: "-"); i += 1
            }
            let from = i
            while i < end {
                let d = bytes[i] &- 0x30
                guard d <= 9 else { break }
                if exponent < 100_000 { exponent = exponent * 10 + Int(d) } else { exponentTooLong = true }
                i += 1
            }
            guard i > from else { return nil }   // `1e` and `1e+` are malformed
            if negativeExponent { exponent = -exponent }
        }
        let numberEnd = i
        var multiplier = 1.0
        if i < end, bytes[i] >= 0x41 {
            switch bytes[i] | 0x20 {
            case UInt8(ascii: "k"): multiplier = 1e3
            case UInt8(ascii: "m"): multiplier = 1e6
            case UInt8(ascii: "b"), UInt8(ascii: "g"): multiplier = 1e9
            case UInt8(ascii: "t"): multiplier = 1e12
            default: return nil
            }
            guard allowingSuffix else { return nil }
            i += 1
        }
        guard i == end, mantissa != 0 else { return nil }
        let value = (exponentTooLong ? nil : exactValue(mantissa: mantissa, significant: significant, power: exponent + scale))
            ?? strtodValue(UnsafeRawBufferPointer(rebasing: bytes[start..<numberEnd]))
        let scaled = value * multiplier
        return scaled.isFinite && scaled > 0 ? scaled : nil
    }

    /// The value of the eight bytes at `i` when all are digits (read as one little-endian word:
    /// the digit test and the conversion of Lemire's fast_float, three multiplications for eight
    /// digits); nil when fewer than eight bytes remain or one is not a digit.
    @inline(__always)
    private static func eightDigits(_ bytes: UnsafeRawBufferPointer, at i: Int, end: Int) -> UInt64? {
        guard i &+ 8 <= end else { return nil }
        let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
        // A byte is a digit exactly when neither byte + 0x46 nor byte − 0x30 sets its high bit.
        guard ((word &+ 0x4646_4646_4646_4646) | (word &- 0x3030_3030_3030_3030)) & 0x8080_8080_8080_8080 == 0 else {
            return nil
        }
        var v = word &- 0x3030_3030_3030_3030
        v = v &* 10 &+ (v >> 8)   // pairs: 10·d0 + d1 in the low byte of each 16 bits
        let mask: UInt64 = 0x0000_00FF_0000_00FF
        return ((v & mask) &* 0x000F_4240_0000_0064 &+ ((v >> 16) & mask) &* 0x0000_2710_0000_0001) >> 32
    }

    /// Powers of ten exact in a Double (10^22 is the largest), as literals: the table is
    /// static data, not built on first use behind a check on every call (the tests compare it
    /// with products of tens).
    static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]
    #if arch(x86_64) && !os(Windows) && !os(Android)
    /// Powers of ten exact in 80-bit extended precision (5^27 < 2^64).
    static let exactPowersOfTenExtended: [Float80] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27,
    ]
    #endif

    /// mantissa · 10^power correctly rounded, when one multiplication or division gives it;
    /// nil otherwise (for `strtod`). `significant` counts the digits of the text's mantissa
    /// (more than 19 means `mantissa` holds only the first 19).
    ///
    /// Clinger's fast path (Clinger 1990, "How to read floating point numbers accurately"):
    /// with at most 15 significant digits the mantissa is exact in a Double, and so is 10^k for
    /// k ≤ 22, so one operation rounds once.
    @inline(__always)
    private static func exactValue(mantissa: UInt64, significant: Int, power: Int) -> Double? {
        if significant <= 15, power >= -22, power <= 22 {
            let m = Double(mantissa)
            return power >= 0 ? m * exactPowersOfTen[power] : m / exactPowersOfTen[-power]
        }
        #if arch(x86_64) && !os(Windows) && !os(Android)
        // Up to 19 digits (the shortest round-trip text of a Double has at most 17): the same
        // one operation in 80-bit extended precision, where the mantissa and 10^k (k ≤ 27) are
        // exact, so the result is the exact value rounded once to 64 bits. Rounding that to a
        // Double gives the exact value's correct rounding unless it sits within one 80-bit ulp
        // of a midpoint between two Doubles (the 11 bits below a Double's last are then
        // 0x3FF, 0x400 or 0x401): only those rare cases go to strtod.
        if significant <= 19, power >= -27, power <= 27 {
            let m = Float80(mantissa)
            let extended = power >= 0 ? m * exactPowersOfTenExtended[power] : m / exactPowersOfTenExtended[-power]
            let below = extended.significandBitPattern & 0x7FF
            if below < 0x3FF || below > 0x401, extended.isNormal { return Double(extended) }
        }
        #endif
        return nil
    }

    /// The general case: strtod is correctly rounded (glibc), as Double(_:) is.
    private static func strtodValue(_ bytes: UnsafeRawBufferPointer) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buffer -> Double in
            for k in 0..<bytes.count { buffer[k] = CChar(bitPattern: bytes[k]) }
            buffer[bytes.count] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }

    private enum Scan {
        case empty, malformed, suffixNotAllowed
        /// The number's byte range (sign, digits, point, exponent) and its suffix's multiplier.
        case number(start: Int, end: Int, multiplier: Double)
    }

    /// Checks the grammar: [sign] digits [. digits] [e [sign] digits] [suffix], at least one
    /// mantissa digit, surrounded by optional spaces and tabs.
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ allowingSuffix: Bool) -> Scan {
        var start = 0, end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        guard start < end else { return .empty }
        var i = start
        func digits() -> Int {
            let from = i
            while i < end, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            return i - from
        }
        if bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
        var mantissaDigits = digits()
        if i < end, bytes[i] == UInt8(ascii: ".") { i += 1; mantissaDigits += digits() }
        guard mantissaDigits > 0 else { return .malformed }
        if i < end, bytes[i] | 0x20 == UInt8(ascii: "e") {
            // An exponent only when digits follow: `1e` and `1e+` are malformed.
            i += 1
            if i < end, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return .malformed }
        }
        let numberEnd = i
        var multiplier = 1.0
        if i < end, bytes[i] >= 0x41, let m = suffixMultipliers[bytes[i] | 0x20] {
            guard allowingSuffix else { return .suffixNotAllowed }
            multiplier = m
            i += 1
        }
        return i == end ? .number(start: start, end: numberEnd, multiplier: multiplier) : .malformed
    }

    /// The most useful message for a text the grammar rejected.
    private static func classify(_ text: String) -> Failure {
        let lower = text.lowercased()
        let unsigned = lower.hasPrefix("+") || lower.hasPrefix("-") ? String(lower.dropFirst()) : lower
        if ["nan", "inf", "infinity"].contains(unsigned) { return .notFinite(text) }
        if text.contains(where: { $0 == "," || $0 == "_" }),
           text.allSatisfy({ $0.isASCII && ($0.isNumber || ",_.+-eE".contains($0) || suffixMultipliers[$0.asciiValue! | 0x20] != nil) }) {
            return .digitSeparator(text)
        }
        return .notANumber(text)
    }
}
