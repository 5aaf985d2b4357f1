import Foundation
import Testing
@testable import ScalingLaws

/// The byte parser of run-file cells (`NumberParsing.positiveValue`: grammar and digits in one
/// pass, eight digits at a time, Clinger's fast path, the 80-bit path, strtod) against two
/// independent checks: `Double(_:)` (Swift's own correctly rounded conversion) for the value,
/// and `NumberParsing.parse` (the general path, which scans its own way and converts by
/// `Double(_:)`) for which texts are numbers at all.
@Suite struct ExactNumberTests {
    static func bytesValue(_ text: String, suffix: Bool = true) -> Double? {
        var text = text
        return text.withUTF8 { NumberParsing.positiveValue(UnsafeRawBufferPointer($0), allowingSuffix: suffix) }
    }

    /// What the general path makes of `text`, when a finite positive number.
    static func generalValue(_ text: String, suffix: Bool = true) -> Double? {
        guard let v = try? NumberParsing.parse(text, allowingSuffix: suffix), v > 0 else { return nil }
        return v
    }

    @Test(arguments: [
        // Midpoints between two Doubles and texts a hair either side (ties to even).
        "9007199254740993", "9007199254740992.5", "9007199254740993.0000000001", "9007199254740992.9999999999",
        "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203124",
        "1.00000000000000011102230246251565404236316680908203126",
        "1.0000000000000001110", "1.0000000000000001111", "1.000000000000000111",
        // Limits of the Double range.
        "2.2250738585072011e-308", "2.2250738585072012e-308", "2.2250738585072014e-308", "4.9e-324", "5e-324",
        "2.4703282292062328e-324", "1.7976931348623157e308", "1.7976931348623158e308", "8.98846567431158e307",
        // The edges of the fast paths: 15, 16, 19 and 20 significant digits, powers 22, 23, 27, 28.
        "123456789012345", "1234567890123456", "1234567890123456789", "12345678901234567890",
        "123456789012345e22", "123456789012345e23", "1e22", "1e23", "1e-22", "1e-23", "9999999999999999999e27",
        "9999999999999999999e-27", "9999999999999999999e28", "9999999999999999999e-28", "18446744073709551615",
        "18446744073709551616", "99999999999999999999",
        // Leading and trailing zeros, on both sides of the point, eight at a time and not.
        "00000000000000000001.5", "0.000000000000000000001", "1000000000000000000000000", "100000000.00000000",
        "0.1", "0.10000000", "00000000.00000001", "10000000000000000000000000000000000000001e-40",
        "0.00000000000000000000000000000000000000000000000000001e53", ".5", "5.", "+.5e1",
        // What simulate and tracker logs write.
        "4.6524185725726275", "6.041631786e+16", "1000000000", "6e+16", "3.1400000000000001",
    ])
    func edgeCasesMatchDoubleParsing(text: String) {
        let reference = Double(text)!
        #expect(Self.bytesValue(text) == (reference > 0 && reference.isFinite ? reference : nil), "\(text)")
    }

    @Test func powerTablesAreProductsOfTens() {
        var x = 1.0
        for k in 0...22 { #expect(NumberParsing.exactPowersOfTen[k] == x, "10^\(k)"); x *= 10 }
        #expect(NumberParsing.exactPowersOfTen.count == 23)
        #if arch(x86_64) && !os(Windows) && !os(Android)
        var y: Float80 = 1
        for k in 0...27 { #expect(NumberParsing.exactPowersOfTenExtended[k] == y, "10^\(k)"); y *= 10 }
        #expect(NumberParsing.exactPowersOfTenExtended.count == 28)
        #endif
    }

    @Test func nearMidpointsMatchDoubleParsing() {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<20_000 {
            // A Double in the range of run files, the midpoint to the next one (exact in 80
            // bits), written out, and cut to 16–20 significant digits: texts right at, or within
            // a few units of the last digit of, a midpoint: the 80-bit path's hard cases.
            let x = exp(Double(generator.next() % 1_000_000) / 1_000_000 * 80 - 20)
            let midpoint = (Float80(x) + Float80(x.nextUp)) / 2
            let full = "\(midpoint)"
            for digits in 16...20 {
                let text = Self.cut(full, significantDigits: digits)
                #expect(Self.bytesValue(text) == Double(text)!, "\(text)")
            }
            #expect(Self.bytesValue(full) == Double(full)!, "\(full)")
        }
    }

    @Test func randomTextsMatchTheGeneralPath() {
        // Texts from the grammar's pieces and a few that break it: whether a text is a number,
        // and its value, must be what the general path (its own scanner, then Double(_:)) says.
        var generator = SeededGenerator(seed: 5)
        func pick<T>(_ options: [T]) -> T { options[Int(generator.next() % UInt64(options.count))] }
        func digits() -> String {
            let n = pick([0, 1, 1, 2, 3, 7, 8, 9, 15, 16, 17, 19, 20, 25])
            let zeros = pick([0, 0, 0, 1, 8, 9])
            return String(repeating: "0", count: zeros) + String((0..<n).map { _ in pick(Array("0123456789")) })
        }
        for _ in 0..<100_000 {
            var text = pick(["", "", " ", "\t", "  "]) + pick(["", "", "+", "-"]) + digits()
            if generator.next() % 2 == 0 { text += "." + digits() }
            if generator.next() % 3 == 0 { text += pick(["e", "E"]) + pick(["", "+", "-"]) + pick(["", "0", "5", "16", "22", "23", "27", "28", "300", "400", "-", "1000000"]) }
            text += pick(["", "", "", "k", "M", "B", "g", "T", "x", "Q", ".", "e", "_0", ",5"])
            text += pick(["", "", " ", "\t"])
            let suffix = generator.next() % 4 != 0
            #expect(Self.bytesValue(text, suffix: suffix) == Self.generalValue(text, suffix: suffix), "'\(text)'")
        }
    }

    /// `text` (a decimal in scientific or plain notation) with its mantissa cut to `count`
    /// significant digits.
    static func cut(_ text: String, significantDigits count: Int) -> String {
        let lower = text.lowercased()
        let parts = lower.split(separator: "e", maxSplits: 1)
        var kept = "", significant = 0
        for c in parts[0] {
            if c.isNumber {
                if significant == 0 && c == "0" { kept.append(c); continue }
                guard significant < count else { break }
                significant += 1
            }
            kept.append(c)
        }
        return parts.count == 2 ? kept + "e" + parts[1] : kept
    }
}
