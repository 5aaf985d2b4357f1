import ArgumentParser
import Foundation
import ScalingLaws

// TEMPORARY minimal reader, replaced by the full run-file reader at merge.
struct RunInputOptions: ParsableArguments {
    @Option(help: "Drop runs whose loss is above this value.")
    var excludeLossAbove: Double?

    struct Loaded {
        var runs: [Run]
        var read: Int
        var excluded: Int
        var exclusionReasons: [String]
        var notes: [String]
        var groups: [(String, [Run])]
    }

    func load(_ files: [String]) throws -> Loaded {
        var runs: [Run] = []
        for file in files {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let lines = text.split(whereSeparator: \.isNewline)
            let header = lines[0].split(separator: ",").map { String($0) }
            let ni = header.firstIndex { ["Model Size", "params", "N"].contains($0) }!
            let ci = header.firstIndex { ["Training FLOP", "flops", "C"].contains($0) }
            let ti = header.firstIndex { ["tokens", "D"].contains($0) }
            let li = header.firstIndex { ["loss"].contains($0) }!
            for (k, line) in lines.dropFirst().enumerated() {
                let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                let n = Double(f[ni])!
                let c = ci.map { Double(f[$0])! }
                let d = ti.map { Double(f[$0])! } ?? c! / (6 * n)
                runs.append(Run(params: n, tokens: d, flops: c ?? 6 * n * d, loss: Double(f[li])!,
                                source: SourceLocation(file: file, line: k + 2)))
            }
        }
        let read = runs.count
        var reasons: [String] = []
        if let cut = excludeLossAbove {
            runs = runs.filter { $0.loss <= cut }
            if read > runs.count { reasons.append("loss > \(cut)") }
        }
        return Loaded(runs: runs, read: read, excluded: read - runs.count, exclusionReasons: reasons, notes: [], groups: [("", runs)])
    }
}
