import Foundation
import Testing
@testable import scaleplan

/// The progress bar draws only on a terminal, redraws only when the percentage changes, and
/// clears its line when done. Expected lines are written out by hand.
@Suite struct ProgressTests {
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var _writes: [String] = []
        var writes: [String] { lock.lock(); defer { lock.unlock() }; return _writes }
        func append(_ s: String) { lock.lock(); _writes.append(s); lock.unlock() }
    }

    @Test func lineLayout() {
        #expect(Progress.line(label: "bootstrap", done: 450, total: 1000, width: 20)
                == "bootstrap [#########...........]  45% (450/1000)")
        #expect(Progress.line(label: "sweep", done: 3, total: 3, width: 4) == "sweep [####] 100% (3/3)")
        #expect(Progress.line(label: "x", done: 0, total: 0, width: 2) == "x [..]   0% (0/0)")
    }

    @Test func bytesAreShownInMegabytes() {
        #expect(Progress.line(label: "reading", done: 31_400_000, total: 62_816_005, width: 10, unit: .bytes)
                == "reading [####......]  49% (31.4/62.8 MB)")
    }

    /// Work shorter than the delay draws nothing at all (not even the clearing).
    @Test func silentBeforeTheDelay() {
        let recorder = Recorder()
        let progress = Progress("reading", isTerminal: true, delay: 60, write: recorder.append)
        for i in 0...100 { progress.update(i, of: 100) }
        progress.finish()
        #expect(recorder.writes.isEmpty)
    }

    @Test func silentWhenNotATerminal() {
        let recorder = Recorder()
        let progress = Progress("bootstrap", isTerminal: false, write: recorder.append)
        for i in 0...100 { progress.callback(i, 100) }
        progress.finish()
        #expect(recorder.writes.isEmpty)
    }

    @Test func redrawsOnlyWhenThePercentageMoves() {
        let recorder = Recorder()
        let progress = Progress("bootstrap", isTerminal: true, write: recorder.append)
        for i in 0...10_000 { progress.update(i, of: 10_000) }
        progress.finish()
        // 0%, 1%, …, 100%: 101 redraws, then one clear.
        #expect(recorder.writes.count == 102)
        #expect(recorder.writes.first?.hasPrefix("\rbootstrap [") == true)
        #expect(recorder.writes.dropLast().last?.hasSuffix("100% (10000/10000)") == true)
        #expect(recorder.writes.last == "\r\u{1B}[2K")
    }

    /// Work in phases (a fit's): a new phase replaces the line (cleared first), a phase without
    /// a total shows its count, and each redraws only when its percentage or count moves.
    @Test func phasesReplaceTheLine() {
        let recorder = Recorder()
        let progress = Progress("fit", isTerminal: true, write: recorder.append)
        progress.update(phase: "grid", 0, of: 4)
        progress.update(phase: "grid", 0, of: 4)
        progress.update(phase: "search", 1, of: 2)
        progress.update(phase: "polish", 1, of: 0)
        progress.update(phase: "polish", 1, of: 0)
        progress.update(phase: "polish", 2, of: 0)
        progress.finish()
        #expect(recorder.writes == [
            "\r\u{1B}[2Kgrid [..............................]   0% (0/4)",
            "\r\u{1B}[2Ksearch [###############...............]  50% (1/2)",
            "\r\u{1B}[2Kpolish (step 1)",
            "\r\u{1B}[2Kpolish (step 2)",
            "\r\u{1B}[2K",
        ])
    }

    @Test func phasesAreSilentWhenNotATerminal() {
        let recorder = Recorder()
        let progress = Progress("fit", isTerminal: false, write: recorder.append)
        progress.update(phase: "grid", 0, of: 4)
        progress.update(phase: "bootstrap", 3, of: 10)
        progress.finish()
        #expect(recorder.writes.isEmpty)
    }
}
