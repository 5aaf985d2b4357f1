/// How many runs one filter excluded (counted after the filters before it).
public struct FilterOutcome: Sendable, Equatable, CustomStringConvertible {
    public var filter: RunFilter
    public var excluded: Int

    /// `5 runs excluded by --exclude-loss-above 3.41`.
    public var description: String {
        "\(excluded) run\(excluded == 1 ? "" : "s") excluded by \(filter.origin)"
    }
}

/// Runs sharing one value of a tag (`--group dataset`).
public struct RunGroup: Sendable {
    /// The tag's value; empty for runs without it.
    public var value: String
    public var runs: [Run]
}

extension RunLog {
    /// The names of all tags the runs carry, sorted.
    public var tagNames: [String] {
        Set(runs.lazy.flatMap(\.tags.keys)).sorted()
    }

    /// The log with only the runs every filter keeps, and per filter how many it excluded.
    /// A filter on a tag that no run has is an error (a typo would otherwise exclude all).
    /// The warnings stay those of the runs as read (a duplicate among excluded runs is still
    /// worth saying); without filters, or when they keep every run, the log's runs are the
    /// same storage (no copy).
    public func filtered(by filters: [RunFilter]) throws(RunFilterError) -> (log: RunLog, outcomes: [FilterOutcome]) {
        guard !filters.isEmpty else { return (self, []) }
        var kept = runs
        var outcomes: [FilterOutcome] = []
        // Tag names are collected only when a filter needs them (a million runs' tags add up).
        let names = filters.contains { if case .tag = $0.subject { return true } else { return false } } ? Set(tagNames) : []
        for filter in filters {
            if case let .tag(name) = filter.subject, !names.contains(name) {
                throw .unknownColumn(filter.origin, column: name, found: names.sorted())
            }
            // The runs are copied only from the first one the filter drops: a filter that keeps
            // every run (a loss limit above all losses) leaves the million runs where they are.
            var next: [Run] = []
            var dropped = false
            for i in kept.indices {
                if try filter.matches(kept[i]) {
                    if dropped { next.append(kept[i]) }
                } else if !dropped {
                    dropped = true
                    next.reserveCapacity(kept.count - 1)
                    next.append(contentsOf: kept[..<i])
                }
            }
            outcomes.append(FilterOutcome(filter: filter, excluded: dropped ? kept.count - next.count : 0))
            if dropped { kept = next }
        }
        var log = self
        log.runs = kept
        return (log, outcomes)
    }

    /// The runs grouped by the value of tag `name`, groups in order of first appearance and
    /// runs in file order within each.
    public func grouped(by name: String) throws(RunFilterError) -> [RunGroup] {
        guard tagNames.contains(name) else {
            throw .unknownColumn("--group \(name)", column: name, found: tagNames)
        }
        var order: [String] = []
        var members: [String: [Run]] = [:]
        for run in runs {
            let value = run.tags[name] ?? ""
            if members[value] == nil { order.append(value) }
            members[value, default: []].append(run)
        }
        return order.map { RunGroup(value: $0, runs: members[$0]!) }
    }
}
