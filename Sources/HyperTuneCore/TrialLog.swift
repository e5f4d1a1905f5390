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
