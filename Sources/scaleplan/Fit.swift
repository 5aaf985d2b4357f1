import ArgumentParser

struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Fit a scaling law to the runs of a sweep.")
    func run() throws {}
}
