/// The finished trials of a study in the order they finished: an immutable, random-access view.
///
/// A history is taken from storage in O(1) time, however many trials there are: it shares the
/// storage's append-only log instead of copying it. Two histories with the same ``lineage`` are
/// prefixes of one another (the longer one holds the shorter one's trials, in the same order, then
/// more), which lets a sampler keep statistics from one suggestion to the next and fold in only
/// the trials finished since (`history[oldCount...]`).
public struct TrialHistory: Sendable, RandomAccessCollection {
    /// An opaque token shared by every history read from the same log.
    public struct Lineage: Sendable, Hashable {
        fileprivate let id: ObjectIdentifier
    }

    private enum Backing: Sendable {
        case log(chunks: [TrialLog.Chunk], count: Int, lineage: TrialLog.LineageToken)
        case array([TrialRecord], lineage: TrialLog.LineageToken)
    }

    private let backing: Backing

    /// A history holding `records`, in order (for tests, filtered views and hand-made studies).
    /// Its lineage is new: it is a prefix of nothing else.
    public init(_ records: [TrialRecord]) {
        backing = .array(records, lineage: TrialLog.LineageToken())
    }

    init(chunks: [TrialLog.Chunk], count: Int, lineage: TrialLog.LineageToken) {
        backing = .log(chunks: chunks, count: count, lineage: lineage)
    }

    /// The token identifying the log this history was read from.
    public var lineage: Lineage {
        switch backing {
        case .log(_, _, let token), .array(_, let token): Lineage(id: ObjectIdentifier(token))
        }
    }

    /// The position of the first trial.
    public var startIndex: Int { 0 }

    /// One past the position of the last trial.
    public var endIndex: Int {
        switch backing {
        case .log(_, let count, _): count
        case .array(let records, _): records.count
        }
    }

    /// The trial at `position` (0 is the first to finish).
    ///
    /// - Complexity: O(1).
    public subscript(position: Int) -> TrialRecord {
        switch backing {
        case .log(let chunks, let count, _):
            precondition(position >= 0 && position < count, "index \(position) out of range 0..<\(count)")
            return chunks[position >> TrialLog.chunkShift].element(at: position & TrialLog.chunkMask)
        case .array(let records, _):
            return records[position]
        }
    }
}
