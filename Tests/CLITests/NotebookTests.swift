import Foundation
import Testing

/// The worked examples in notebooks-md/ stay true: every ```console block's commands are run
/// and their output must match what the notebook prints.
///
/// In a block, a line starting with `$ ` is a command (run by /bin/sh from the repository
/// root, `scaleplan` on PATH); the lines up to the next command or the end of the block are
/// its expected standard output. Commands that read ../shared are a test of their own, shown as
/// skipped when that folder is absent.
struct NotebookTests {
    struct Example: CustomTestStringConvertible, Sendable {
        var notebook: String
        var line: Int
        var command: String
        var expected: String
        var testDescription: String { "\(notebook):\(line): \(command)" }
    }

    static func examples() -> [Example] {
        let dir = CLIHarness.repositoryRoot.appendingPathComponent("notebooks-md")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
        var out: [Example] = []
        for file in files {
            guard let text = try? String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8) else { continue }
            var inBlock = false
            var current: Example? = nil
            for (index, line) in text.components(separatedBy: "\n").enumerated() {
                if line.hasPrefix("```") {
                    if inBlock, let c = current { out.append(c); current = nil }
                    inBlock = !inBlock && line.trimmingCharacters(in: .whitespaces) == "```console"
                    continue
                }
                guard inBlock else { continue }
                if line.hasPrefix("$ ") {
                    if let c = current { out.append(c) }
                    current = Example(notebook: file, line: index + 1, command: String(line.dropFirst(2)), expected: "")
                } else if current != nil {
                    current!.expected += line + "\n"
                }
            }
        }
        return out
    }

    /// The notebooks as units of examples, in file order. A notebook's commands run in order,
    /// one after another: a later command may read what an earlier one wrote to
    /// notebook-output/ (run as separate test cases they raced, Swift Testing running cases in
    /// parallel). A notebook any of whose commands reads ../shared is a test of its own.
    struct Notebook: CustomTestStringConvertible, Sendable {
        var name: String
        var examples: [Example]
        var testDescription: String { "\(name) (\(examples.count) commands)" }
    }

    static func notebooks(needingSharedData: Bool) -> [Notebook] {
        var order: [String] = []
        var byName: [String: [Example]] = [:]
        for example in examples() {
            if byName[example.notebook] == nil { order.append(example.notebook) }
            byName[example.notebook, default: []].append(example)
        }
        return order.map { Notebook(name: $0, examples: byName[$0]!) }
            .filter { $0.examples.contains { $0.command.contains("../shared") } == needingSharedData }
    }

    /// The number of commands in the notebooks counted another way than `examples()` does: a
    /// regular expression takes every ```console … ``` block of each file whole, and the
    /// lines in it that start with `$ ` are counted.
    static func commandsInConsoleBlocks() throws -> (commands: Int, blocks: Int, notebooks: Int) {
        let dir = CLIHarness.repositoryRoot.appendingPathComponent("notebooks-md")
        let block = try NSRegularExpression(pattern: "^```console\\n(.*?)^```$", options: [.anchorsMatchLines, .dotMatchesLineSeparators])
        var commands = 0, blocks = 0, notebooks = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.path) where file.hasSuffix(".md") {
            let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            let matches = block.matches(in: text, range: NSRange(text.startIndex..., in: text))
            if !matches.isEmpty { notebooks += 1 }
            for match in matches {
                blocks += 1
                let body = String(text[Range(match.range(at: 1), in: text)!])
                commands += body.split(separator: "\n", omittingEmptySubsequences: false).filter { $0.hasPrefix("$ ") }.count
            }
        }
        return (commands, blocks, notebooks)
    }

    @Test("every command in a console block of the notebooks is an example, and every such block has one")
    func notebooksHaveExamples() throws {
        let examples = Self.examples()
        let independent = try Self.commandsInConsoleBlocks()
        #expect(examples.count == independent.commands, "the parser finds \(examples.count) commands, the console blocks hold \(independent.commands)")
        #expect(independent.blocks > 0 && independent.commands >= independent.blocks)
        #expect(Set(examples.map(\.notebook)).count == independent.notebooks)
        // Each example's line is a `$ ` line of its notebook, holding its command.
        let dir = CLIHarness.repositoryRoot.appendingPathComponent("notebooks-md")
        for example in examples {
            let lines = try String(contentsOf: dir.appendingPathComponent(example.notebook), encoding: .utf8).components(separatedBy: "\n")
            #expect(lines[example.line - 1] == "$ " + example.command, "\(example.testDescription)")
        }
    }

    @Test("notebook examples match the tool's output", arguments: NotebookTests.notebooks(needingSharedData: false))
    func exampleOutputMatches(_ notebook: Notebook) throws {
        for example in notebook.examples { try check(example) }
    }

    @Test("notebook examples that read ../shared/data match the tool's output",
          .enabled(if: CLIHarness.hasSharedData, "needs ../shared/data beside the repository"),
          arguments: NotebookTests.notebooks(needingSharedData: true))
    func sharedDataExampleOutputMatches(_ notebook: Notebook) throws {
        for example in notebook.examples { try check(example) }
    }

    func check(_ example: Example) throws {
        let result = try CLIHarness.shell(example.command)
        #expect(result.status == 0 || example.command.contains("2>&1"), "\(example.testDescription) exited \(result.status): \(result.stderr)")
        #expect(normalise(result.stdout) == normalise(example.expected),
                "\(example.testDescription): output differs from the notebook")
    }

    /// Trailing spaces and trailing blank lines are not part of what a reader sees. A final
    /// gradient below 1e-8 is rounding noise at the optimum, whose last digit may differ
    /// between machines (FMA or not, LAPACK build): it reads as "gradient ≈0" on both sides.
    func normalise(_ s: String) -> String {
        var lines = s.components(separatedBy: "\n").map { line -> String in
            var l = line
            while l.last == " " { l.removeLast() }
            return l.replacingOccurrences(of: #"gradient [0-9.]+e-(0?[89]|[1-9][0-9])\b"#, with: "gradient ≈0",
                                          options: .regularExpression)
        }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
