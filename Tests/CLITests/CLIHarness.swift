import Foundation
import Testing

/// Runs the built `scaleplan` binary, found beside the test bundle (both live in the build
/// products directory), with the repository root as working directory.
enum CLIHarness {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The repository root (three levels above this file).
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared` beside the repository: reference data, present on the team's machines and
    /// in CI, absent in a bare clone (tests that need it skip).
    static let shared = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
    static var epochData: String { "../shared/data/chinchilla-epoch/svg_extracted_data.csv" }
    /// The files in ../shared/data that tests read (a test of each kind skips without them).
    static let sharedDataFiles = ["chinchilla-epoch/svg_extracted_data.csv", "olmo-ladder/final.json",
                                  "olmo-ladder/ladder-runs/1B-10xC.csv", "bnsl/bnsl_4digit_addition.csv",
                                  "gadre2024/gadre2024_runs.csv", "porian2024/porian2024_isoflop_points.csv"]
    static var missingSharedData: [String] {
        sharedDataFiles.filter { !FileManager.default.fileExists(atPath: shared.appendingPathComponent("data/\($0)").path) }
    }
    /// Whether every file of `sharedDataFiles` is there.
    static var hasSharedData: Bool { missingSharedData.isEmpty }

    static func binaryDirectory() throws -> URL {
        var candidates: [URL] = []
        if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent()) }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        candidates.append(Bundle.main.bundleURL)
        for dir in candidates where FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("scaleplan").path) {
            return dir
        }
        throw CLIHarnessError("scaleplan binary not found beside the test bundle (looked in \(candidates.map(\.path)))")
    }

    /// Runs `scaleplan ARGUMENTS` directly (no shell).
    static func run(_ arguments: [String], stdin: String? = nil) throws -> Result {
        try execute(try binaryDirectory().appendingPathComponent("scaleplan"), arguments, stdin: stdin)
    }

    /// Runs a shell command line with the binary's directory first on PATH, as a reader of
    /// the notebooks would type it.
    static func shell(_ commandLine: String) throws -> Result {
        let dir = try binaryDirectory().path
        let environment = ["PATH": "\(dir):/usr/bin:/bin", "LC_ALL": "C.UTF-8", "HOME": NSTemporaryDirectory()]
        return try execute(URL(fileURLWithPath: "/bin/sh"), ["-c", commandLine], environment: environment)
    }

    private static func execute(_ executable: URL, _ arguments: [String], stdin: String? = nil,
                                environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = repositoryRoot
        if let environment { process.environment = environment }
        let outFile = FileManager.default.temporaryDirectory.appendingPathComponent("scaleplan-out-\(UUID().uuidString)")
        let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("scaleplan-err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: outFile.path, contents: nil)
        FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outFile); try? FileManager.default.removeItem(at: errFile) }
        // Files, not pipes: a chatty child can never block on a full pipe.
        process.standardOutput = try FileHandle(forWritingTo: outFile)
        process.standardError = try FileHandle(forWritingTo: errFile)
        if let stdin {
            let input = Pipe()
            process.standardInput = input
            try process.run()
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: outFile, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: errFile, encoding: .utf8)) ?? "")
    }
}

struct CLIHarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A command's JSON output as an object (the test fails when it is not one).
func jsonObject(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

/// A temporary directory with the given files, removed when the object goes (keep it alive
/// with `withExtendedLifetime` while commands read the files).
final class Scratch {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("scaleplan-test-\(UUID().uuidString)")
    init() { try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(at: url) }
    func file(_ name: String, _ contents: String) -> String {
        let path = url.appendingPathComponent(name).path
        FileManager.default.createFile(atPath: path, contents: Data(contents.utf8))
        return path
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}
