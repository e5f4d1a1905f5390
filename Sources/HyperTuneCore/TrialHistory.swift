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

    fileprivate init(chunks: [TrialLog.Chunk], count: Int, lineage: TrialLog.LineageToken) {
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

/// The append-only log behind ``TrialHistory``; storage implementations own one per study and
/// append finished trials to it under their own lock.
///
/// Thread safety: a chunk's slot is written once, by ``append(_:)``, before the new count is
/// published (under the owning storage's lock); a history only reads slots below the count it was
/// given, which it got under the same lock, so every slot it reads was written before it was made.
/// Slots are never written again, and the chunk array is copied on write.
package struct TrialLog: Sendable {
    package static let chunkShift = 10
    package static let chunkSize = 1 << chunkShift
    package static let chunkMask = chunkSize - 1

    /// The identity shared by every history read from one log.
    package final class LineageToken: Sendable {
        package init() {}
    }

    /// A fixed-capacity block of trial records, written once per slot.
    ///
    /// `@unchecked Sendable`: see the type's note on thread safety. `initialized` is written only by
    /// the owner of the log, under the storage's lock, and read by `deinit` when no one else holds
    /// the chunk.
    package final class Chunk: @unchecked Sendable {
        private let base: UnsafeMutablePointer<TrialRecord>
        private var initialized = 0

        init() {
            base = .allocate(capacity: TrialLog.chunkSize)
        }

        deinit {
            base.deinitialize(count: initialized)
            base.deallocate()
        }

        func append(_ record: TrialRecord) {
            precondition(initialized < TrialLog.chunkSize)
            (base + initialized).initialize(to: record)
            initialized += 1
        }

        func element(at offset: Int) -> TrialRecord { base[offset] }
    }

    private var chunks: [Chunk] = []
    package private(set) var count = 0
    private let lineage = LineageToken()

    /// An empty log.
    package init() {}

    /// Appends `record`.
    ///
    /// - Complexity: O(1) amortized (O(n / 1024) when a new chunk is added while a history still
    ///   shares the chunk array).
    package mutating func append(_ record: TrialRecord) {
        if count & Self.chunkMask == 0 { chunks.append(Chunk()) }
        chunks[count >> Self.chunkShift].append(record)
        count += 1
    }

    /// A history of everything appended so far.
    ///
    /// - Complexity: O(1).
    package var history: TrialHistory {
        TrialHistory(chunks: chunks, count: count, lineage: lineage)
    }
}
