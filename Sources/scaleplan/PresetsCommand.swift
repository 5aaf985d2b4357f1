import ArgumentParser
import Reporting
import ScalingLaws

struct PresetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presets", abstract: "List the published scaling laws built in, with their sources.")

    @Option(help: "Output format: text, markdown, csv, latex or json.")
    var format: String = "text"

    func run() throws {
        guard let f = TableFormat(rawValue: format.lowercased()) else {
            throw ValidationError("--format must be one of \(TableFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        print(Table(presets: LawPreset.all).render(f), terminator: "")
    }
}
