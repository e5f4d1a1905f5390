import Dispatch
package import Foundation
public import HyperTuneCore
public import HyperTuneSearchSpace

/// Keeps studies in a file: an append-only journal of operations, one JSON record per line, that
/// several processes can share. A study survives the end (or the crash) of the process, and
/// resumes with `Study.create(..., storage: journal, loadIfExists: true)`.
///
/// ```swift
/// let journal = try JournalStorage(path: "studies.journal")
/// let study = try await Study.create(name: "search", direction: .minimize, storage: journal, loadIfExists: true)
/// ```
///
/// **How it works.** Each process keeps the storage's state in memory and the byte offset up to
/// which it has read the file. An operation that writes takes an exclusive `flock(2)` lock on the
/// file, reads and applies the records other processes appended since its last read, checks the
/// operation against the now-current state, appends its record and applies it, then unlocks.
/// Every process applies the same records in the same order to the same deterministic state
/// machine, so trial numbers stay dense and unique across processes, an enqueued trial is started
/// by exactly one worker, a claim (a grid point) is held by one trial, and a write to a trial
/// another process already finished is refused (``HyperTuneCore/StorageError`` `trialFinished`). An operation
/// that reads takes a shared lock when the file has grown, and applies the new records first.
///
/// **Durability** (see ``SyncPolicy``): every record is written to the file (handed to the
/// operating system with `write(2)`) before its operation returns, so a trial that `tell` or
/// `optimize` reported finished survives any crash or `SIGKILL` of the process. What survives a
/// crash of the machine or a power cut depends on the policy: by default
/// (``SyncPolicy/interval(_:)`` of one second) the file is flushed to the disk (`fdatasync`) in the
/// background at most one second after a record that finishes a trial, so at most the last second
/// of finished trials can be lost; ``SyncPolicy/finishedTrials`` flushes before `tell` returns,
/// at the cost of one disk sync per trial. Records are whole lines, written by one
/// `write(2)` call under the lock: a crash can only leave bytes after the last newline, and
/// that torn record is ignored on replay and cut off before the next record is appended. Every
/// record ends with a CRC-32C of its line, so a damaged line anywhere (the last complete one
/// included, and invalid UTF-8) is a ``HyperTuneCore/StorageError`` (`corrupt`) naming the file
/// and the line; a record written by a newer version of HyperTune is
/// ``HyperTuneCore/StorageError`` `unsupportedVersion`. A journal that cannot be written opens for
/// reading (``isReadOnly``); a journal deleted or replaced at its path stops the storage at its
/// next lock (`io`).
///
/// **Limits.** The file lock is advisory: every writer must go through `JournalStorage`. `flock`
/// is reliable on local file systems; on network file systems it depends on the server (NFS
/// emulates it with byte-range locks, which most servers support) and `fdatasync` semantics vary.
/// Each process holds the whole storage in memory and replays the whole file when it opens it.
/// Operations block the calling thread while another process holds the lock, which is only ever
/// held for the few microseconds of a read or an append (never during a sync).
///
/// - Complexity: every operation first applies the records appended since this process last read
///   the file, O(new records); then as ``InMemoryStorage``: O(1) per write, plus the sync the
///   policy asks for; ``snapshot(of:)`` O(r log r) in the running trials. Opening a journal
///   replays it: O(records).
public final class JournalStorage: Storage {
    /// When records are flushed to the disk (`fdatasync`, `F_FULLFSYNC` on Apple platforms) before
    /// their operation returns.
    ///
    /// Whatever the policy, a record is in the operating system's cache when its operation
    /// returns, so it survives the crash (or the `SIGKILL`) of the process that wrote it, and
    /// other processes see it. The policy decides what survives a crash of the machine or a
    /// power cut.
    public enum SyncPolicy: Sendable, Hashable {
        /// Sync in the background, at most `interval` after a record that ``finishedTrials`` would
        /// sync, sharing one sync between all the records written meanwhile; the operation does
        /// not wait. After a machine crash or a power cut, the trials reported finished in the
        /// last `interval` may be missing (the journal stays readable: they are simply absent);
        /// a crash of the process loses nothing. The default, with one second: durable within a
        /// second, at the cost of a write per operation (tens of microseconds). A background sync
        /// that fails is thrown by the next operation.
        case interval(Duration)
        /// Sync after records that finish a trial, create or delete a study, set a study
        /// attribute, enqueue, copy or fail trials, not after starting a trial, reporting an
        /// intermediate value or a heartbeat. After a machine crash every trial reported
        /// finished is there; the last intermediate values of a trial still running may be lost.
        /// About one sync per trial.
        case finishedTrials
        /// Sync after every record: nothing acknowledged is ever lost, at the cost of a sync per
        /// operation (several per trial).
        case everyRecord
        /// Never sync; the operating system writes the file back when it chooses (usually
        /// within seconds). Survives a crash of the process, not of the machine: after a power
        /// cut the journal may end before trials that were reported finished (it stays readable:
        /// the lost records are simply absent).
        case never
    }

