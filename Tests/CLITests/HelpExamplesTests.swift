import Foundation
import Testing

/// The examples that end the help of `plan`, `sweep`, `presets` and `hardware` are real: each
/// one, run as printed, succeeds and prints something.
@Suite("Help examples")
struct HelpExamplesTests {
    @Test("--help shows examples, and each example runs", arguments: ["plan", "sweep", "presets", "hardware"])
    func examplesRun(command: String) throws {
        let help = try CLIHarness.run([command, "--help"])
        #expect(help.status == 0 && help.stderr.isEmpty)
        let examples = Self.examples(in: help.stdout)
        #expect((2...3).contains(examples.count), "\(command) --help has \(examples.count) examples")
        for example in examples {
            #expect(example.hasPrefix("scaleplan "))
            let r = try CLIHarness.shell(example)
            #expect(r.status == 0 && !r.stdout.isEmpty, "\(example) failed: \(r.stderr)")
        }
    }

    /// The command lines after "Examples:", continuation lines (ending in `\`) joined.
    static func examples(in help: String) -> [String] {
        guard let start = help.range(of: "Examples:\n") else { return [] }
        var lines: [String] = [], pending = ""
        for line in help[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty && pending.isEmpty { break }
            if text.hasSuffix("\\") { pending += text.dropLast() ; continue }
            lines.append(pending + text)
            pending = ""
        }
        return lines
    }
}
