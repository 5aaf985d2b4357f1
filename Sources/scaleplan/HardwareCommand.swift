import ArgumentParser
import Foundation
import Planning
import Reporting

struct HardwareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hardware",
        abstract: "List the hardware profiles (built in, plus --hardware-file) with their datasheet sources.",
        discussion: """
        Examples:
          scaleplan hardware
          scaleplan hardware --format json
          scaleplan hardware --hardware-file my-gpus.json
        """)

    @Option(name: .customLong("hardware-file"), help: "JSON file of extra hardware profiles (format: data/hardware.json).")
    var hardwareFile: String?

    @Option(help: "Output format: text, markdown, csv, latex or json (json: the profiles with their sources).")
    var format: String = "text"

    func run() throws {
        try reportingPlanErrors {
            guard let f = TableFormat(rawValue: format.lowercased()) else {
                throw ValidationError("--format must be one of \(TableFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let profiles = try hardwareFile.map { HardwareFile.merged(try HardwareFile.read(path: $0)) } ?? HardwareCatalog.builtIn
            if f == .json {
                print(String(decoding: try HardwareFile.encode(profiles), as: UTF8.self))
            } else {
                print(Table(hardware: profiles).render(f), terminator: "")
            }
        }
    }
}