    /// The journal file's path.
    public let path: String
    /// When records are flushed to the disk.
    public let syncPolicy: SyncPolicy

    private let state: Locked<JournalState>
    /// The file offset up to which everything is known to be on the disk (group commit: several
    /// tasks of this process waiting to sync share one call).
    private let durable = Locked(0)
    /// For ``SyncPolicy/interval(_:)``: whether a background sync is scheduled, and the error of
    /// the last one that failed (thrown by the next operation).
    private let background = Locked(BackgroundSync())

    private struct BackgroundSync {
        var scheduled = false
        var failure: StorageError?
    }

    /// Opens the journal at `path`, creating an empty one when the file does not exist, and
    /// replays it.
    ///
    /// - Parameters:
    ///   - path: the journal file; an absent or empty file is a new, empty storage.
    ///   - syncPolicy: when records are flushed to the disk (default: ``SyncPolicy/interval(_:)``
    ///     of one second).
    /// - Throws: ``HyperTuneCore/StorageError``: `io` when the file cannot be opened or read; `corrupt` for a
    ///   damaged line (the detail names the file and the line) or a file that is not a
    ///   HyperTune journal; `unsupportedVersion` for a record written by a newer HyperTune.
    /// - Complexity: O(records in the file).
    public convenience init(path: String, syncPolicy: SyncPolicy = .interval(.seconds(1))) throws {
        try self.init(path: path, syncPolicy: syncPolicy, access: .readWrite)
    }

    /// How a journal is opened.
    package enum Access: Sendable {
        /// For reading and writing when the file allows it, else for reading.
        case readWrite
        /// For reading only, whatever the file allows (tests: root may write any file).
        case readOnly
    }

    /// Opens the journal at `path` with the given access.
    package init(path: String, syncPolicy: SyncPolicy, access: Access) throws {
        self.path = path
        self.syncPolicy = syncPolicy
        let file = try JournalFile(path: path, readOnly: access == .readOnly)
        state = Locked(JournalState(file: file))
        try state.withLock { state throws(StorageError) in try state.refresh() }
    }

    /// Whether the journal was opened for reading only: its file (or the file system) is not
    /// writable. Every operation that reads works; one that writes throws
    /// ``HyperTuneCore/StorageError`` `io`.
    public var isReadOnly: Bool { state.withLock { $0.file.isReadOnly } }

    /// How deeply an attribute value (user or system, of a study or a trial) may nest arrays and
    /// objects in a journal: a deeper one is refused when it is written (``HyperTuneCore/StorageError``
    /// `invalidUpdate`, naming the key), so that everything written can be read back.
    public static let maximumAttributeDepth = JournalOperations.maximumAttributeDepth

