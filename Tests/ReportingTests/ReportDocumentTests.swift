import Foundation
import Testing
@testable import Reporting

/// Writing a report: the files it writes, and its refusal to overwrite what it did not write.
@Suite struct ReportDocumentTests {
    /// A fresh, empty directory path for one test (not created).
    func scratchDirectory() -> String {
        (NSTemporaryDirectory() as NSString).appendingPathComponent("scaleplan-report-test-\(UUID().uuidString)")
    }

    func read(_ directory: String, _ name: String) -> String? {
        FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(name))
            .map { String(decoding: $0, as: UTF8.self) }
    }

    func write(_ text: String, _ directory: String, _ name: String) throws {
        try text.write(toFile: (directory as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    var report: ReportDocument {
        ReportDocument(title: "Scaling report", sections: [
            .heading("The law"),
            .paragraph("Fitted to 58 runs."),
            .table(Table(columns: [Table.Column("parameter", alignment: .left), Table.Column("value")],
                         rows: [[.text("E"), .number(1.8172, .decimal(significant: 4))]])),
            .figure(name: "loss-compute.svg", caption: "Loss against compute [log-log]", svg: "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n"),
            .code("$ scaleplan fit runs.csv\n```odd```"),
            .bullets(["one", "two"]),
        ])
    }

    @Test func markdownHasEverySection() {
        let markdown = report.markdown()
        #expect(markdown.hasPrefix("# Scaling report\n\n## The law\n\nFitted to 58 runs.\n\n| parameter | value |"))
        #expect(markdown.contains("| E | 1.817 |"))
        #expect(markdown.contains("![Loss against compute \\[log-log\\]](loss-compute.svg)"))
        // The code holds a run of three backticks, so the fence is four long.
        #expect(markdown.contains("````\n$ scaleplan fit runs.csv\n```odd```\n````"))
        #expect(markdown.hasSuffix("- one\n- two\n"))
    }

    @Test func writesFilesAndManifest() throws {
        let directory = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let written = try report.write(to: directory)
        #expect(written == ["report.md", "loss-compute.svg"])
        #expect(read(directory, "report.md") == report.markdown())
        #expect(read(directory, "loss-compute.svg") == "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n")
        let manifest = try #require(read(directory, ".scaleplan-report"))
        #expect(manifest.contains("  report.md\n") && manifest.contains("  loss-compute.svg\n"))
        // Writing again replaces its own, unchanged files without being forced.
        var second = report
        second.title = "Scaling report, second run"
        try second.write(to: directory)
        #expect(read(directory, "report.md")?.hasPrefix("# Scaling report, second run") == true)
    }

    @Test func refusesToOverwriteAFileItDidNotWrite() throws {
        let directory = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try write("my own notes\n", directory, "report.md")
        #expect(throws: ReportWriteError.wouldOverwrite(directory: directory, [.notWrittenByScaleplan("report.md")])) {
            try report.write(to: directory)
        }
        // Nothing was written: the user's file is intact and no figure or manifest appeared.
        #expect(read(directory, "report.md") == "my own notes\n")
        #expect(read(directory, "loss-compute.svg") == nil && read(directory, ".scaleplan-report") == nil)
        // With force, it is replaced.
        try report.write(to: directory, force: true)
        #expect(read(directory, "report.md") == report.markdown())
    }

    @Test func refusesToOverwriteAFileEditedSinceWritten() throws {
        let directory = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try report.write(to: directory)
        try write(report.markdown() + "\nA paragraph I added by hand.\n", directory, "report.md")
        do {
            try report.write(to: directory)
            Issue.record("an edited report.md was overwritten")
        } catch let error as ReportWriteError {
            #expect(error == .wouldOverwrite(directory: directory, [.editedSinceWritten("report.md")]))
            #expect(error.description.contains("'report.md' was changed since scaleplan wrote it"))
            #expect(error.description.contains("--force"))
        }
        #expect(read(directory, "report.md")?.hasSuffix("A paragraph I added by hand.\n") == true)
    }

    @Test func leavesOtherFilesAlone() throws {
        let directory = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try write("keep me\n", directory, "notes.txt")
        try report.write(to: directory)
        #expect(read(directory, "notes.txt") == "keep me\n")
        #expect(read(directory, ".scaleplan-report")?.contains("notes.txt") == false)
    }

    @Test func rejectsPathsAndDuplicates() throws {
        for name in ["../escape.svg", "a/b.svg", ".hidden.svg", ".scaleplan-report", ""] {
            var document = ReportDocument(title: "t")
            document.append(.figure(name: name, caption: "c", svg: "<svg/>"))
            #expect(throws: ReportWriteError.invalidFileName(name)) { try document.write(to: scratchDirectory()) }
        }
        // The page itself is report.md: a figure of that name would overwrite it.
        var document = ReportDocument(title: "t")
        document.append(.figure(name: "report.md", caption: "c", svg: "<svg/>"))
        #expect(throws: ReportWriteError.duplicateFileName("report.md")) { try document.write(to: scratchDirectory()) }
    }

    @Test func refusesAFileAsDirectory() throws {
        let path = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "x".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ReportWriteError.notADirectory(path)) { try report.write(to: path) }
    }

    /// The HTML page is well-formed XML, embeds each figure inline with its own ids, and is
    /// the only file written.
    @Test func htmlIsSelfContained() throws {
        var document = report
        let chart = SampleCharts.residuals.svg()
        document.sections = [
            .table(Table(title: "law & fit", columns: [Table.Column("parameter", alignment: .left), Table.Column("value")],
                         rows: [[.text("α"), .number(0.3478, .decimal(significant: 3))]])),
            .figure(name: "a.svg", caption: "first <chart>", svg: chart),
            .figure(name: "b.svg", caption: "second", svg: chart),
            .code("$ scaleplan fit runs.csv | head"),
        ]
        let html = document.html()
        let parsed = try SVGSummary(html)
        #expect(parsed.root == "html")
        #expect(parsed.count("svg") == 2 && parsed.count("figure") == 2)
        #expect(html.contains("<caption>law &amp; fit</caption>"))
        #expect(html.contains("<td class=\"num\">0.348</td>"))
        #expect(html.contains("<figcaption>first &lt;chart&gt;</figcaption>"))
        #expect(!html.contains("<?xml"))
        let ids = html.matches(of: /id="([^"]+)"/).map { String($0.output.1) }
        #expect(ids.count == 4 && Set(ids).count == 4)  // a clip path and a gradient per chart
        #expect(html.contains("url(#fig2-residuals-plot-area)"))

        let directory = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(try document.write(to: directory, format: .html) == ["report.html"])
        #expect(read(directory, "report.html") == html)
        #expect(read(directory, "a.svg") == nil)
    }

    /// Reference values of FNV-1a 64 from its authors' test vectors (checked with a
    /// three-line Python implementation).
    @Test func fnv1aHash() {
        #expect(ReportManifest.hash(Data()) == 0xcbf2_9ce4_8422_2325)
        #expect(ReportManifest.hash(Data("a".utf8)) == 0xaf63_dc4c_8601_ec8c)
        #expect(ReportManifest.hash(Data("foobar".utf8)) == 0x8594_4171_f739_67e8)
    }
}
