import Foundation

extension RunFileReader {
    /// Bytes read from a file at a time: memory goes with this and with the runs kept, not
    /// with the file.
    static let blockSize = 1 << 21
    /// Below this many bytes a block is read on one core (splitting costs more than it gives).
    static let parallelThreshold = 1 << 19

    /// Reads a CSV or TSV file by `DelimitedScanner`, block by block, the two halves of a
    /// block on both cores. Returns nil when the file is not for it — JSON Lines, a double
    /// quote or a byte beyond ASCII anywhere, a header of odd whitespace — so the caller
    /// reads it whole by the general path, which then says what it always said.
    /// `progress` gets the bytes read so far.
    func streamDelimited(name: String, format: Format?, fileColumns: [FileValues.Column],
                         expectedBytes: Int? = nil, next: @escaping (inout [UInt8]) -> Bool,
                         progress: ((Int) -> Void)? = nil) throws(RunFileError) -> RunLog? {
        var buffer: [UInt8] = []
        var eof = false
        var checked = 0          // bytes of `buffer` checked for quotes and non-ASCII
        var processed = 0        // bytes of the file before `buffer`
        var scanner: DelimitedScanner? = nil
        var delimiter: UInt8? = format.map { $0 == .tsv ? 0x09 : 0x2C }
        if format == .jsonLines { return nil }
        var line = 1
        var sink = RowSink(skipInvalid: skipInvalid, tail: checkpointTail)
        var pending: RunFileError? = nil   // a row error, thrown once the rest is known to be for this path
        var first = true
        var reserved = false
        // The sink of each block's second half, kept from block to block (its runs' memory
        // is reused, not allocated and faulted in again for every block).
        let secondHalf = SecondHalf(RowSink(skipInvalid: skipInvalid, tail: checkpointTail))
        // The next block, read by the second half's thread once its rows are done (while this
        // one still reads the first half's), after the part of a row this block leaves.
        let readAhead = ReadAhead(next)
        while true {
            if let ahead = readAhead.take() {
                buffer = ahead.buffer
                eof = !ahead.more
            } else if !eof {
                eof = !next(&buffer)
            }
            if first {
                first = false
                if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { buffer.removeFirst(3); processed = 3 }
            }
            let plain = buffer.withUnsafeBytes { Self.isPlainASCII(UnsafeRawBufferPointer(rebasing: $0[checked...])) }
            guard plain else { return nil }
            checked = buffer.count
            if delimiter == nil {
                // No extension said: the first character that is not whitespace decides.
                guard let head = buffer.first(where: { !Self.isASCIIWhitespace($0) }) else {
                    if eof { return nil } else { continue }
                }
                if head == UInt8(ascii: "{") || head == UInt8(ascii: "[") { return nil }
                delimiter = 0x2C
            }
            let cut = eof ? buffer.count : buffer.withUnsafeBytes { Self.lastRowEnd(in: $0) }
            var start = 0
            if pending == nil {
                buffer.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
                  do throws(RunFileError) {
                    var complete = UnsafeRawBufferPointer(rebasing: bytes[..<cut])
                    if scanner == nil {
                        guard let (fields, consumed, lines) = DelimitedScanner.header(in: complete, delimiter: delimiter!, atEnd: eof) else {
                            return
                        }
                        // A header of nothing but whitespace (vertical tabs, form feeds): the general path.
                        guard fields.contains(where: { $0.utf8.contains { !Self.isASCIIWhitespace($0) } }) else { return }
                        scanner = try DelimitedScanner(delimiter: delimiter!, file: name, header: fields, fileColumns: fileColumns,
                                                       mapping: columns, alone: alone, keptTags: keptTags,
                                                       requireLoss: requireLoss)
                        line += lines
                        start = consumed
                        complete = UnsafeRawBufferPointer(rebasing: bytes[consumed..<cut])
                    }
                    line += try rows(complete, scanner: scanner!, firstLine: line, into: &sink, secondHalf: secondHalf,
                                     readAhead: eof ? nil : (readAhead, UnsafeRawBufferPointer(rebasing: bytes[cut...])))
                    start = cut
                  } catch {
                    // Thrown once the rest of the file is known to be for this path (else the
                    // general path may have an earlier word: not UTF-8, say).
                    pending = error
                    start = cut
                  }
                }
                if scanner == nil, pending == nil, eof {
                    // Only blank rows (or an odd header): let the general path tell.
                    return nil
                }
            } else {
                start = cut
            }
            processed += start
            progress?(processed)
            if let expectedBytes, !reserved, sink.tail == nil, !sink.runs.isEmpty, processed > 0 {
                // Room for the whole file's runs at the rate seen so far (no regrowing copies).
                reserved = true
                let estimate = Double(expectedBytes) / Double(processed) * Double(sink.runs.count) * 1.02
                sink.runs.reserveCapacity(Int(min(estimate, 1e9)))
                Self.adviseHugePages(&sink.runs)
            }
            buffer.removeFirst(start)
            checked = buffer.count
            if eof { break }
        }
        if let pending { throw pending }
        return try sink.log(file: name)
    }

    /// Reads `bytes` (complete rows) into `sink`, the halves on both cores when large, and
    /// returns how many lines they span.
    private func rows(_ bytes: UnsafeRawBufferPointer, scanner: DelimitedScanner, firstLine: Int,
                      into sink: inout RowSink, secondHalf: SecondHalf?,
                      readAhead: (ReadAhead, carried: UnsafeRawBufferPointer)? = nil) throws(RunFileError) -> Int {
        guard bytes.count >= Self.parallelThreshold, ProcessInfo.processInfo.activeProcessorCount > 1,
              let mid = bytes[(bytes.count / 2)...].firstIndex(of: 0x0A) else {
            return try scanner.rows(bytes, firstLine: firstLine, into: &sink)
        }
        // The second half, on another thread, counts its lines from 0 and is moved on by the
        // first half's count when taken in (its errors too): the halves need not wait.
        let first = UnsafeRawBufferPointer(rebasing: bytes[...mid])
        let second = SharedBytes(UnsafeRawBufferPointer(rebasing: bytes[(mid + 1)...]))
        let carried = readAhead.map { SharedBytes($0.carried) }
        let ahead = readAhead?.0
        let results = ParallelResults<(Result<Void, RunFileError>, Int)>(count: 1)
        let part = secondHalf ?? SecondHalf(RowSink(skipInvalid: sink.skipInvalid, tail: sink.tail))
        part.sink.clear()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            do throws(RunFileError) {
                let lines = try scanner.rows(second.bytes, firstLine: 0, into: &part.sink)
                results.set(0, (.success(()), lines))
            } catch {
                results.set(0, (.failure(error), 0))
            }
            if let ahead, let carried { ahead.read(after: carried.bytes) }
        }
        let firstLines: Result<Int, RunFileError>
        do throws(RunFileError) {
            firstLines = .success(try scanner.rows(first, firstLine: firstLine, into: &sink))
        } catch {
            firstLines = .failure(error)
        }
        group.wait()
        let linesBefore: Int
        switch firstLines {
        case let .failure(error): throw error
        case let .success(lines): linesBefore = lines
        }
        let (secondResult, secondLines) = results.values[0]!
        switch secondResult {
        case let .failure(error): throw error.shifted(by: firstLine + linesBefore)
        case .success: sink.append(part.sink, lineOffset: firstLine + linesBefore)
        }
        return linesBefore + secondLines
    }

    /// Asks the kernel for 2 MB pages under the runs' reserved memory (Linux, when transparent
    /// huge pages are on "madvise"): a million runs are 64 MB, which in 4 KB pages is 16,000
    /// page faults, a tenth of reading's time. Advice only: nothing changes if it is not taken.
    static func adviseHugePages(_ runs: inout [Run]) {
        #if os(Linux)
        let bytes = runs.capacity * MemoryLayout<Run>.stride
        guard bytes >= 8 << 20 else { return }
        runs.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let huge = 2 << 20
            let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
            let end = (Int(bitPattern: base) + bytes) & ~(huge - 1)
            guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
            _ = madvise(pointer, end - start, MADV_HUGEPAGE)
        }
        #endif
    }

    /// The end of the last complete row in `bytes`: after its last LF, or after a CR that is
    /// not the last byte (a CR at the end may be the first half of a CRLF); 0 when none.
    static func lastRowEnd(in bytes: UnsafeRawBufferPointer) -> Int {
        var i = bytes.count - 1
        while i >= 0 {
            if bytes[i] == 0x0A { return i + 1 }
            if bytes[i] == 0x0D, i < bytes.count - 1 { return i + 1 }
            i -= 1
        }
        return 0
    }

    static func isASCIIWhitespace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    /// Whether `bytes` are all ASCII and none is a double quote: 64 bytes at a time in four
    /// vectors (every block goes through this on one core before its rows are split), then
    /// eight at a time.
    static func isPlainASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let quotes: UInt64 = 0x2222_2222_2222_2222
        var i = 0
        let n = bytes.count
        let quote = SIMD16<UInt8>(repeating: 0x22), high = SIMD16<UInt8>(repeating: 0x80)
        while i + 64 <= n {
            let a = bytes.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            let b = bytes.loadUnaligned(fromByteOffset: i + 16, as: SIMD16<UInt8>.self)
            let c = bytes.loadUnaligned(fromByteOffset: i + 32, as: SIMD16<UInt8>.self)
            let d = bytes.loadUnaligned(fromByteOffset: i + 48, as: SIMD16<UInt8>.self)
            let bad = (a .>= high) .| (a .== quote) .| (b .>= high) .| (b .== quote)
                .| (c .>= high) .| (c .== quote) .| (d .>= high) .| (d .== quote)
            if any(bad) { return false }
            i += 64
        }
        while i + 8 <= n {
            let w = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let q = w ^ quotes
            if ((q &- ones) & ~q & highs) | (w & highs) != 0 { return false }
            i += 8
        }
        while i < n {
            if bytes[i] >= 0x80 || bytes[i] == 0x22 { return false }
            i += 1
        }
        return true
    }
}

