import Foundation
import Testing
@testable import Reporting

/// The same table in all five formats carries the same numbers: CSV and JSON are parsed
/// back and compared bit for bit with the Doubles put in; text, Markdown and LaTeX must show
/// the people-formatted numbers, written out by hand here.
@Suite struct TableFormatsTests {
    /// A plan-like table: the Chinchilla-optimal and a recommended model (values in the
    /// style of DESIGN.md's example), with awkward values on purpose (0.1 + 0.2, 1/3).
    static let planTable = Table(
        title: "Plan | 30B quality",
        columns: [
            Table.Column("model", key: "model", alignment: .left),
            Table.Column("params", key: "params"),
            Table.Column("tokens", key: "tokens"),
            Table.Column("training FLOPs", key: "training_flops"),
            Table.Column("loss", key: "loss"),
            Table.Column("cost", key: "total_cost_usd"),
            Table.Column("saving", key: "saving"),
            Table.Column("α 90% interval", key: "alpha_interval"),
        ],
        rows: [
            [.text("recommended"), .number(6.97e9, .count), .number(4.26e12, .count), .number(3.1e23, .flops),
             .number(1.8172, .decimal(significant: 4)), .number(1234567, .usd), .number(-0.28, .change),
             .interval(0.322, 0.372, .decimal(significant: 3))],
            [.text("Chinchilla, \"optimal\""), .number(30e9, .count), .number(0.1 + 0.2, .count),
             .number(1.0 / 3.0, .flops), .number(.nan, .decimal(significant: 4)), .empty, .number(0, .change),
             .interval(0.3, .infinity, .decimal(significant: 3))],
        ],
        notes: ["warning: B and β are strongly correlated (ρ = 0.99)"])

