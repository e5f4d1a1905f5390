import HyperTuneCore
import HyperTuneSearchSpace

/// What TPE keeps about one study history between suggestions, folded in incrementally.
///
/// The history of a study only grows (``HyperTuneCore/TrialHistory/lineage``), so each suggestion folds in the
/// trials finished since the last one: it ranks them, inserts them into the rank order, updates the
/// search-space structure, and appends their rows to the cached subspaces. Queries take a prefix
/// length, so a caller holding an older snapshot of the same history gets the answer for its
/// snapshot.
struct TPEHistoryState: HistoryFold {
    let lineage: TrialHistory.Lineage
    let directions: [StudyDirection]
    let groupDecomposition: Bool
    /// History positions folded in.
    private(set) var folded = 0
    /// Ranked trials in finishing order.
    private(set) var entries: [RankedEntry] = []
    /// Entry indices by rank, best first (ties by finishing order).
    private(set) var order: [Int] = []
    /// Entry indices of the ranked trials holding a parameter name, ascending, built on first use
    /// and caught up incrementally (see ``holders(of:history:)``).
    private var holdersByName: [String: (examined: Int, entries: [Int])] = [:]
    /// The parameters every ranked trial holds with the same distribution (`nil` before the first).
    private(set) var intersection: SearchSpace?
    /// Disjoint groups of parameters that always appear together (group decomposition).
    private(set) var groups: [SearchSpace] = []
    /// The group and position within it of each grouped name.
    private var groupOfName: [String: (group: Int, position: Int)] = [:]
    private var groupCounts: [Int] = []
    /// Names seen with two distributions: never modelled jointly in group mode.
    private(set) var conflicted: Set<String> = []
    /// Cached subspace rows, by subspace.
    var subspaces: [SearchSpace: SubspaceRows] = [:]

    init(lineage: TrialHistory.Lineage, directions: [StudyDirection], groupDecomposition: Bool) {
        self.lineage = lineage
        self.directions = directions
        self.groupDecomposition = groupDecomposition
    }

    /// Folds in `history[folded...]` (``HistoryFold``: `newTrials` is always `folded..<history.count`).
    mutating func fold(_ history: TrialHistory, newTrials: Range<Int>) {
        assert(newTrials == folded..<history.count)
        fold(history)
    }

    /// Folds in `history[folded...]`.
    ///
    /// - Complexity: O(k d + k n) for k new trials with d parameters and n ranked trials when k is
    ///   small (each insertion into the rank order is a memory move), O(k d + n + k log k) when
    ///   k is large (sorted, then merged).
    mutating func fold(_ history: TrialHistory) {
        precondition(history.lineage == lineage && history.count >= folded)
        let firstNew = entries.count
        for position in folded..<history.count {
            let trial = history[position]
            guard let key = RankKey.of(trial, directions: directions) else { continue }
            entries.append(RankedEntry(position: position, key: key))
            if groupDecomposition { updateGroups(with: trial) } else { updateIntersection(with: trial) }
        }
        folded = history.count
        let fresh = firstNew..<entries.count
        if fresh.count <= 16 {
            for entryIndex in fresh { insertIntoOrder(entryIndex) }
        } else {
            // Many at once (the first suggestion of a loaded study): sort them, then merge.
            let sorted = fresh.sorted(by: precedes)
            var merged: [Int] = []
            merged.reserveCapacity(order.count + sorted.count)
            var i = 0
            var j = 0
            while i < order.count || j < sorted.count {
                if j == sorted.count || (i < order.count && !precedes(sorted[j], order[i])) {
                    merged.append(order[i])
                    i += 1
                } else {
                    merged.append(sorted[j])
                    j += 1
                }
            }
            order = merged
        }
    }

    /// Whether entry `a` ranks before entry `b`: a better key, or an equal key and an earlier finish.
    private func precedes(_ a: Int, _ b: Int) -> Bool {
        let (keyA, keyB) = (entries[a].key, entries[b].key)
        return keyA < keyB || (!(keyB < keyA) && a < b)
    }

