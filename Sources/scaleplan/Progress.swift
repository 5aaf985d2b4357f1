import Foundation

/// A one-line progress bar on standard error for long work (bootstrap resampling, big
/// sweeps). It draws only when standard error is a terminal (`isatty(2)`), so pipes, files
/// and CI logs stay clean; the library reports progress through a `(done, total)` callback
/// and never prints.
///
///     let progress = Progress("bootstrap")
///     let result = try fitter.fit(problem, progress: progress.callback)
///     progress.finish()
final class Progress: @unchecked Sendable {  // mutable state guarded by `lock`
    /// What the counts are: items (`450/1000`) or bytes (`30.0/59.9 MB`).
    enum Unit: Sendable { case items, bytes }

    /// Whether standard error is a terminal.
    static var isTerminal: Bool { isatty(2) == 1 }

    private let label: String
    private let isEnabled: Bool
    private let unit: Unit
    /// Nothing is drawn before this moment: work that ends sooner shows no bar at all.
    private let showFrom: Date
    private let write: @Sendable (String) -> Void
    private let lock = NSLock()
    private var lastShown = -1
    private var isVisible = false
    /// The phase on the line, for work in phases (`update(phase:_:of:)`).
    private var shownPhase: String? = nil

    /// - Parameters:
    ///   - isTerminal: whether to draw at all; by default, whether stderr is a terminal.
    ///   - write: where the bar goes; by default, stderr.
    ///   - unit: what the counts are.
    ///   - delay: seconds to wait before the first draw (work shorter than that stays silent).
    init(_ label: String, isTerminal: Bool = isatty(2) == 1, unit: Unit = .items, delay: TimeInterval = 0,
         write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.label = label
        self.isEnabled = isTerminal
        self.unit = unit
        self.showFrom = Date().addingTimeInterval(delay)
        self.write = write
    }

    /// The callback to hand to the library.
    var callback: @Sendable (Int, Int) -> Void {
        { [self] done, total in update(done, of: total) }
    }

    /// Redraws the bar when the shown percentage changes (at most 101 redraws however many
    /// calls), so a tight loop does not flood the terminal. Safe to call from any thread.
    func update(_ done: Int, of total: Int) {
        guard isEnabled, total > 0, showFrom <= Date() else { return }
        let percent = min(100, max(0, done * 100 / total))
        lock.lock()
        defer { lock.unlock() }
        guard percent != lastShown else { return }
        lastShown = percent
        isVisible = true
        write("\r" + Self.line(label: label, done: min(done, total), total: total, unit: unit))
    }

    /// Draws the progress of one phase of work done in phases (a fit's grid, search, polish and
    /// bootstrap), the phase's name as the label: a new phase replaces the line. A total of 0
    /// (not known ahead) shows the count alone, `polish (step 3)`. Redraws when the phase or
    /// its percentage (its count, without a total) changes.
    func update(phase: String, _ done: Int, of total: Int) {
        guard isEnabled, showFrom <= Date() else { return }
        let shown = total > 0 ? min(100, max(0, done * 100 / total)) : done
        lock.lock()
        defer { lock.unlock() }
        guard phase != shownPhase || shown != lastShown else { return }
        shownPhase = phase
        lastShown = shown
        isVisible = true
        let text = total > 0 ? Self.line(label: phase, done: min(done, total), total: total, unit: unit) : "\(phase) (step \(done))"
        write("\r\u{1B}[2K" + text)
    }

    /// Clears the bar's line, so what is printed next starts on a clean line.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        guard isEnabled, isVisible else { return }
        write("\r\u{1B}[2K")
        isVisible = false
        shownPhase = nil
        lastShown = -1
    }

    /// `bootstrap [#########...........]  45% (450/1000)`, `width` characters of bar.
    static func line(label: String, done: Int, total: Int, width: Int = 30, unit: Unit = .items) -> String {
        let fraction = total > 0 ? Double(max(0, min(done, total))) / Double(total) : 0
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let percent = String(Int((fraction * 100).rounded(.down)))
        let counts: String
        switch unit {
        case .items: counts = "\(done)/\(total)"
        case .bytes: counts = String(format: "%.1f/%.1f MB", Double(done) / 1e6, Double(total) / 1e6)
        }
        return "\(label) [\(bar)] " + String(repeating: " ", count: 3 - percent.count) + percent + "% (\(counts))"
    }
}
