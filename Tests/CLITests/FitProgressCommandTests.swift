import Foundation
import Testing

/// The fit's progress on standard error: drawn on a terminal for work over a second (here the
/// bootstrap of 400 runs), never into a pipe, never with `--quiet`.
@Suite struct FitProgressCommandTests {
    /// Whether script(1) is on the PATH.
    static let hasScript = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        .contains { FileManager.default.isExecutableFile(atPath: "\($0)/script") }

    /// A sweep whose bootstrap takes more than the second before a bar shows.
    static func sweep(_ scratch: Scratch) throws -> String {
        let path = scratch.path("sweep.csv")
        let made = try CLIHarness.run(["simulate", "--preset", "epoch2024", "--params", "1e7:1e10:20", "--tokens", "1e9:1e12:20",
                                       "--noise", "0.01", "--out", path])
        #expect(made.status == 0, "\(made.stderr)")
        return path
    }

    @Test func pipedStandardErrorCarriesNoProgress() throws {
        let scratch = Scratch()
        defer { withExtendedLifetime(scratch) {} }
        let file = try Self.sweep(scratch)
        let fit = try CLIHarness.run(["fit", file, "--bootstrap", "200", "--seed", "1"])
        #expect(fit.status == 0, "\(fit.stderr)")
        #expect(!fit.stderr.contains("\r") && !fit.stderr.contains("\u{1B}") && !fit.stderr.contains("bootstrap ["), "\(fit.stderr.debugDescription)")
        #expect(fit.stdout.contains("bootstrap"))   // the fit did bootstrap (its intervals say so)
    }

    /// The same fit on a terminal (a pseudo-terminal from `script`) shows the bootstrap's bar
    /// and clears it; with `--quiet` it does not.
    @Test(.enabled(if: hasScript, "needs script(1) for a pseudo-terminal"))
    func aTerminalShowsItUnlessQuiet() throws {
        let scratch = Scratch()
        defer { withExtendedLifetime(scratch) {} }
        let file = try Self.sweep(scratch)
        func onTerminal(_ extra: String) throws -> String {
            let r = try CLIHarness.shell("script -qec 'scaleplan fit \(file) --bootstrap 200 --seed 1 \(extra) > /dev/null' /dev/null < /dev/null")
            #expect(r.status == 0, "\(r.stderr)")
            return r.stdout
        }
        let shown = try onTerminal("")
        #expect(shown.contains("\r\u{1B}[2Kbootstrap [") && shown.contains("% (") && shown.hasSuffix("\r\u{1B}[2K"), "\(shown.debugDescription)")
        let quiet = try onTerminal("--quiet")
        #expect(!quiet.contains("bootstrap [") && !quiet.contains("\u{1B}"), "\(quiet.debugDescription)")
    }
}
