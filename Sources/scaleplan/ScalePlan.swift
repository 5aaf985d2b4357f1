import ArgumentParser
import Foundation

@main
struct ScalePlan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scaleplan",
        abstract: "Fit scaling laws to training sweeps and plan inference-aware training runs.",
        discussion: """
        Fit a law to your runs (fit), predict losses from it (predict), and decide model size \
        and training tokens for a quality target and an inference demand.
        """,
        version: "0.1.0",
        subcommands: [
            Fit.self,
            Predict.self,
            PlanCommand.self,
            SweepCommand.self,
            CostCommand.self,
            PresetsCommand.self,
            HardwareCommand.self,
            Simulate.self,
            ReportCommand.self,
            CompareCommand.self,
        ]
    )

    /// `scaleplan` alone prints the overview (the default would throw a help request, which
    /// `main` below would otherwise report as a failure).
    func run() throws {
        print(Self.helpMessage())
    }

    /// Parses, runs, and reports failures the way scripts expect: argument errors through
    /// swift-argument-parser (usage and help), everything else as `scaleplan: message` on
    /// stderr with exit status 1.
    static func main() {
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            try command.run()
        } catch let error as ExitCode {
            exit(withError: error)
        } catch let error as CleanExit {
            exit(withError: error)
        } catch let error as ValidationError {
            exit(withError: error)
        } catch where String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            // `--help` arrives here: parseAsRoot returns a help command whose run() throws
            // the parser's own (internal) error type, which exit(withError:) turns into help.
            exit(withError: error)
        } catch {
            FileHandle.standardError.write(Data("scaleplan: \(commandLineDescription(error))\n".utf8))
            Foundation.exit(1)
        }
    }
}
