extension Array where Element == Run {
    /// The runs of each file they were read from, files in order of their first run, runs in
    /// their order here. Grouped by the index each run stores (`SourceFile`), so no name is
    /// looked up per run: a tracker's log has a run per checkpoint.
    public func groupedByFile() -> [(file: String, runs: [Run])] {
        var order: [SourceFile] = []
        var byFile: [SourceFile: [Run]] = [:]
        for run in self {
            if byFile[run.sourceFile] == nil { order.append(run.sourceFile) }
            byFile[run.sourceFile, default: []].append(run)
        }
        return order.map { ($0.name, byFile[$0]!) }
    }
}
