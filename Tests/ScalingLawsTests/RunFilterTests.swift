import Testing
@testable import ScalingLaws

@Suite struct RunFilterTests {
    let log: RunLog

    init() throws {
        log = try readRuns("""
            N,D,loss,dataset,M
            1e8,2e9,3.5,c4,20
            5e8,1e10,3.0,rpj,20
            1e9,2e12,2.6,c4,2000
            3e9,6e10,2.8,rw,20
            """)
    }

    func kept(_ expressions: [String]) throws -> [Int] {
        try log.filtered(by: expressions.map { try RunFilter(parsing: $0) }).log.runs.map(\.source.line)
    }

    /// A filter that keeps every run leaves them where they are; one that drops some keeps the
    /// rest in order, the first dropped run anywhere (first, middle, last).
    @Test func keepingEveryRunCopiesNothing() throws {
        let (all, outcomes) = try log.filtered(by: [RunFilter(parsing: "loss<10"), RunFilter(parsing: "params>0")])
        #expect(outcomes.map(\.excluded) == [0, 0])
        #expect(all.runs == log.runs)
        let same = all.runs.withUnsafeBufferPointer { a in log.runs.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
        #expect(same)
        #expect(try kept(["loss<3.5"]) == [3, 4, 5])
        #expect(try kept(["dataset!=rpj", "loss>2.6"]) == [2, 5])
        #expect(try kept(["loss>2.8"]) == [2, 3])
        #expect(try log.filtered(by: [RunFilter(parsing: "loss>2.8")]).outcomes.map(\.excluded) == [2])
    }

    @Test func tagEquality() throws {
        #expect(try kept(["dataset=c4"]) == [2, 4])
        #expect(try kept(["dataset==c4"]) == [2, 4])
        #expect(try kept(["dataset!=rpj"]) == [2, 4, 5])
        #expect(try kept([" dataset = rw "]) == [5])
    }

    @Test func quantitiesWithSuffixes() throws {
        #expect(try kept(["params>=5e8"]) == [3, 4, 5])
        #expect(try kept(["N>500M"]) == [4, 5])
        #expect(try kept(["tokens<=1T"]) == [2, 3, 5])
        #expect(try kept(["loss<3.0"]) == [4, 5])
        #expect(try kept(["flops<1e19"]) == [2])   // 6·1e8·2e9 = 1.2e18; next is 3e19
        #expect(try kept(["params<1B", "dataset=c4"]) == [2])
    }

    @Test func numericTagsCompareAsNumbers() throws {
        #expect(try kept(["M>100"]) == [4])
    }

    @Test func excludedCountsPerFilter() throws {
        let filters = [try RunFilter(parsing: "dataset!=rw"), RunFilter.excludingLoss(above: 3.41)]
        let (filtered, outcomes) = try log.filtered(by: filters)
        #expect(filtered.runs.count == 2)
        #expect(outcomes.map(\.excluded) == [1, 1])
        #expect(outcomes.map(\.description) == ["1 run excluded by --where dataset!=rw",
                                                 "1 run excluded by --exclude-loss-above 3.41"])
    }

    @Test func errors() throws {
        #expect(throws: RunFilterError.malformed("dataset")) { try RunFilter(parsing: "dataset") }
        #expect(throws: RunFilterError.malformed("=c4")) { try RunFilter(parsing: "=c4") }
        #expect(throws: RunFilterError.notANumber("params>=big", .notANumber("big"))) { try RunFilter(parsing: "params>=big") }
        #expect(throws: RunFilterError.self) { try kept(["datset=c4"]) }
        #expect(throws: RunFilterError.orderingNeedsNumber("--where dataset<c4")) { try kept(["dataset<c4"]) }
        do { _ = try kept(["datset=c4"]) } catch {
            #expect("\(error)" == "--where datset=c4: no run has a column 'datset' (columns: M, dataset)")
        }
        do { _ = try kept(["dataset>3"]) } catch {
            #expect("\(error)" == "--where dataset>3: runs.csv:2 has 'c4', not a number to compare")
        }
    }
}

@Suite struct RunGroupingTests {
    @Test func groupsInOrderOfFirstAppearance() throws {
        let log = try readRuns("N,D,loss,dataset\n1,1,3,rpj\n2,2,3,c4\n3,3,3,rpj\n4,4,3,\n5,5,3,c4\n")
        let groups = try log.grouped(by: "dataset")
        #expect(groups.map(\.value) == ["rpj", "c4", ""])
        #expect(groups.map { $0.runs.map(\.params) } == [[1, 3], [2, 5], [4]])
    }

    @Test func unknownTag() throws {
        let log = try readRuns("N,D,loss,dataset\n1,1,3,rpj\n")
        #expect(throws: RunFilterError.unknownColumn("--group data", column: "data", found: ["dataset"])) {
            try log.grouped(by: "data")
        }
    }
}
