import Foundation
import HyperTuneCore

/// A thread of its own that records the heartbeats of the trials an `optimize` call runs.
///
/// Heartbeats must not depend on the cooperative thread pool: objectives that block their
/// threads (CPU-bound work, synchronous I/O) at a concurrency of at least the number of cores
/// hold every thread of the pool, and a heartbeat task would wait behind them until another
/// process's `failStaleTrials` failed healthy trials. This thread sleeps until the next beat is
/// due, then writes it itself through ``HyperTuneCore/SynchronousHeartbeats`` (the in-memory and
/// journal storages); for another storage it starts a task (which does need the pool).
///
/// `@unchecked Sendable`: `entries`, `nextID` and `stopped` are only read or written with
/// `condition` locked.
final class HeartbeatThread: @unchecked Sendable {
    private struct Entry {
        var due: Date
        var interval: TimeInterval
        var beat: @Sendable () -> Void
    }

    private let condition = NSCondition()
    private var entries: [Int: Entry] = [:]
    private var nextID = 0
    private var stopped = false

    /// Starts the thread.
    init() {
        let thread = Thread { [self] in run() }
        thread.name = "HyperTune heartbeats"
        thread.start()
    }

    /// Beats for `trial` of `storage` at once and then every `interval`, until ``remove(_:)``.
    ///
    /// - Returns: the token to remove it with.
    func add(_ trial: TrialID, storage: any Storage, every interval: Duration, onFailure: @escaping @Sendable (any Error) -> Void) -> Int {
        let beat: @Sendable () -> Void
        if let synchronous = storage as? any SynchronousHeartbeats {
            beat = {
                do { try synchronous.recordHeartbeatNow(trial) } catch { onFailure(error) }
            }
        } else {
            beat = {
                Task {
                    do { try await storage.recordHeartbeat(trial) } catch { onFailure(error) }
                }
            }
        }
        let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) * 1e-18
        condition.lock()
        defer { condition.unlock() }
        let id = nextID
        nextID += 1
        entries[id] = Entry(due: Date(), interval: seconds, beat: beat)
        condition.signal()
        return id
    }

    /// Stops beating for the trial `add` returned `token` for. A beat already under way may still
    /// land (a heartbeat of a finished trial is ignored by the storage).
    func remove(_ token: Int) {
        condition.lock()
        defer { condition.unlock() }
        entries[token] = nil
    }

    /// Ends the thread (after the beat under way, if any).
    func stop() {
        condition.lock()
        defer { condition.unlock() }
        stopped = true
        condition.signal()
    }

    private func run() {
        condition.lock()
        defer { condition.unlock() }
        while !stopped {
            guard let (id, entry) = entries.min(by: { $0.value.due < $1.value.due }) else {
                condition.wait()
                continue
            }
            let now = Date()
            guard entry.due <= now else {
                _ = condition.wait(until: entry.due)
                continue
            }
            entries[id]?.due = max(entry.due.addingTimeInterval(entry.interval), now)
            condition.unlock()
            entry.beat()
            condition.lock()
        }
    }
}
