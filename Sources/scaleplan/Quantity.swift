import ArgumentParser

/// A positive number on the command line, plain, scientific or suffixed (`7B`, `1.4T`), by
/// the same rules as run files.
struct Quantity: ExpressibleByArgument {
    var value: Double

    init?(argument: String) {
        guard let v = try? PlanNumber.parse(argument), v > 0 else { return nil }
        value = v
    }
}
