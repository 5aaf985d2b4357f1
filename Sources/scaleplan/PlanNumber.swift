import ArgumentParser
import Foundation
import ScalingLaws

/// Numbers on the plan command line: plain (`0.5`), scientific (`6e23`) or with a count
/// suffix (`125M`, `7B`, `1.4T`), by the same rules as run files (`NumberParsing`).
enum PlanNumber {
    static func parse(_ text: String) throws -> Double {
        do { return try NumberParsing.parse(text.trimmingCharacters(in: .whitespaces)) } catch {
            throw ValidationError("\(error) (examples: 0.5, 6e23, 125M, 7B, 1.4T)")
        }
    }
}
