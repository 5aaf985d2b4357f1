import Foundation

extension Table {
    /// A JSON array of objects, one per row, keyed by column key; numbers exact, intervals
    /// as two-element arrays, empty cells as null.
    func renderJSON() -> String {
        let objects: [[String: Any]] = rows.map { row in
            var object: [String: Any] = [:]
            for (j, cell) in row.enumerated() {
                let key = columns[j].key
                switch cell {
                case let .text(s): object[key] = s
                case let .number(v, _): object[key] = v.isFinite ? v : NSNull()
                case let .interval(lo, hi, _): object[key] = [lo, hi]
                case .empty: object[key] = NSNull()
                }
            }
            return object
        }
        let data = (try? JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
