import Foundation
import Testing

/// `--help`, `help`, `--version` and a bare `scaleplan` print and exit 0; they are never
/// reported as failures.
struct HelpTests {
    @Test(arguments: [["--help"], ["help"], [], ["--version"], ["help", "fit"], ["fit", "--help"], ["plan", "--help"]])
    func helpPrintsAndSucceeds(_ arguments: [String]) throws {
        let r = try CLIHarness.run(arguments)
        #expect(r.status == 0, "\(arguments): \(r.stderr)")
        #expect(!r.stdout.isEmpty)
        #expect(!r.stderr.contains("scaleplan: "))
    }

    @Test func unknownOptionIsAUsageError() throws {
        let r = try CLIHarness.run(["fit", "data/example-sweep.csv", "--no-such-option"])
        #expect(r.status != 0 && r.status < 128)
        #expect(r.stderr.contains("--no-such-option"))
    }
}