/// The sink of a block's second half: filled on another thread while the owner reads the
/// first half, read by the owner only after waiting for it.
final class SecondHalf: @unchecked Sendable {  // used by one thread at a time (DispatchGroup.wait)
    var sink: RowSink
    init(_ sink: RowSink) { self.sink = sink }
}

/// The block after the current one, read on the thread of the current block's second half
/// while the owner reads the first: the owner takes it only after waiting for that thread.
final class ReadAhead: @unchecked Sendable {  // used by one thread at a time (DispatchGroup.wait)
    private let next: (inout [UInt8]) -> Bool
    private var ahead: (buffer: [UInt8], more: Bool)? = nil
    init(_ next: @escaping (inout [UInt8]) -> Bool) { self.next = next }

    /// Reads the next block after `carried` (what the current block leaves of its last row).
    func read(after carried: UnsafeRawBufferPointer) {
        var buffer = [UInt8](carried)
        let more = next(&buffer)
        ahead = (buffer, more)
    }

    /// The block read ahead, if any (once).
    func take() -> (buffer: [UInt8], more: Bool)? {
        defer { ahead = nil }
        return ahead
    }
}

/// Bytes that several threads read (and none writes) while the owner waits for them.
struct SharedBytes: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }
}

extension RunFileReader {
    /// What to read: a file by path, or content already in memory (standard input), with the
    /// columns given for the whole of it (`FileValues`).
    public struct Source: Sendable {
        public enum Origin: Sendable {
            case path(String)
            case data(Data, name: String)
        }
        public var origin: Origin
        public var fileColumns: [FileValues.Column]
        public init(_ origin: Origin, fileColumns: [FileValues.Column] = []) {
            self.origin = origin; self.fileColumns = fileColumns
        }
        var size: Int {
            switch origin {
            case let .path(path): return ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
            case let .data(data, _): return data.count
            }
        }
    }