    /// Inserts a new entry (ranked after every entry already there with an equal key).
    ///
    /// - Complexity: O(n): a binary search, then a memory move.
    private mutating func insertIntoOrder(_ entryIndex: Int) {
        let key = entries[entryIndex].key
        order.insert(entryIndex, at: order.partitioningIndex { key < entries[$0].key })
    }

    private mutating func updateIntersection(with trial: TrialRecord) {
        guard let current = intersection else {
            intersection = trial.searchSpace
            return
        }
        var keep = true
        for (index, name) in current.names.enumerated() where trial.parameters[name]?.distribution != current.distributions[index] {
            keep = false
            break
        }
        if !keep { intersection = current.intersection(trial.searchSpace) }
    }

    private mutating func updateGroups(with trial: TrialRecord) {
        // Fast path: every parameter already in a group with the same distribution, and every
        // touched group wholly present.
        if groupCounts.count != groups.count { groupCounts = [Int](repeating: 0, count: groups.count) }
        var needsUpdate = false
        var touchedCount = 0
        for (name, parameter) in trial.parameters where !conflicted.contains(name) {
            guard let (group, position) = groupOfName[name], groups[group].distributions[position] == parameter.distribution else {
                needsUpdate = true
                break
            }
            if groupCounts[group] == 0 { touchedCount += 1 }
            groupCounts[group] += 1
        }
        if !needsUpdate {
            var complete = 0
            for group in groups.indices where groupCounts[group] > 0 {
                if groupCounts[group] == groups[group].count { complete += 1 }
            }
            needsUpdate = complete != touchedCount
        }
        for group in groupCounts.indices { groupCounts[group] = 0 }
        guard needsUpdate else { return }
        let space = trial.searchSpace
        // Names with a new distribution leave the joint model for good.
        for (name, distribution) in space where !conflicted.contains(name) {
            if let (group, position) = groupOfName[name], groups[group].distributions[position] != distribution {
                conflicted.insert(name)
            }
        }
        var present = SearchSpace()
        for (name, distribution) in space where !conflicted.contains(name) { present.set(name, distribution) }
        var updated: [SearchSpace] = []
        var covered = Set<String>()
        for group in groups {
            var inside = SearchSpace()
            var outside = SearchSpace()
            for (name, distribution) in group where !conflicted.contains(name) {
                covered.insert(name)
                if present[name] != nil { inside.set(name, distribution) } else { outside.set(name, distribution) }
            }
            if !inside.isEmpty { updated.append(inside) }
            if !outside.isEmpty { updated.append(outside) }
        }
        var fresh = SearchSpace()
        for (name, distribution) in present where !covered.contains(name) { fresh.set(name, distribution) }
        if !fresh.isEmpty { updated.append(fresh) }
        updated.sort { $0.names[0] < $1.names[0] }
        groups = updated
        groupOfName = [:]
        for (index, group) in groups.enumerated() {
            for (position, name) in group.names.enumerated() { groupOfName[name] = (index, position) }
        }
    }

    // MARK: Queries

    /// The number of ranked trials among the first `prefix` finished ones.
    ///
    /// - Complexity: O(log n).
    func entryCount(prefix: Int) -> Int {
        if prefix >= folded { return entries.count }
        return entries.partitioningIndex { $0.position >= prefix }
    }

    /// The subspaces modelled jointly: the intersection search space, or the groups; singletons
    /// left out (there is nothing to choose).
    func jointSubspaces() -> [SearchSpace] {
        let spaces = groupDecomposition ? groups : (intersection.map { [$0] } ?? [])
        return spaces.compactMap { space in
            var result = SearchSpace()
            for (name, distribution) in space where !distribution.isSingleton { result.set(name, distribution) }
            return result.isEmpty ? nil : result
        }
    }

