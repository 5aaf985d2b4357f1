import Foundation

/// A one-line progress counter on stderr, shown only when stderr is a terminal (scripts and
/// CI see nothing).
final class ProgressLine: @unchecked Sendable {
    private let label: String
    private let enabled = isatty(2) == 1
    private let lock = NSLock()
    private var shown = false

    init(label: String) { self.label = label }

    var callback: @Sendable (Int, Int) -> Void {
        { [self] done, total in self.update(done, total) }
    }

    func update(_ done: Int, _ total: Int) {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        shown = true
        FileHandle.standardError.write(Data("\r\(label): \(done)/\(total)".utf8))
    }

    func finish() {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)); shown = false }
    }
}
