import ArgumentParser
import Reporting
import ScalingLaws

struct PresetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presets", abstract: "List the published scaling laws built in, with their sources.",
        discussion: """
        Examples:
          scaleplan presets
          scaleplan presets --format json
          scaleplan plan --preset epoch2024 --quality-of 70B --inference-tokens 1e13
        """)

    @Option(help: "Output format: text, markdown, csv, latex or json.")
    var format: String = "text"

    func run() throws {
        guard let f = TableFormat(rawValue: format.lowercased()) else {
            throw ValidationError("--format must be one of \(TableFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        print(Table(presets: LawPreset.all).render(f), terminator: "")
    }
}
