import Foundation
import Testing
@testable import Reporting

/// Quoting and escaping: each expected string is written out by hand from the rules of the
/// format (RFC 4180 for CSV, CommonMark backslash escapes, LaTeX's ten special characters).
@Suite struct EscapingTests {
    @Test(arguments: [
        ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""), ("cr\r", "\"cr\r\""), (" padded", "\" padded\""),
        ("", ""), ("α=0.34", "α=0.34"),
    ])
    func csvFieldQuoting(field: String, expected: String) {
        #expect(Table.csvField(field) == expected)
    }

    /// Awkward text survives a CSV round trip through an independent reader.
    @Test func csvRoundTripsAwkwardText() throws {
        let awkward = ["a,b", "say \"hi\"", "two\nlines", " padded ", "", "\"", "日本, α"]
        let table = Table(columns: [Table.Column("name, with comma", key: "name, with comma", alignment: .left)],
                          rows: awkward.map { [.text($0)] })
        let records = try CSVReader.parse(table.render(.csv))
        #expect(records.map { $0[0] } == ["name, with comma"] + awkward)
        #expect(records.allSatisfy { $0.count == 1 })
    }

    @Test func jsonEscapesStrings() throws {
        let awkward = "quote \" backslash \\ tab \t newline \n bell \u{7} α"
        let table = Table(columns: [Table.Column("x")], rows: [[.text(awkward)]])
        let json = table.render(.json)
        #expect(json.contains("\\u0007") && json.contains("\\\"") && json.contains("\\\\"))
        let rows = try JSONDecoder().decode([[String: String]].self, from: Data(json.utf8))
        #expect(rows == [["x": awkward]])
    }

    @Test func jsonKeysAreMadeUnique() throws {
        let table = Table(columns: [Table.Column("loss"), Table.Column("loss")], rows: [[.number(1, .count), .number(2, .count)]])
        let rows = try JSONDecoder().decode([[String: Double]].self, from: Data(table.render(.json).utf8))
        #expect(rows == [["loss": 1, "loss_2": 2]])
        #expect(table.render(.csv).hasPrefix("loss,loss_2\n"))
    }

    @Test(arguments: [
        ("a|b", "a\\|b"), ("n_params", "n\\_params"), ("2*3", "2\\*3"), ("`x`", "\\`x\\`"),
        ("<b>", "\\<b>"), ("back\\slash", "back\\\\slash"), ("two\nlines", "two lines"), ("α ≈ 0.34", "α ≈ 0.34"),
    ])
    func markdownEscaping(text: String, expected: String) {
        #expect(Markdown.escape(text) == expected)
    }

    @Test(arguments: [
        ("50%", "50\\%"), ("$1.2M", "\\$1.2M"), ("a_b", "a\\_b"), ("R&D", "R\\&D"), ("#1", "\\#1"),
        ("{x}", "\\{x\\}"), ("~", "\\textasciitilde{}"), ("x^2", "x\\textasciicircum{}2"),
        ("c:\\dir", "c:\\textbackslash{}dir"), ("−28%", "$-$28\\%"), ("α", "$\\alpha$"), ("∞", "$\\infty$"),
    ])
    func latexEscaping(text: String, expected: String) {
        #expect(LaTeX.escape(text) == expected)
    }

    /// A row that starts with `[` after `\\` would be read as `\\[length]`.
    @Test func latexGuardsLeadingBracket() {
        let table = Table(columns: [Table.Column("interval")], rows: [[.interval(1, 2, .decimal(significant: 2))]])
        #expect(table.render(.latex).contains("\\midrule\n{}[1.0, 2.0] \\\\"))
    }

    /// Rows built by hand with the wrong number of cells are padded or cut, never a crash.
    @Test func raggedRowsRender() {
        var table = Table(columns: [Table.Column("a"), Table.Column("b")])
        table.rows = [[.number(1, .count)], [.number(1, .count), .number(2, .count), .number(3, .count)]]
        for format in TableFormat.allCases { #expect(!table.render(format).isEmpty) }
        #expect(table.render(.csv) == "a,b\n1,\n1,2\n")
    }

    @Test func textAlignsWideAndNarrowCharacters() {
        let table = Table(columns: [Table.Column("name", alignment: .left), Table.Column("value")],
                          rows: [[.text("α"), .number(-0.5, .decimal(significant: 2))], [.text("日本"), .number(12, .count)]])
        let lines = table.render(.text).split(separator: "\n").map(String.init)
        #expect(lines == ["name  value", "α     −0.50", "日本     12"])
    }
}
