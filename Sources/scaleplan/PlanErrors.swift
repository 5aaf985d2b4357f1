import ArgumentParser
import Foundation

/// Runs a command body; a library error is printed as `scaleplan: <message>` on stderr and
/// the process exits with status 1 (status 2 for a wrong combination of options).
func reportingPlanErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ValidationError {
        FileHandle.standardError.write(Data("scaleplan: \(error.message)\n".utf8))
        throw ExitCode(2)
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("scaleplan: \(error)\n".utf8))
        throw ExitCode(1)
    }
}