    /// What the journal read from its file so far (tests check that reading is linear).
    package struct ReadStatistics: Equatable, Sendable {
        /// Bytes read from the file.
        package var bytesRead = 0
        /// Bytes searched for the end of a line.
        package var bytesSearched = 0
    }

    /// What the journal read from its file so far.
    package var readStatistics: ReadStatistics { state.withLock { $0.statistics } }

    // MARK: Studies

    /// Creates a study; `StorageError` `studyExists` when the name is taken.
    public func createStudy(name: String, directions: [StudyDirection]) async throws -> StudyID {
        try write(JournalOperations.createStudy(name: name, directions: directions))
    }

    /// The study named `name`, or `nil`.
    public func studyID(named name: String) async throws -> StudyID? {
        try read { $0.studyID(named: name) }
    }

    /// A study's name, directions, attributes and trial count.
    public func studyInfo(_ study: StudyID) async throws -> StudyInfo {
        try read { model throws(StorageError) in try model.studyInfo(study) }
    }

    /// Every study, by identifier.
    public func allStudies() async throws -> [StudyInfo] {
        try read { $0.allStudies() }
    }

    /// Deletes a study and its trials.
    public func deleteStudy(_ study: StudyID) async throws {
        try write(JournalOperations.deleteStudy(study))
    }

    /// Sets a user (or, with `system`, a system) attribute of a study.
    public func setStudyAttribute(_ study: StudyID, key: String, value: AttributeValue, system: Bool) async throws {
        try write(JournalOperations.setStudyAttribute(study, key: key, value: value, system: system))
    }

    // MARK: Trials

    /// Adds a waiting trial whose parameters `params` are fixed in advance.
    public func enqueueTrial(
        in study: StudyID, params: [String: ParameterValue], userAttributes: [String: AttributeValue],
        systemAttributes: [String: AttributeValue]
    ) async throws -> TrialRecord {
        try write(
            JournalOperations.enqueueTrial(
                in: study, params: params, userAttributes: userAttributes, systemAttributes: systemAttributes))
    }

    /// Starts the oldest waiting trial, or a new one made from `fresh` (`nil` when neither is possible or the claim is held).
    public func startTrial(in study: StudyID, fresh: NewTrial?) async throws -> TrialRecord? {
        try write(JournalOperations.startTrial(in: study, fresh: fresh))
    }

    /// Applies `update` to a running trial; `StorageError` `trialFinished` for a finished one.
    public func updateTrial(_ trial: TrialID, _ update: TrialUpdate) async throws -> TrialRecord {
        try write(JournalOperations.updateTrial(trial, update))
    }

    /// One trial.
    public func trial(_ trial: TrialID) async throws -> TrialRecord {
        try read { model throws(StorageError) in try model.trial(trial) }
    }

    /// A point-in-time view of a study.
    public func snapshot(of study: StudyID) async throws -> StudySnapshot {
        try read { model throws(StorageError) in try model.snapshot(of: study) }
    }

    /// Inserts trials as they are (numbers, states, dates), after the study's existing trials; for copying studies.
    public func addTrials(_ records: [TrialRecord], to study: StudyID) async throws {
        if let failure = try write(JournalOperations.addTrials(records, to: study)) { throw failure }
    }

    // MARK: Liveness

    /// Records that the worker running `trial` is alive.
    public func recordHeartbeat(_ trial: TrialID) async throws {
        try recordHeartbeat(trial, date: Date())
    }

    /// Records a heartbeat at `date` (tests use explicit dates).
    package func recordHeartbeat(_ trial: TrialID, date: Date?) throws {
        try write(JournalOperations.recordHeartbeat(trial, date: date))
    }

    /// Fails running trials whose last heartbeat is older than `gracePeriod`, re-enqueueing them when `requeue` is true.
    public func failStaleTrials(in study: StudyID, gracePeriod: Duration, requeue: Bool) async throws -> [TrialRecord] {
        try failStaleTrials(in: study, gracePeriod: gracePeriod, requeue: requeue, now: nil)
    }

