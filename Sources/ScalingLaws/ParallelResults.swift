import Foundation

/// Results written from several threads, each to its own index (a block of a file, a chunk of
/// a sweep, a block of CSV records), read by the owner once they are all done. Shared by the
/// modules that split work across cores with `DispatchQueue.concurrentPerform`.
public final class ParallelResults<Value>: @unchecked Sendable {  // storage guarded by `lock`
    private var storage: [Value?]
    private let lock = NSLock()
    public init(count: Int) { storage = Array(repeating: nil, count: count) }
    public func set(_ i: Int, _ value: Value) { lock.lock(); storage[i] = value; lock.unlock() }
    public var values: [Value?] { lock.lock(); defer { lock.unlock() }; return storage }
    /// Every index's value, for an owner whose workers set them all.
    public var all: [Value] { values.map { $0! } }
}
