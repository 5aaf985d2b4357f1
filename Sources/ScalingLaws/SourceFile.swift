import Foundation

/// The name of a file runs were read from, as a 4-byte index into one table of names for the
/// process (each name stored once, never removed: a process reads a few thousand files at
/// most). A `Run` stores this, not the name: copying a `String` with heap storage costs an
/// atomic retain and release, and the two threads reading one file did both on the same name
/// for every run (its reference count's cache line went back and forth between the cores).
/// Two `SourceFile`s are equal exactly when their names are, byte for byte.
struct SourceFile: Sendable, Hashable {
    let index: UInt32

    /// The entry of `name`, added to the table if new. Takes a lock: called once per file by
    /// the readers, and once per run only when a run is built from a `SourceLocation`.
    init(_ name: String) { index = Self.table.index(of: name) }

    /// The name (takes a lock: for messages and per-file grouping, not per-run work).
    var name: String { Self.table.name(at: index) }

    private static let table = Table()

    private final class Table: @unchecked Sendable {  // `names` and `indices` guarded by `lock`
        private var names: [String] = ["-"]
        /// Keyed by the bytes: two spellings String's == calls equal (é composed or not) stay two files.
        private var indices: [[UInt8]: UInt32] = [Array("-".utf8): 0]
        private let lock = NSLock()

        func index(of name: String) -> UInt32 {
            lock.lock(); defer { lock.unlock() }
            let key = Array(name.utf8)
            if let known = indices[key] { return known }
            precondition(names.count < Int(UInt32.max), "more file names than a run can index")
            let index = UInt32(names.count)
            names.append(name)
            indices[key] = index
            return index
        }

        func name(at index: UInt32) -> String {
            lock.lock(); defer { lock.unlock() }
            return names[Int(index)]
        }
    }
}