    /// Fails stale trials as of `now` (tests use explicit dates).
    package func failStaleTrials(in study: StudyID, gracePeriod: Duration, requeue: Bool, now date: Date?) throws -> [TrialRecord] {
        try write(JournalOperations.failStaleTrials(in: study, gracePeriod: gracePeriod, requeue: requeue, date: date))
    }

    // MARK: Reading and writing

    /// Runs `body` on the model once every record in the file is applied.
    private func read<R>(_ body: (StorageModel) throws(StorageError) -> R) throws(StorageError) -> R {
        try state.withLock { state throws(StorageError) in
            try state.refresh()
            return try body(state.model)
        }
    }

    /// Runs `body` under the exclusive file lock, on the model with every record applied, then
    /// appends the records it returns and syncs them as the policy asks.
    ///
    /// `body` must throw only before it changes the model: the records it returns must describe
    /// exactly the changes it made. It receives the operation's date (`date`, or now).
    private func write<R>(_ operation: JournalOperation<R>) throws(StorageError) -> R {
        if let failure = background.withLock({ state -> StorageError? in
            defer { state.failure = nil }
            return state.failure
        }) {
            throw failure
        }
        let (result, end, needsSync) = try state.withLock { state throws(StorageError) in
            try state.file.checkWritable()
            try state.file.lock(exclusive: true)
            defer { state.file.unlock() }
            try state.file.checkIdentity()
            try state.catchUp()
            let (result, records) = try operation.body(&state.model, operation.date ?? Date())
            guard !records.isEmpty else { return (result, 0, false) }
            try state.append(records)
            let needsSync: Bool
            switch syncPolicy {
            case .never: needsSync = false
            case .everyRecord: needsSync = true
            case .finishedTrials, .interval: needsSync = records.contains(where: \.isDurabilityPoint)
            }
            return (result, state.readOffset, needsSync)
        }
        if needsSync {
            if case .interval(let interval) = syncPolicy {
                scheduleSync(after: interval)
            } else {
                try sync(through: end)
            }
        }
        return result
    }

    /// Flushes everything written so far to the disk now, whatever the policy (at the end of a
    /// run, say, with ``SyncPolicy/interval(_:)`` or ``SyncPolicy/never``).
    ///
    /// - Throws: ``HyperTuneCore/StorageError`` (`io`) when the sync fails.
    public func synchronize() throws {
        let end = state.withLock { $0.readOffset }
        try sync(through: end)
    }

    /// Schedules one background sync `interval` from now, unless one is already scheduled: every
    /// record written before it runs is covered by it. The storage stays alive until it has run.
    private func scheduleSync(after interval: Duration) {
        let schedule = background.withLock { state -> Bool in
            guard !state.scheduled else { return false }
            state.scheduled = true
            return true
        }
        guard schedule else { return }
        let nanoseconds =
            max(0, interval.components.seconds) * 1_000_000_000
            + max(0, interval.components.attoseconds) / 1_000_000_000
        DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + .nanoseconds(Int(nanoseconds))) {
            self.background.withLock { $0.scheduled = false }
            do {
                try self.synchronize()
            } catch let error as StorageError {
                self.background.withLock { $0.failure = error }
            } catch {
                self.background.withLock { $0.failure = StorageError(.io, "\(self.path): \(error)") }
            }
        }
    }

    /// Makes every byte before `end` durable. Outside the file lock, so other processes go on
    /// appending meanwhile; one sync covers every record written before it started.
    private func sync(through end: Int) throws(StorageError) {
        try durable.withLock { durable throws(StorageError) in
            guard durable < end else { return }
            let (file, written) = state.withLock { ($0.file, $0.readOffset) }
            try file.sync()
            durable = max(end, written)
        }
    }
}

