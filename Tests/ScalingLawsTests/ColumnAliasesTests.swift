import Testing
@testable import ScalingLaws

@Suite struct ColumnAliasesTests {
    @Test(arguments: ["params", "N", "n", "n_params", "parameters", "model_size", "Model Size", "num_params", "PARAMS", "model-size"])
    func paramsAliases(alias: String) throws {
        let run = try readRuns("\(alias),tokens,loss\n100,200,3.5\n").runs[0]
        #expect(run.params == 100)
        #expect(run.flops == 6 * 100 * 200)   // C = 6·N·D
    }

    @Test(arguments: ["tokens", "D", "d", "t", "T", "n_tokens", "training_tokens", "data", "dataset_size"])
    func tokensAliases(alias: String) throws {
        let run = try readRuns("params,\(alias),loss\n100,200,3.5\n").runs[0]
        #expect(run.tokens == 200)
    }

    @Test(arguments: ["flops", "C", "c", "compute", "Training FLOP", "training_flops"])
    func flopsAliases(alias: String) throws {
        let run = try readRuns("params,\(alias),loss\n100,1.2e6,3.5\n").runs[0]
        #expect(run.flops == 1.2e6)
        #expect(run.tokens == 1.2e6 / 600)   // D = C/(6N)
        #expect(run.derived == .tokens)
    }

    @Test(arguments: ["loss", "L", "l", "final_loss", "Final Loss"])
    func lossAliases(alias: String) throws {
        #expect(try readRuns("params,tokens,\(alias)\n100,200,3.5\n").runs[0].loss == 3.5)
    }

    @Test(arguments: ["unique_tokens", "U", "u", "Unique Tokens"])
    func uniqueTokensAliases(alias: String) throws {
        #expect(try readRuns("params,tokens,loss,\(alias)\n100,200,3.5,50\n").runs[0].uniqueTokens == 50)
    }

    @Test func validationLossIsNotAnAlias() {
        #expect(readError("params,tokens,val_loss,train_loss\n1,2,3,4\n") == """
            runs.csv: missing column 'loss'; columns found: params, tokens, val_loss, train_loss. \
            Map a column with --column loss=val_loss (candidates: val_loss, train_loss)
            """)
    }

    @Test func userMappingOverridesAliases() throws {
        let run = try readRuns("params,tokens,loss,val_loss\n100,200,3.5,3.2\n", columns: ["loss=val_loss"]).runs[0]
        #expect(run.loss == 3.2)
        #expect(run.tags == ["loss": "3.5"])   // the aliased column, no longer used, is kept as a tag
    }

    @Test func userMappingToAnyColumnName() throws {
        let log = try readRuns("size,seen,eval\n7B,1.4T,2.1\n", columns: ["params=size", "tokens=seen", "loss=eval"])
        #expect(log.runs[0].params == 7e9)
        #expect(log.runs[0].tokens == 1.4e12)
    }

    @Test func mappingToAMissingColumn() {
        #expect(readError("params,tokens,loss\n1,2,3\n", columns: ["loss=val_loss"])
            == "runs.csv: --column loss=val_loss: there is no column 'val_loss' (columns found: params, tokens, loss)")
    }

    @Test func twoAliasesOfOneQuantity() {
        #expect(readError("N,params,tokens,loss\n1,1,2,3\n")
            == "runs.csv: columns 'N' and 'params' both stand for params: choose one with --column params=N")
    }

    @Test func resolvingAmbiguityWithAMapping() throws {
        let run = try readRuns("N,params,tokens,loss\n1,5,2,3\n", columns: ["params=params"]).runs[0]
        #expect(run.params == 5)
        #expect(run.tags == ["N": "1"])
    }

    @Test func fewerThanTwoOfParamsTokensFlops() {
        #expect(readError("params,loss,dataset\n1,3,c4\n") == """
            runs.csv: missing columns 'tokens', 'flops' (a run needs loss and two of params, tokens, flops; \
            the third is 6·N·D); columns found: params, loss, dataset. Map a column with --column tokens=COLUMN, \
            or give a value the whole file shares with --file-values; a law in params alone needs only that column \
            (--form power-law --against params)
            """)
    }

    @Test func extraColumnsAreTags() throws {
        let run = try readRuns("run,params,tokens,loss,dataset\nr1,100,200,3.5, c4 \n").runs[0]
        #expect(run.tags == ["run": "r1", "dataset": "c4"])
    }

    @Test func mappingArguments() throws {
        #expect(try ColumnMapping(parsing: ["loss=val_loss", "params = N"]).overrides == [.loss: "val_loss", .params: "N"])
        #expect(throws: ColumnMappingError.malformed("loss")) { try ColumnMapping(parsing: ["loss"]) }
        #expect(throws: ColumnMappingError.malformed("size=N")) { try ColumnMapping(parsing: ["size=N"]) }
        #expect(throws: ColumnMappingError.conflicting(.loss, "a", "b")) { try ColumnMapping(parsing: ["loss=a", "loss=b"]) }
        #expect(ColumnMappingError.malformed("size=N").description
            == "--column 'size=N': expected QUANTITY=COLUMN with QUANTITY one of params, tokens, flops, loss, unique_tokens (e.g. --column loss=val_loss)")
    }
}
