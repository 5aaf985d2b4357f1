import Foundation
import Testing

/// The worked examples in notebooks-md/ stay true: every ```console block's commands are run
/// and their output must match what the notebook prints.
///
/// In a block, a line starting with `$ ` is a command (run by /bin/sh from the repository
/// root, `scaleplan` on PATH); the lines up to the next command or the end of the block are
/// its expected standard output. Blocks whose commands read ../shared are skipped when that
/// folder is absent.
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

    @Test func notebooksHaveExamples() {
        #expect(Self.examples().count >= 4, "notebooks-md/ should hold worked examples with console blocks")
    }

    @Test(arguments: NotebookTests.examples())
    func exampleOutputMatches(_ example: Example) throws {
        if example.command.contains("../shared") && !CLIHarness.hasSharedData {
            print("skipped (../shared/data absent): \(example.testDescription)")
            return
        }
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