/// The per-process state of a journal: the model, and how far the file has been read.
struct JournalState {
    let file: JournalFile
    var model = StorageModel()
    /// The offset of the first byte not yet applied: the end of the last complete record.
    private(set) var readOffset = 0
    /// Complete lines read so far (to name lines in errors).
    private var linesRead = 0
    /// The file's size at the last read; more than `readOffset` when the file ends with a torn
    /// record.
    private var endOfFile = 0
    /// Set when an append failed after the model changed: the model is ahead of the file, so the
    /// next operation rebuilds it from the file.
    private var needsReload = false
    private var buffer: [UInt8] = []
    private var writer = JSONWriter()
    private var reader = JournalValueReader()

    /// How much of the file is read at once.
    static let chunkSize = 1 << 20

    init(file: JournalFile) { self.file = file }

    /// The file's status when ``catchUp()`` last found it ending with a torn record: while the
    /// file is unchanged, the torn record is not read again.
    private var tornTail: JournalFile.Status?
    /// What was read so far.
    private(set) var statistics = JournalStorage.ReadStatistics()

    /// Applies what other processes appended, taking the shared lock only when the file changed.
    mutating func refresh() throws(StorageError) {
        if !needsReload {
            let status = try file.status()
            guard status.size != readOffset, status != tornTail else { return }
        }
        try file.lock(exclusive: false)
        defer { file.unlock() }
        try file.checkIdentity()
        try catchUp()
    }

    /// Reads and applies every complete record after `readOffset`. The caller holds a file lock.
    ///
    /// Only bytes after the last newline are a write cut short by a crash (a torn record): they
    /// are left unread (and cut off by the next ``append(_:)``). A complete line that is not a
    /// valid record is corruption, wherever it is.
    ///
    /// - Complexity: O(bytes after `readOffset`): each byte is read and searched once.
    mutating func catchUp() throws(StorageError) {
        if needsReload {
            model = StorageModel()
            reader = JournalValueReader()
            readOffset = 0
            linesRead = 0
            needsReload = false
        }
        let status = try file.status()
        let size = status.size
        guard size >= readOffset else {
            throw StorageError(
                .corrupt,
                "journal \(file.path): the file shrank to \(size) bytes, below the \(readOffset) bytes already read; it was truncated or replaced by something other than HyperTune"
            )
        }
        endOfFile = size
        tornTail = nil
        guard size > readOffset else { return }
        var chunk = buffer
        buffer = []
        defer {
            chunk.removeAll(keepingCapacity: true)
            buffer = chunk
        }
        chunk.removeAll(keepingCapacity: true)
        var position = readOffset  // the file offset of chunk[0]
        var filePosition = readOffset  // the next byte to read from the file
        var searched = 0  // chunk[..<searched] holds no newline after the last complete line
        while filePosition < size {
            try file.read(at: filePosition, count: min(Self.chunkSize, size - filePosition), into: &chunk)
            let readEnd = position + chunk.count
            guard readEnd > filePosition else { break }  // the file shrank while locked: stop here
            statistics.bytesRead += readEnd - filePosition
            filePosition = readEnd
            var consumed = 0
            var failure: StorageError?
            chunk.withUnsafeBufferPointer { bytes in
                while failure == nil {
                    let from = max(consumed, searched)
                    guard from < bytes.count, let found = memchr(bytes.baseAddress! + from, 0x0A, bytes.count - from) else {
                        statistics.bytesSearched += bytes.count - from
                        searched = bytes.count
                        break
                    }
                    let newline = found.assumingMemoryBound(to: UInt8.self) - UnsafeMutablePointer(mutating: bytes.baseAddress!)
                    statistics.bytesSearched += newline + 1 - from
                    do throws(StorageError) {
                        try apply(line: UnsafeBufferPointer(rebasing: bytes[consumed..<newline]))
                    } catch {
                        failure = error
                        break
                    }
                    consumed = newline + 1
                    searched = consumed
                    readOffset = position + consumed
                    linesRead += 1
                }
            }
            if let failure { throw failure }
            chunk.removeFirst(consumed)
            searched -= consumed
            position += consumed
        }
        // Bytes after the last newline: a record cut short. Before the header exists they must be
        // the start of a header, or the file is something else.
        guard !chunk.isEmpty else { return }
        if linesRead == 0, !Self.headerLine.starts(with: chunk), !Self.versionOneHeaderLine.starts(with: chunk) {
            throw notJournal("its first line is not a HyperTune journal header")
        }
        tornTail = status
    }

