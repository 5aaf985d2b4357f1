import Testing
@testable import ScalingLaws

/// Any two of params, tokens and flops give the third by C = 6·N·D (Kaplan et al. 2020, §2.1).
@Suite struct DerivedQuantitiesTests {
    @Test func flopsFromParamsAndTokens() throws {
        let run = try readRuns("N,D,loss\n7e9,1.4e12,2\n").runs[0]
        #expect(run.flops == 5.88e22)   // 6 · 7e9 · 1.4e12
        #expect(run.derived == .flops)
    }

    @Test func tokensFromParamsAndFlops() throws {
        let run = try readRuns("N,C,loss\n70B,5.88e23,2\n").runs[0]
        #expect(relativeError(run.tokens, 1.4e12) < 1e-15)   // 5.88e23 / (6 · 7e10)
        #expect(run.derived == .tokens)
    }

    @Test func paramsFromTokensAndFlops() throws {
        let run = try readRuns("D,C,loss\n1.4T,5.88e23,2\n").runs[0]
        #expect(relativeError(run.params, 7e10) < 1e-15)
        #expect(run.derived == .params)
    }

    @Test func allThreeAreKeptAsGiven() throws {
        // 6·N·D = 1.2e19 here; C is 5% above it (inside the 10% tolerance): no warning.
        let log = try readRuns("N,D,C,loss\n1e9,2e9,1.26e19,2\n")
        #expect(log.runs[0].flops == 1.26e19)
        #expect(log.runs[0].derived == nil)
        #expect(log.warnings.isEmpty)
    }

    @Test func flopsFarFromSixNDIsAWarning() throws {
        let log = try readRuns("N,D,C,loss\n1e9,2e9,1.2e19,2\n1e9,2e9,2.4e19,2.1\n")
        #expect(log.warnings == [.flopsDisagree(count: 1, example: SourceLocation(file: "runs.csv", line: 3), ratio: 2)])
        #expect(log.notes == ["warning: 1 run gives flops more than 10% away from 6·N·D (e.g. runs.csv:3: C/(6·N·D) = 2.0); kept as given"])
    }

    @Test func derivationNotes() throws {
        let log = try readRuns("N,C,loss\n1,6,3\n2,24,3\n")
        #expect(log.derivedCounts == [.tokens: 2])
        #expect(log.notes == ["tokens derived as C/(6N) for 2 runs"])
    }

    @Test func duplicateRowsAreKeptWithAWarning() throws {
        let log = try readRuns("N,D,loss,seed\n1,2,3,a\n4,5,6,a\n1,2,3,b\n1,2,3,c\n")
        #expect(log.runs.count == 4)
        #expect(log.warnings == [.duplicateRuns(count: 2, example: SourceLocation(file: "runs.csv", line: 4),
                                                original: SourceLocation(file: "runs.csv", line: 2))])
        #expect(log.warnings[0].description
            == "2 runs repeat an earlier run's params, tokens and loss (e.g. runs.csv:4 repeats runs.csv:2); kept: remove them if they are not replicates")
    }

    @Test func duplicatesAcrossFiles() throws {
        let a = try readRuns("N,D,loss\n1,2,3\n", name: "a.csv")
        let b = try readRuns("N,D,loss\n1,2,3\n", name: "b.csv")
        #expect(a.warnings.isEmpty)
        #expect(RunLog(combining: [a, b]).warnings.count == 1)
    }
}