    /// Reads the sources, several files at once on both cores, and returns their logs in the
    /// order given; the error is the one the first failing source (in that order) gives.
    /// `progress` gets (bytes read, bytes in all) from any thread.
    public func read(_ sources: [Source], progress: (@Sendable (Int, Int) -> Void)? = nil) throws(RunFileError) -> [RunLog] {
        let sizes = sources.map(\.size)
        let total = sizes.reduce(0, +)
        let tally = ProgressTally(total: total, report: progress)
        let results = ParallelResults<Result<RunLog, RunFileError>>(count: sources.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, sources.count))
        let nextIndex = ProgressTally(total: 0, report: nil)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let i = nextIndex.take()
                guard i < sources.count else { return }
                var reported = 0
                let step: (Int) -> Void = { done in tally.add(done - reported); reported = done }
                do throws(RunFileError) {
                    switch sources[i].origin {
                    case let .path(path):
                        results.set(i, .success(try read(path: path, fileColumns: sources[i].fileColumns, progress: step)))
                    case let .data(data, name):
                        results.set(i, .success(try read(data: data, name: name, fileColumns: sources[i].fileColumns)))
                    }
                } catch {
                    results.set(i, .failure(error))
                }
                tally.add(sizes[i] - reported)
            }
        }
        var logs: [RunLog] = []
        logs.reserveCapacity(sources.count)
        for result in results.values {
            switch result! {
            case let .success(log): logs.append(log)
            case let .failure(error): throw error
            }
        }
        return logs
    }
}

/// A count shared by threads: bytes read for progress, or the next file to take.
final class ProgressTally: @unchecked Sendable {  // `done` guarded by `lock`
    private var done = 0
    private let total: Int
    private let report: (@Sendable (Int, Int) -> Void)?
    private let lock = NSLock()
    init(total: Int, report: (@Sendable (Int, Int) -> Void)?) { self.total = total; self.report = report }
    func add(_ amount: Int) {
        lock.lock(); done += amount; let now = done; lock.unlock()
        report?(min(now, total), total)
    }
    /// The count before this call, then one more.
    func take() -> Int { lock.lock(); defer { done += 1; lock.unlock() }; return done }
}
