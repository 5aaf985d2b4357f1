import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// End-to-end tests of `scaleplan report`: the files it writes, that they are what they say
/// (SVG that parses, the fit's numbers), and that it never overwrites a file of the user's.
@Suite("scaleplan report")
struct ReportCommandTests {
    /// The simulated IsoFLOP sweep in data/ (7 budgets × 9 sizes; data/README.md).
    static let sweep = "data/sweep-epoch-1pct.csv"

    static func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("scaleplan-report-\(UUID().uuidString)").path
    }

    static func files(in directory: String) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
    }

    static func read(_ directory: String, _ name: String) throws -> String {
        try String(contentsOfFile: (directory as NSString).appendingPathComponent(name), encoding: .utf8)
    }

    /// Whether `text` is well-formed XML (XMLParser stops at the first error).
    static func isWellFormedXML(_ text: String) -> Bool {
        XMLParser(data: Data(text.utf8)).parse()
    }

    @Test("from runs: report.md, the fit's charts (IsoFLOP ones too, as the runs form budgets) and the plan's; every SVG parses")
    func writesTheFilesFromRuns() throws {
        let out = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try CLIHarness.run(["report", Self.sweep, "--bootstrap", "40", "--seed", "1", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let expected: Set = ["report.md", "loss-compute.svg", "isoflop.svg", "optimal-size.svg", "residuals.svg",
                             "plan-cost.svg", "tokens-per-param.svg", ".scaleplan-report"]
        #expect(Self.files(in: out) == expected)
        for name in expected where name.hasSuffix(".svg") {
            let svg = try Self.read(out, name)
            #expect(svg.contains("<svg"), "\(name)")
            #expect(Self.isWellFormedXML(svg), "\(name) is not well-formed XML")
        }
        // Standard output lists the files written, one path a line.
        #expect(Set(r.stdout.split(separator: "\n").map { ($0 as NSString).lastPathComponent }) == expected.subtracting([".scaleplan-report"]))
        let markdown = try Self.read(out, "report.md")
        for figure in expected where figure.hasSuffix(".svg") { #expect(markdown.contains("](\(figure))")) }
        #expect(markdown.contains("63 of 63 runs"))
    }

    /// The numbers in report.md's parameter table, by parameter: value, s.e., interval.
    static func parameterRows(_ markdown: String) -> [String: [Double]] {
        var rows: [String: [Double]] = [:]
        let names = ["E": "E", "A": "A", "B": "B", "α": "alpha", "β": "beta"]
        for line in markdown.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let name = cells.first.flatMap({ names[$0] }), cells.count >= 2 else { continue }
            let interval = cells.count < 4 ? [] : cells[3].trimmingCharacters(in: CharacterSet(charactersIn: "[]")).split(separator: ",")
            rows[name] = ([cells[1], cells[2]] + interval.map(String.init)).compactMap {
                Double($0.trimmingCharacters(in: .whitespaces))
            }
        }
        return rows
    }

    @Test("report.md gives the fitted parameters, standard errors and intervals that fit --format json gives (to the digits shown)")
    func parametersMatchTheFitJSON() throws {
        let out = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let common = [Self.sweep, "--bootstrap", "40", "--seed", "3"]
        let report = try CLIHarness.run(["report"] + common + ["--out", out])
        #expect(report.status == 0, "\(report.stderr)")
        let fit = try CLIHarness.run(["fit"] + common + ["--format", "json"])
        #expect(fit.status == 0, "\(fit.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(fit.stdout.utf8)) as? [String: Any])
        let parameters = try #require(json["parameters"] as? [String: Double])
        let errors = try #require(json["standard_errors"] as? [String: Double])
        let intervals = try #require(json["intervals"] as? [String: [Double]])
        let rows = Self.parameterRows(try Self.read(out, "report.md"))
        #expect(rows.count == 5)
        for name in ["E", "A", "B", "alpha", "beta"] {
            let row = try #require(rows[name], "no row for \(name)")
            try #require(row.count == 4, "row for \(name): \(row)")
            let interval = try #require(intervals[name])
            // Values and intervals are shown to 4 significant digits, standard errors to 2.
            let value = try #require(parameters[name]), error = try #require(errors[name])
            #expect(abs(row[0] / value - 1) < 5e-4, "\(name): \(row[0]) vs \(value)")
            #expect(abs(row[1] / error - 1) < 5e-2, "\(name) s.e.: \(row[1]) vs \(error)")
            #expect(abs(row[2] / interval[0] - 1) < 5e-4 && abs(row[3] / interval[1] - 1) < 5e-4, "\(name) interval")
        }
    }

    @Test("a file the user wrote is not overwritten without --force (nothing is written); with --force it is")
    func refusesToOverwriteTheUsersFile() throws {
        let out = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let mine = (out as NSString).appendingPathComponent("report.md")
        try "my notes\n".write(toFile: mine, atomically: true, encoding: .utf8)
        let refused = try CLIHarness.run(["report", "--preset", "epoch2024", "--out", out])
        #expect(refused.status != 0 && refused.status < 128)
        #expect(refused.stderr.contains("report.md") && refused.stderr.contains("--force"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: mine, encoding: .utf8) == "my notes\n")
        #expect(Self.files(in: out) == ["report.md"])

        let forced = try CLIHarness.run(["report", "--preset", "epoch2024", "--out", out, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOfFile: mine, encoding: .utf8).hasPrefix("# Scaling-law report"))
        // Its own files it rewrites without being asked.
        let again = try CLIHarness.run(["report", "--preset", "epoch2024", "--out", out])
        #expect(again.status == 0, "\(again.stderr)")
    }

    @Test("from a law file (no runs): the law, the plan table and the plan charts; the default quality is a Chinchilla-optimal 70B's")
    func worksFromALawFile() throws {
        let out = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let law = (out as NSString).appendingPathComponent("law.json")
        try #"{"form": "chinchilla", "parameters": {"E": 1.8172, "A": 482.01, "B": 2085.43, "alpha": 0.3478, "beta": 0.3658}}"#
            .write(toFile: law, atomically: true, encoding: .utf8)
        let dir = (out as NSString).appendingPathComponent("report")
        let r = try CLIHarness.run(["report", "--law", law, "--out", dir])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.files(in: dir) == ["report.md", "plan-cost.svg", "tokens-per-param.svg", ".scaleplan-report"])
        for name in ["plan-cost.svg", "tokens-per-param.svg"] { #expect(Self.isWellFormedXML(try Self.read(dir, name))) }
        let markdown = try Self.read(dir, "report.md")
        #expect(markdown.contains("| E | 1.8172 |") && markdown.contains("| β | 0.36580 |"))
        // The loss of the compute-optimal 70B model, E + A·N^−α·(1 + α/β) (Hoffmann et al. App. D.2),
        // by hand in Python: 1.9761798527.
        #expect(markdown.contains("target loss 1.9762"))
        // With no inference, the recommendation is the Chinchilla-optimal model itself.
        #expect(markdown.contains("| 0 | 70.0B |"))
    }

    /// Muennighoff et al.'s law (the muennighoff2023 preset's coefficients, written as a law
    /// file) planned on 20B unique tokens: every row repeats the data and discounts the excess
    /// parameters. Each row is the root of d(6·N·D + 2·N·D_inf)/d log N = 0 along L = 2.3 from
    /// the paper's eqs. 5–7, solved in Python (scipy brentq); Chinchilla's model of that loss is
    /// 3.93B effective parameters, 5.19B raw (eq. 6 inverted). Without R_N the first row would
    /// be 4.58B on 70.4B tokens, and without the cap 3.93B on 77.0B.
    @Test("from a data-constrained law with --unique-tokens: the plan table repeats the data and discounts excess parameters")
    func dataConstrainedLawWithUniqueTokens() throws {
        let out = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let law = (out as NSString).appendingPathComponent("law.json")
        let (e, a, b) = (exp(0.6254804), exp(6.255414), exp(7.3049974))
        try #"{"form": "data-constrained", "parameters": {"E": \#(e), "A": \#(a), "B": \#(b), "alpha": 0.3526596, "beta": 0.3526596, "R_D": 15.387756, "R_N": 5.309743}}"#
            .write(toFile: law, atomically: true, encoding: .utf8)
        let dir = (out as NSString).appendingPathComponent("report")
        let r = try CLIHarness.run(["report", "--law", law, "--target-loss", "2.3", "--unique-tokens", "20B", "--out", dir])
        #expect(r.status == 0, "\(r.stderr)")
        let markdown = try Self.read(dir, "report.md")
        for row in ["| 0 | 3.75B | 109B | 29.1 | 2.300 | 2.5e21 | 5.19B |",
                    "| 100B | 3.11B | 134B | 43.0 | 2.300 | 3.1e21 | 5.19B |",
                    "| 1.00T | 2.12B | 256B | 121 | 2.300 | 7.5e21 | 5.19B |",
                    "| 10.0T | 1.65B | 621B | 377 | 2.300 | 3.9e22 | 5.19B |"] {
            #expect(markdown.contains(row), "no row \(row) in\n\(markdown)")
        }
        // The law section names the form and shows the half-lives the plan used.
        #expect(markdown.contains("on effective parameters N′ and data D′ (Muennighoff et al. 2023)"))
        #expect(markdown.contains("| R\\*\\_D | 15.388 |") && markdown.contains("| R\\*\\_N | 5.3097 |"), "\(markdown)")
    }

    @Test("--format html writes one self-contained page with the figures inline")
    func htmlPage() throws {
        let out = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try CLIHarness.run(["report", "--preset", "chinchilla-sardana", "--format", "html", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.files(in: out) == ["report.html", ".scaleplan-report"])
        let html = try Self.read(out, "report.html")
        #expect(html.components(separatedBy: "<svg").count - 1 == 2)
    }

    @Test("runs and a law together, or neither, is an error naming the fix")
    func runsOrLaw() throws {
        let both = try CLIHarness.run(["report", Self.sweep, "--preset", "epoch2024", "--out", Self.temporaryDirectory()])
        #expect(both.status != 0 && both.status < 128 && both.stderr.contains("not both"))
        let neither = try CLIHarness.run(["report", "--out", Self.temporaryDirectory()])
        #expect(neither.status != 0 && neither.status < 128 && neither.stderr.contains("--law"))
        let format = try CLIHarness.run(["report", "--preset", "epoch2024", "--format", "csv", "--out", Self.temporaryDirectory()])
        #expect(format.status != 0 && format.stderr.contains("markdown or html"))
    }

    @Test("Epoch's Chinchilla points: one command, 240 of 245 runs, Epoch's law",
          .enabled(if: CLIHarness.hasSharedData, "needs ../shared/data/chinchilla-epoch beside the repository"))
    func epochReport() throws {
        let out = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try CLIHarness.run(["report", CLIHarness.epochData, "--exclude-loss-above", "3.41", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let markdown = try Self.read(out, "report.md")
        #expect(markdown.contains("240 of 245 runs"))
        // Epoch's grid fit (Besiroglu et al. 2024; ../shared/data/chinchilla-epoch/README.md):
        // E = 1.8172, A = 477.84, B = 2143.86, α = 0.34731, β = 0.36718.
        let rows = Self.parameterRows(markdown)
        let e = try #require(rows["E"]?.first), alpha = try #require(rows["alpha"]?.first), beta = try #require(rows["beta"]?.first)
        #expect(abs(e - 1.8172) < 1e-3 && abs(alpha - 0.34731) < 1e-3 && abs(beta - 0.36718) < 1e-3)
        // The points are scattered in compute, not on IsoFLOP budgets: no IsoFLOP charts.
        #expect(!Self.files(in: out).contains("isoflop.svg"))
    }
}