    @Test func csvCarriesExactNumbers() throws {
        let records = try CSVReader.parse(Self.planTable.render(.csv))
        #expect(records[0] == ["model", "params", "tokens", "training_flops", "loss", "total_cost_usd",
                               "saving", "alpha_interval_low", "alpha_interval_high"])
        #expect(records.count == 3)
        let first = records[1], second = records[2]
        #expect(first[0] == "recommended")
        #expect(first[1...7].map { Double($0) } == [6.97e9, 4.26e12, 3.1e23, 1.8172, 1234567, -0.28, 0.322])
        #expect(Double(first[8]) == 0.372)
        #expect(second[0] == "Chinchilla, \"optimal\"")
        #expect(Double(second[1]) == 30e9)
        #expect(Double(second[2]) == 0.1 + 0.2)
        #expect(Double(second[3]) == 1.0 / 3.0)
        // NaN, an empty cell and +∞ are empty fields, never "nan" or "inf".
        #expect(second[4] == "" && second[5] == "" && second[8] == "")
        #expect(Double(second[6]) == 0)
    }

    /// Decoded with `JSONDecoder`, which parses numbers exactly (Linux's `JSONSerialization`
    /// reads 0.30000000000000004 back as 0.3000000000000001, so it cannot judge exactness).
    @Test func jsonCarriesExactNumbers() throws {
        let json = Self.planTable.render(.json)
        let rows = try JSONDecoder().decode([[String: JSONValue]].self, from: Data(json.utf8))
        #expect(rows.count == 2)
        #expect(rows[0]["model"] == .string("recommended"))
        #expect(rows[0]["params"] == .number(6.97e9))
        #expect(rows[0]["tokens"] == .number(4.26e12))
        #expect(rows[0]["training_flops"] == .number(3.1e23))
        #expect(rows[0]["loss"] == .number(1.8172))
        #expect(rows[0]["total_cost_usd"] == .number(1234567))
        #expect(rows[0]["saving"] == .number(-0.28))
        #expect(rows[0]["alpha_interval"] == .array([.number(0.322), .number(0.372)]))
        #expect(rows[1]["model"] == .string("Chinchilla, \"optimal\""))
        #expect(rows[1]["tokens"] == .number(0.1 + 0.2))
        #expect(rows[1]["training_flops"] == .number(1.0 / 3.0))
        #expect(rows[1]["loss"] == .null)
        #expect(rows[1]["total_cost_usd"] == .null)
        #expect(rows[1]["alpha_interval"] == .array([.number(0.3), .null]))
        // Members keep the column order.
        let keys = ["model", "params", "tokens", "training_flops", "loss", "total_cost_usd", "saving", "alpha_interval"]
        let positions = keys.compactMap { json.range(of: "\"\($0)\"")?.lowerBound }
        #expect(positions == positions.sorted() && positions.count == keys.count)
    }

    /// The people formats, spelled out by hand.
    static let peopleNumbers = ["6.97B", "4.26T", "3.1e23", "1.817", "$1.23M", "−28%", "[0.322, 0.372]", "30.0B"]

    @Test func textShowsPeopleNumbersAligned() {
        let text = Self.planTable.render(.text)
        for number in Self.peopleNumbers { #expect(text.contains(number), "text lacks \(number)") }
        #expect(text.contains("—"))       // NaN
        #expect(text.contains("[0.300, ∞]"))
        #expect(!text.contains("nan") && !text.contains("inf"))
        // Right-aligned numeric columns end in the same terminal column on every line.
        let lines = text.split(separator: "\n").map(String.init)
        let header = lines[1], first = lines[2], second = lines[3]
        #expect(header.displayWidth == first.displayWidth)
        #expect(first.displayWidth == second.displayWidth)
        #expect(!lines.contains { $0.hasSuffix(" ") })
        #expect(lines.last == "warning: B and β are strongly correlated (ρ = 0.99)")
    }

    @Test func markdownShowsPeopleNumbers() {
        let markdown = Self.planTable.render(.markdown)
        for number in Self.peopleNumbers { #expect(markdown.contains(number), "markdown lacks \(number)") }
        #expect(markdown.contains("**Plan \\| 30B quality**"))
        #expect(markdown.contains("| :--- | ---: |"))
        // Every table line has one more pipe than columns (escaped pipes excluded).
        for line in markdown.split(separator: "\n") where line.hasPrefix("|") {
            let pipes = line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
            #expect(pipes == 9)
        }
    }

    @Test func latexShowsPeopleNumbersEscaped() {
        let latex = Self.planTable.render(.latex)
        for number in ["6.97B", "4.26T", "3.1e23", "1.817", "\\$1.23M", "$-$28\\%", "{}[0.322, 0.372]", "30.0B"] {
            #expect(latex.contains(number), "latex lacks \(number)")
        }
        #expect(latex.contains("\\begin{tabular}{lrrrrrrr}"))
        #expect(latex.contains("\\toprule") && latex.contains("\\midrule") && latex.contains("\\bottomrule"))
        #expect(latex.contains("$\\alpha$ 90\\% interval"))
        #expect(latex.contains("% warning: B and $\\beta$") == false)  // comments are not escaped…
        #expect(latex.contains("% warning: B and β are strongly correlated"))  // …but kept verbatim
        // Every row has as many & as columns − 1.
        for line in latex.split(separator: "\n") where line.hasSuffix("\\\\") {
            #expect(line.replacingOccurrences(of: "\\&", with: "").filter { $0 == "&" }.count == 7)
        }
    }
}

/// A small RFC 4180 reader written for these tests, independent of the renderer: fields
/// separated by commas, records by LF or CRLF; a quoted field may hold commas, line breaks
/// and doubled quotes.
enum CSVReader {
    struct Malformed: Error {}

    static func parse(_ text: String) throws -> [[String]] {
        var records: [[String]] = [], record: [String] = [], field = ""
        var inQuotes = false, wasQuoted = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if inQuotes {
                if c == "\"" {
                    if chars.first == "\"" { field.unicodeScalars.append("\""); chars.removeFirst() } else { inQuotes = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" {
                guard field.isEmpty, !wasQuoted else { throw Malformed() }
                inQuotes = true; wasQuoted = true
            } else if c == "," {
                record.append(field); field = ""; wasQuoted = false
            } else if c == "\n" || c == "\r" {
                if c == "\r", chars.first == "\n" { chars.removeFirst() }
                record.append(field); records.append(record); record = []; field = ""; wasQuoted = false
            } else {
                guard !wasQuoted else { throw Malformed() }
                field.unicodeScalars.append(c)
            }
        }
        guard !inQuotes else { throw Malformed() }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}

/// Any JSON value, decoded exactly.
indirect enum JSONValue: Decodable, Equatable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }
}