    /// Parses and applies one complete line.
    private mutating func apply(line: UnsafeBufferPointer<UInt8>) throws(StorageError) {
        let lineNumber = linesRead + 1
        let record: JournalRecord
        do {
            record = try JournalRecord(line: line, reader: &reader)
        } catch {
            switch error.kind {
            case .syntax(let syntax):
                if linesRead == 0 { throw notJournal("line 1 is not a HyperTune journal header (not valid JSON)") }
                throw StorageError(
                    .corrupt,
                    "journal \(file.path), line \(lineNumber): not valid JSON (\(syntax.reason) at byte \(syntax.offset) of the line): the line is damaged"
                )
            case .checksum:
                throw StorageError(.corrupt, "journal \(file.path), line \(lineNumber): \(error.reason)")
            case .unsupportedVersion:
                throw StorageError(.unsupportedVersion, "journal \(file.path), line \(lineNumber): \(error.reason)")
            case .invalid:
                if linesRead == 0 { throw notJournal("line 1 is not a HyperTune journal header (\(error.reason))") }
                throw StorageError(.corrupt, "journal \(file.path), line \(lineNumber): not a valid record: \(error.reason)")
            }
        }
        guard (linesRead == 0) == (record == .header) else {
            if linesRead == 0 { throw notJournal("line 1 is not a HyperTune journal header") }
            throw StorageError(.corrupt, "journal \(file.path), line \(lineNumber): a second header")
        }
        do {
            try record.apply(to: &model)
        } catch {
            throw StorageError(.corrupt, "journal \(file.path), line \(lineNumber): the record cannot be replayed: \(error.detail)")
        }
    }

    private func notJournal(_ reason: String) -> StorageError {
        StorageError(.corrupt, "\(file.path) is not a HyperTune journal: \(reason)")
    }

    /// The bytes of the header line.
    static let headerLine: [UInt8] = {
        var writer = JSONWriter()
        JournalRecord.header.write(to: &writer)
        return writer.bytes
    }()

    /// The header line of format version 1 (a crash on the first write of an old version may
    /// have left a part of it).
    static let versionOneHeaderLine: [UInt8] = Array(#"{"v":1,"op":"header","format":"hypertune-journal"}"#.utf8) + [0x0A]

    /// Appends `records` (after a header when the file has none yet) and advances past them. The
    /// caller holds the exclusive lock and has just called ``catchUp()``; the model already
    /// holds the records' changes.
    mutating func append(_ records: [JournalRecord]) throws(StorageError) {
        writer.reset()
        var lines = records.count
        if linesRead == 0 {
            JournalRecord.header.write(to: &writer)
            lines += 1
        }
        for record in records { record.write(to: &writer) }
        do {
            if endOfFile > readOffset {
                // A torn record left by a crash: cut it off so the new record starts a line.
                try file.truncate(to: readOffset)
            }
            try file.append(writer.bytes)
        } catch {
            // The model holds changes the file may not: rebuild the model from the file next
            // time. Remove whatever part of the records reached the file, if we can.
            needsReload = true
            try? file.truncate(to: readOffset)
            throw error
        }
        readOffset += writer.bytes.count
        endOfFile = readOffset
        tornTail = nil
        linesRead += lines
    }
}

extension JournalStorage: SynchronousHeartbeats {
    /// Records a heartbeat now, from any thread (it blocks while another process holds the lock).
    package func recordHeartbeatNow(_ trial: TrialID) throws {
        try recordHeartbeat(trial, date: nil)
    }
}
