import Foundation
import Testing
@testable import Reporting

/// The hand-written JSON writer, checked against Foundation's reader (an independent
/// implementation of RFC 8259) and against text written out by hand.
@Suite struct JSONTextTests {
    @Test func smallDocumentIsWrittenAsSpecified() {
        let object: [String: Any] = [
            "b": [1.5, 2] as [Any], "a": ["z": NSNull(), "y": true] as [String: Any],
            "c": [] as [Any], "d": [:] as [String: Any], "e": [["k": 1]] as [Any],
        ]
        let expected = """
        {
          "a": {
            "y": true,
            "z": null
          },
          "b": [1.5, 2],
          "c": [],
          "d": {},
          "e": [
            {
              "k": 1
            }
          ]
        }

        """
        #expect(JSON.text(object) == expected)
    }

    /// Every value comes back from Foundation's parser as it went in: doubles to the last
    /// bit, integers as integers, booleans as booleans, strings with escapes and non-ASCII.
    @Test func roundTripsThroughAnIndependentReader() throws {
        let doubles = [0.1, 1e-300, 1.4000000000000033e+24, -2.5e-8, 70000000000.00017, 123456789012345678.0,
                       Double.greatestFiniteMagnitude, 5e-324]
        let text = "quote \" backslash \\ tab \t newline \n bell \u{7} nul \u{0} α 日本 🙂"
        let object: [String: Any] = ["doubles": doubles, "int": 42, "neg": -7, "yes": true, "no": false,
                                     "text": text, "nested": ["deeper": [[1.0, 2.0], [3.0, 4.0]]]]
        let written = JSON.text(object)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(written.utf8)) as? [String: Any])
        // Foundation's reader on Linux rounds some long mantissas by an ulp (it reads
        // 1.4000000000000033e+24 as 1.400000000000003e+24), so it checks the structure and the
        // digits go through strtod (`Double(_:)`), which is correctly rounded.
        let back = try #require(parsed["doubles"] as? [NSNumber]).map(\.doubleValue)
        #expect(zip(back, doubles).allSatisfy { abs($0 - $1) <= 2 * $1.ulp })
        let line = try #require(written.split(separator: "\n").first { $0.contains("\"doubles\"") })
        let digits = line.drop { $0 != "[" }.dropFirst().prefix { $0 != "]" }
        #expect(digits.split(separator: ", ").map { Double(String($0)) } == doubles)
        #expect((parsed["int"] as? NSNumber)?.int64Value == 42)
        #expect((parsed["neg"] as? NSNumber)?.int64Value == -7)
        #expect((parsed["yes"] as? NSNumber)?.isJSONBooleanForTest == true)
        #expect((parsed["no"] as? NSNumber)?.boolValue == false)
        #expect(parsed["text"] as? String == text)
        let nested = try #require((parsed["nested"] as? [String: Any])?["deeper"] as? [[NSNumber]])
        #expect(nested.map { $0.map(\.doubleValue) } == [[1, 2], [3, 4]])
    }

    /// JSON has no NaN or infinity: such a value is written as null, and the text still parses.
    @Test func nonFiniteNumbersAreNull() throws {
        let text = JSON.text(["nan": Double.nan, "inf": [Double.infinity, 1.0]] as [String: Any])
        #expect(text.contains("\"nan\": null"))
        #expect(text.contains("\"inf\": [null, 1]"))
        #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any])
    }

    /// Values that came from a parsed JSON file (NSNumber) keep their kind when written back.
    @Test func foundationNumbersKeepTheirKind() throws {
        let source = #"{"flag": true, "count": 3, "ratio": 0.25, "big": 1e24}"#
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(source.utf8)) as? [String: Any])
        let text = JSON.text(parsed)
        #expect(text.contains("\"flag\": true"))
        #expect(text.contains("\"count\": 3\n") || text.contains("\"count\": 3,"))
        #expect(text.contains("\"ratio\": 0.25"))
        #expect(text.contains("\"big\": 1e+24"))
    }

    /// Keys come out sorted at every level, so the output is stable from run to run.
    @Test func keysAreSorted() {
        let keys = (0..<50).map { "k\($0)" }.shuffled()
        let text = JSON.text(Dictionary(uniqueKeysWithValues: keys.map { ($0, $0) }))
        let order = text.split(separator: "\n").dropFirst().dropLast().map { $0.split(separator: "\"")[1] }
        #expect(order.map(String.init) == keys.sorted())
    }
}

private extension NSNumber {
    /// JSON's `true` parses to an NSNumber of Objective-C type `char`.
    var isJSONBooleanForTest: Bool { objCType.pointee == CChar(UInt8(ascii: "c")) && boolValue }
}
