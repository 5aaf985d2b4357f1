import Testing
@testable import ScalingLaws

@Suite struct NumberParsingTests {
    @Test(arguments: [
        ("1400000000", 1.4e9), ("3.41", 3.41), ("6e23", 6e23), ("1.4E+12", 1.4e12), (".5", 0.5),
        ("+2", 2), ("-2", -2), ("2.", 2), ("  7  ", 7), ("\t1e-3", 1e-3),
    ])
    func plainAndScientific(text: String, expected: Double) throws {
        #expect(try NumberParsing.parse(text) == expected)
    }

    /// Suffix multipliers: k = 1e3, m = 1e6, b = g = 1e9, t = 1e12, either case.
    @Test(arguments: [
        ("125M", 125e6), ("125m", 125e6), ("7B", 7e9), ("7b", 7e9), ("2G", 2e9), ("1.4T", 1.4e12),
        ("1.4t", 1.4e12), ("30k", 30e3), ("30K", 30e3), ("2.5e2M", 250e6), (" 7B ", 7e9),
    ])
    func suffixes(text: String, expected: Double) throws {
        #expect(try NumberParsing.parse(text) == expected)
    }

    @Test func suffixRefusedWhereNotAllowed() {
        #expect(throws: NumberParsing.Failure.suffixNotAllowed("3M")) { try NumberParsing.parse("3M", allowingSuffix: false) }
        #expect((try? NumberParsing.parse("3.5", allowingSuffix: false)) == 3.5)
    }

    @Test(arguments: ["1,000", "1_000", "1,400,000,000", "1_000B"])
    func digitSeparatorsAreErrors(text: String) {
        #expect(throws: NumberParsing.Failure.digitSeparator(text)) { try NumberParsing.parse(text) }
    }

    @Test(arguments: ["nan", "NaN", "inf", "-inf", "+Infinity", "1e400", "1e300T"])
    func nonFiniteAreErrors(text: String) {
        #expect(throws: NumberParsing.Failure.notFinite(text)) { try NumberParsing.parse(text) }
    }

    @Test(arguments: ["abc", "7 B", "0x10", "1e", "1e+", "1Q", "1P", "e5", ".", "-", "1.2.3", "7BB", "B7", "1e5.5"])
    func garbageIsNotANumber(text: String) {
        #expect(throws: NumberParsing.Failure.notANumber(text)) { try NumberParsing.parse(text) }
    }

    @Test func emptyAndBlank() {
        #expect(throws: NumberParsing.Failure.empty) { try NumberParsing.parse("") }
        #expect(throws: NumberParsing.Failure.empty) { try NumberParsing.parse("  \t ") }
    }

    @Test func messages() {
        #expect(NumberParsing.Failure.notANumber("abc").description == "'abc' is not a number")
        #expect(NumberParsing.Failure.notFinite("nan").description == "'nan' is not a finite number")
        #expect(NumberParsing.Failure.digitSeparator("1,000").description
            == "'1,000' has a digit separator (',' or '_'): write it without, e.g. 1400000000, 1.4e9 or 1.4B")
    }
}
