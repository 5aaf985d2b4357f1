import ArgumentParser
import Foundation

/// Numbers on the plan command line: plain (`0.5`), scientific (`6e23`) or with a count
/// suffix (`125M`, `7B`, `1.4T`; K, M, B or G, T, Q = 10^3 … 10^15).
enum PlanNumber {
    static let suffixes: [Character: Double] = ["K": 1e3, "M": 1e6, "B": 1e9, "G": 1e9, "T": 1e12, "Q": 1e15]

    static func parse(_ text: String) throws -> Double {
        let s = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
        var body = Substring(s), scale = 1.0
        if let last = s.last, let factor = suffixes[Character(last.uppercased())] { body = body.dropLast(); scale = factor }
        guard let value = Double(body), value.isFinite else {
            throw ValidationError("'\(text)' is not a number (examples: 0.5, 6e23, 125M, 7B, 1.4T)")
        }
        return value * scale
    }
}