    /// The `count` best ranked trials among the first `entryCount` entries, as entry indices.
    ///
    /// Single objective: the first `count` of the rank order. Several objectives: complete trials
    /// by successive non-dominated fronts (the last front cut in finishing order), then the rest
    /// in rank order.
    ///
    /// - Complexity: O(count + lag) for one objective, with lag the entries newer than the
    ///   prefix; O(n² m) for m objectives.
    func best(_ count: Int, entryCount: Int, history: TrialHistory) -> [Int] {
        guard count > 0 else { return [] }
        if directions.count == 1 {
            var result: [Int] = []
            result.reserveCapacity(count)
            for entryIndex in order where entryIndex < entryCount {
                result.append(entryIndex)
                if result.count == count { break }
            }
            return result
        }
        var remaining: [(entry: Int, values: [Double])] = []
        for entryIndex in 0..<entryCount where entries[entryIndex].key.tier == 0 {
            if let values = history[entries[entryIndex].position].values { remaining.append((entryIndex, values)) }
        }
        var result: [Int] = []
        while result.count < count && !remaining.isEmpty {
            var front: [Int] = []
            var rest: [(entry: Int, values: [Double])] = []
            for (index, candidate) in remaining.enumerated() {
                let dominated = remaining.enumerated().contains { other in
                    other.offset != index && ParetoFront.dominates(other.element.values, candidate.values, directions: directions)
                }
                if dominated { rest.append(candidate) } else { front.append(candidate.entry) }
            }
            result.append(contentsOf: front.prefix(count - result.count))
            remaining = rest
        }
        if result.count < count {
            let chosen = Set(result)
            for entryIndex in order where entryIndex < entryCount && !chosen.contains(entryIndex) {
                result.append(entryIndex)
                if result.count == count { break }
            }
        }
        return result
    }

    /// The entry indices of the ranked trials holding parameter `name` (with any distribution),
    /// ascending, caught up with the entries of `history` (which may be older than the state: the
    /// list may then hold later entries too).
    ///
    /// - Complexity: O(k) for the k entries ranked since the last call for this name (O(n) the first time).
    mutating func holders(of name: String, history: TrialHistory) -> [Int] {
        var record = holdersByName[name] ?? (0, [])
        holdersByName[name] = nil
        let available = entryCount(prefix: history.count)
        while record.examined < available {
            if history[entries[record.examined].position].parameters[name] != nil { record.entries.append(record.examined) }
            record.examined += 1
        }
        holdersByName[name] = record
        return record.entries
    }

    // MARK: Subspace rows

    /// Brings the rows of `space` up to date with the folded entries (creating them if needed).
    ///
    /// - Complexity: O(k d) for the k entries ranked since the last call (O(n d) the first time).
    mutating func catchUpRows(of space: SearchSpace, history: TrialHistory) {
        var rows = subspaces[space] ?? SubspaceRows(space: space)
        subspaces[space] = nil  // keep `rows` uniquely referenced while it grows
        let d = rows.dimensions.count
        while rows.examined < entries.count {
            let entryIndex = rows.examined
            rows.examined += 1
            let trial = history[entries[entryIndex].position]
            guard let coordinates = rows.coordinates(of: trial) else { continue }
            rows.members.append(entryIndex)
            rows.rows.append(contentsOf: coordinates)
            assert(coordinates.count == d)
        }
        if rows.configurationCount != nil {
            while rows.seenExamined < folded {
                let trial = history[rows.seenExamined]
                rows.seenExamined += 1
                if let values = rows.knownInternalValues(of: trial) { rows.seen.insert(rows.key(ofInternal: values)) }
            }
        }
        subspaces[space] = rows
    }

    /// Drops cached subspaces other than `keep`.
    mutating func retainSubspaces(_ keep: [SearchSpace]) {
        guard subspaces.count > keep.count else { return }
        let kept = Set(keep)
        for space in Array(subspaces.keys) where !kept.contains(space) { subspaces[space] = nil }
    }
}
