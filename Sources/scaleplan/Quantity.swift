import ArgumentParser

/// A positive number on the command line, plain, scientific or suffixed (`7B`, `1.4T`), by
/// the same rules as run files. Options read it with `transform: Quantity.parse`, so that a bad
/// value says why (not only "invalid").
struct Quantity {
    var value: Double

    static func parse(_ text: String) throws -> Quantity {
        let v = try PlanNumber.parse(text)
        guard v > 0 else { throw ValidationError("must be a positive number, not \(text)") }
        return Quantity(value: v)
    }
}
