import Foundation
import Testing

/// Small parts of fit's contract: an IsoFLOP fit's `compute_optimal` and residual summary, the
/// forms `fit --help` lists, and refusals that name the files.
@Suite struct FitContractTests {
    /// Least squares of y on (1, u, u²) by the normal equations, solved by Gaussian elimination.
    static func parabola(_ u: [Double], _ y: [Double]) -> [Double] {
        var m = [[Double]](repeating: [Double](repeating: 0, count: 4), count: 3)
        for (ui, yi) in zip(u, y) {
            let basis = [1, ui, ui * ui]
            for r in 0..<3 {
                for c in 0..<3 { m[r][c] += basis[r] * basis[c] }
                m[r][3] += basis[r] * yi
            }
        }
        for p in 0..<3 {
            for r in (p + 1)..<3 {
                let f = m[r][p] / m[p][p]
                for c in p..<4 { m[r][c] -= f * m[p][c] }
            }
        }
        var x = [0.0, 0, 0]
        for r in stride(from: 2, through: 0, by: -1) {
            x[r] = (m[r][3] - ((r + 1)..<3).reduce(0) { $0 + m[r][$1] * x[$1] }) / m[r][r]
        }
        return x
    }

    /// Hoffmann et al.'s approach 2 worked independently on the example sweep (whole profiles:
    /// 7 budgets × 9 sizes, every run of a budget at exactly its compute): per budget the
    /// vertex of the parabola of loss in log N, then ordinary least squares of log N* on log C.
    static func referenceLine() throws -> (a: Double, intercept: Double, residuals: [Double]) {
        let text = try String(contentsOf: CLIHarness.repositoryRoot.appendingPathComponent("data/example-sweep.csv"), encoding: .utf8)
        let rows = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map { Double($0)! } }
        var budgets: [Double: [[Double]]] = [:]
        for row in rows { budgets[row[2], default: []].append(row) }
        #expect(budgets.count == 7)
        var points: [(x: Double, y: Double)] = []
        for (c, runs) in budgets.sorted(by: { $0.key < $1.key }) {
            let x = runs.map { log($0[0]) }
            let mean = x.reduce(0, +) / Double(x.count)
            let coefficients = parabola(x.map { $0 - mean }, runs.map { $0[3] })
            points.append((log(c), mean - coefficients[1] / (2 * coefficients[2])))
        }
        let n = Double(points.count)
        let mx = points.reduce(0) { $0 + $1.x } / n, my = points.reduce(0) { $0 + $1.y } / n
        let a = points.reduce(0) { $0 + ($1.x - mx) * ($1.y - my) } / points.reduce(0) { $0 + ($1.x - mx) * ($1.x - mx) }
        let intercept = my - a * mx
        return (a, intercept, points.map { intercept + a * $0.x - $0.y })
    }

    static func relative(_ a: Double?, _ b: Double) -> Double { abs((a ?? .nan) - b) / abs(b) }

    @Test("fit --form isoflop: compute_optimal and the residual summary, from the per-budget minima regressed here")
    func isoflopComputeOptimalAndResiduals() throws {
        let reference = try Self.referenceLine()
        let scratch = Scratch()
        defer { withExtendedLifetime(scratch) {} }
        let law = scratch.path("iso.json")
        let r = try CLIHarness.run(["fit", "data/example-sweep.csv", "--form", "isoflop", "--isoflop-window", "0",
                                    "--bootstrap", "40", "--seed", "5", "--save", law, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try jsonObject(r.stdout)
        #expect((o["isoflop_minima"] as? [Any])?.count == 7)
        let co = try #require(o["compute_optimal"] as? [String: Any])
        let a = reference.a
        #expect(Self.relative(co["params_exponent"] as? Double, a) < 1e-9)
        #expect(Self.relative(co["tokens_exponent"] as? Double, 1 - a) < 1e-9)
        // N* = k·C^a = G·(C/6)^a.
        let g = exp(reference.intercept) * pow(6, a)
        #expect(Self.relative(co["G"] as? Double, g) < 1e-8)
        let budget = try #require((co["budgets"] as? [[String: Any]])?.first)
        let n = g * pow(1e21 / 6, a)
        #expect(budget["flops"] as? Double == 1e21)
        #expect(Self.relative(budget["tokens_per_param"] as? Double, 1e21 / (6 * n) / n) < 1e-8)

        // Intervals: type-7 percentiles of the bootstrap samples' a (and 1 − a).
        let samples = try #require(try jsonObject(String(contentsOfFile: law, encoding: .utf8))["samples"] as? [[String: Double]])
        let draws = samples.map { $0["a"]! }.sorted()
        func quantile(_ values: [Double], _ q: Double) -> Double {
            let h = Double(values.count - 1) * q, lo = Int(h)
            return values[lo] + (h - Double(lo)) * (values[min(lo + 1, values.count - 1)] - values[lo])
        }
        let ai = try #require(co["params_exponent_interval"] as? [Double])
        #expect(abs(ai[0] - quantile(draws, 0.05)) < 1e-12 && abs(ai[1] - quantile(draws, 0.95)) < 1e-12)
        let bi = try #require(co["tokens_exponent_interval"] as? [Double])
        let bDraws = draws.map { 1 - $0 }.sorted()
        #expect(abs(bi[0] - quantile(bDraws, 0.05)) < 1e-12 && abs(bi[1] - quantile(bDraws, 0.95)) < 1e-12)

        // The residuals of log N* about the line.
        let summary = try #require((o["diagnostics"] as? [String: Any])?["residuals"] as? [String: Any])
        let absolute = reference.residuals.map(abs).sorted()
        #expect(summary["count"] as? Int == 7)
        #expect(Self.relative(summary["max_abs"] as? Double, absolute.last!) < 1e-7)
        #expect(Self.relative(summary["mean_abs"] as? Double, absolute.reduce(0, +) / 7) < 1e-7)
        #expect(Self.relative(summary["median_abs"] as? Double, absolute[3]) < 1e-7)
        let rms = (reference.residuals.reduce(0) { $0 + $1 * $1 } / 7).squareRoot()
        #expect(Self.relative(summary["rms"] as? Double, rms) < 1e-7)
        #expect(absolute.last! > 0)
    }

    @Test("fit --help describes every form")
    func helpListsEveryForm() throws {
        let r = try CLIHarness.run(["fit", "--help"])
        #expect(r.status == 0)
        // The option's own description, before the parser's "(values: ...)" list.
        let text = r.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let start = try #require(text.range(of: "--form <form>"))
        let end = try #require(text.range(of: "(values:", range: start.upperBound..<text.endIndex))
        let description = text[start.upperBound..<end.lowerBound]
        for form in ["chinchilla", "power-law", "isoflop", "kaplan", "data-constrained"] {
            #expect(description.contains(form), "--form's help lacks \(form): \(description)")
        }
    }

    @Test("a refusal of the whole set of runs names the files they came from")
    func refusalsNameTheFiles() throws {
        let scratch = Scratch()
        defer { withExtendedLifetime(scratch) {} }
        let single = scratch.file("single.csv", "params,tokens,loss\n" + (1...8).map { "1e8,\(Double($0) * 1e9),\(3.5 - 0.1 * Double($0))" }.joined(separator: "\n"))
        var r = try CLIHarness.run(["fit", single])
        #expect(r.status == 1 && r.stderr.hasPrefix("scaleplan: \(single): ") && r.stderr.contains("same model size"), "\(r.stderr)")
        let flat = scratch.file("flat.csv", "params,tokens,loss\n" + (1...4).map { "\(Double($0) * 1e8),\(Double(9 - $0) * 1e9),2.5" }.joined(separator: "\n"))
        let flat2 = scratch.file("flat2.csv", "params,tokens,loss\n" + (5...8).map { "\(Double($0) * 1e8),\(Double(9 - $0) * 1e9),2.5" }.joined(separator: "\n"))
        r = try CLIHarness.run(["fit", flat, flat2])
        #expect(r.status == 1 && r.stderr.hasPrefix("scaleplan: \(flat), \(flat2): ") && r.stderr.contains("same loss"), "\(r.stderr)")
        // With --group, the group and the files of its runs.
        let grouped = scratch.file("grouped.csv", "params,tokens,loss,g\n1e8,1e9,3.0,a\n2e8,2e9,2.0,a\n")
        r = try CLIHarness.run(["fit", grouped, "--group", "g"])
        #expect(r.status == 1 && r.stderr.hasPrefix("scaleplan: \(grouped), group 'a': ") && r.stderr.contains("at least 6 runs"), "\(r.stderr)")
    }
}
