import ArgumentParser
import Foundation

/// A positive number on the command line, plain, scientific or suffixed (`7B`, `1.4T`).
struct Quantity: ExpressibleByArgument {
    var value: Double

    init?(argument: String) {
        let suffixes: [Character: Double] = ["K": 1e3, "k": 1e3, "M": 1e6, "B": 1e9, "G": 1e9, "T": 1e12, "Q": 1e15]
        var text = argument.trimmingCharacters(in: .whitespaces)
        var scale = 1.0
        if let last = text.last, let s = suffixes[last] { scale = s; text.removeLast() }
        guard let v = Double(text), v.isFinite, v > 0 else { return nil }
        value = v * scale
    }

    static var defaultCompletionKind: CompletionKind { .default }
}
