import Dispatch

/// Calls `body` with 0..<count, on every core (`DispatchQueue.concurrentPerform`); a single
/// item runs on the calling thread, so a short sweep starts no worker threads.
public func performConcurrently(_ count: Int, _ body: @Sendable (Int) -> Void) {
    if count == 1 { body(0); return }
    DispatchQueue.concurrentPerform(iterations: count, execute: body)
}
