import Foundation
@testable import ScalingLaws

/// Reads `text` as a run file called `name` (the extension picks the format).
func readRuns(_ text: String, name: String = "runs.csv", columns: [String] = [],
              skipInvalid: Bool = false, alone: RunQuantity? = nil) throws -> RunLog {
    let reader = RunFileReader(columns: try ColumnMapping(parsing: columns), skipInvalid: skipInvalid, alone: alone)
    return try reader.read(data: Data(text.utf8), name: name)
}

/// The error reading `text` throws, as the user sees it (nil when it reads).
func readError(_ text: String, name: String = "runs.csv", columns: [String] = []) -> String? {
    do { _ = try readRuns(text, name: name, columns: columns); return nil } catch { return "\(error)" }
}

/// `../shared/data/<relative>` from the package root, when present (reference data is not
/// part of the repository; tests that need it are skipped without it).
func sharedData(_ relative: String) -> String? {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let path = root.deletingLastPathComponent().appendingPathComponent("shared/data/\(relative)").path
    return FileManager.default.fileExists(atPath: path) ? path : nil
}

/// Relative difference |a − b| / |b|.
func relativeError(_ a: Double, _ b: Double) -> Double { abs(a - b) / abs(b) }
