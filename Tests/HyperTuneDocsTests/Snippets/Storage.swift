// swift-format-ignore-file
// (the guides show these regions verbatim, with their comments aligned)
import Foundation
import HyperTune
import HyperTuneStorageConformance
import Testing

// Samples of Docs/Storage.md and of the multi-process section of Docs/ParallelAndDistributed.md.
// Each takes the journal's path (the guides use a file name; the tests, a temporary directory).

@discardableResult
func storageResume(path: String) async throws -> Study {
    // snippet: storage/resume
    let journal = try JournalStorage(path: path)
    let study = try await Study.create(
        name: "mlp", direction: .minimize, sampler: RandomSampler(seed: 1), storage: journal, loadIfExists: true)
    try await study.optimize(nTrials: 20) { trial in
        let lr = try trial.suggestFloat("lr", in: 1e-5...1e-1, log: true)
        let layers = try trial.suggestInt("layers", in: 1...4)
        return lr * Double(layers)
    }
    print("trials so far:", try await study.trials.count)
    // end-snippet
    return study
}

@discardableResult
func storageWorker(path: String) async throws -> Study {
    // snippet: storage/worker
    let journal = try JournalStorage(path: path)
    let study = try await Study.create(name: "shared", direction: .maximize, storage: journal, loadIfExists: true)
    // Trials of workers that died (no heartbeat for 5 minutes) are failed and run again.
    try await study.failStaleTrials(gracePeriod: .seconds(300), requeue: true)
    try await study.optimize(nTrials: 50, heartbeatInterval: .seconds(60)) { trial in
        let dropout = try trial.suggestFloat("dropout", in: 0...0.5, step: 0.05)
        let width = try trial.suggestInt("width", in: 16...256, log: true)
        return Double(width) * (1 - dropout)
    }
    // end-snippet
    return study
}

func storageAskTell(_ study: Study) async throws {
    // snippet: storage/ask-tell
    let trial = try await study.ask()
    let x = try trial.suggestFloat("x", in: -10...10)
    for epoch in 0..<3 {
        try await trial.recordHeartbeat()  // more often than the grace period
        try await trial.report(x * x / Double(epoch + 1), step: epoch)
    }
    try await study.tell(trial, value: x * x)
    // end-snippet
}

func storageSyncPolicies(path: String) throws -> [JournalStorage] {
    // snippet: storage/sync
    let journal = try JournalStorage(path: path)  // .interval(.seconds(1)): on the disk within a second
    let strict = try JournalStorage(path: path, syncPolicy: .finishedTrials)  // on the disk before tell returns
    let paranoid = try JournalStorage(path: path, syncPolicy: .everyRecord)
    let fast = try JournalStorage(path: path, syncPolicy: .never)  // survives a process crash, not a power cut
    try journal.synchronize()  // flush now, whatever the policy
    // end-snippet
    return [journal, strict, paranoid, fast]
}

func storageManage(path: String) async throws -> (memory: InMemoryStorage, archive: JournalStorage) {
    // snippet: storage/manage
    let journal = try JournalStorage(path: path)
    for info in try await Study.allStudies(in: journal) {
        print(info.name, info.directions, info.trialCount)
    }
    try await Study.delete(name: "old", storage: journal)

    // Copy a study into another storage (a new journal, or memory for fast analysis).
    let memory = InMemoryStorage()
    try await Study.copy(name: "mlp", from: journal, to: memory)
    let archive = try JournalStorage(path: path + ".archive")
    try await Study.copy(name: "mlp", from: journal, to: archive, as: "mlp-2024")
    // end-snippet
    return (memory, archive)
}

/// Catches a damaged journal's error and prints it (other errors are thrown).
func storageErrors(path: String) async throws {
    // snippet: storage/errors
    do {
        let journal = try JournalStorage(path: path)
        print(try await Study.allStudies(in: journal).count)
    } catch let error as StorageError where error.kind == .corrupt || error.kind == .unsupportedVersion {
        print(error)  // "journal studies.journal, line 3: not valid JSON (...)"
    }
    // end-snippet
}

func trainModel(lr: Double, batch: Int) async throws -> Double { abs(lr - 0.01) + 1 / Double(batch) }

@discardableResult
func parallelProcesses(path: String) async throws -> Study {
    // snippet: parallel/processes
    // Run this same program several times at once, on one machine.
    let journal = try JournalStorage(path: path)
    let study = try await Study.create(
        name: "search", direction: .minimize, sampler: RandomSampler(seed: 42), storage: journal, loadIfExists: true)
    try await study.failStaleTrials(gracePeriod: .seconds(600), requeue: true)
    try await study.optimize(nTrials: 25, heartbeatInterval: .seconds(120)) { trial in
        let lr = try trial.suggestFloat("lr", in: 1e-5...1e-1, log: true)
        let batch = try trial.suggestInt("batch", in: 16...256, log: true)
        return try await trainModel(lr: lr, batch: batch)
    }
    // end-snippet
    return study
}

/// The storage of the conformance sample: the guide's `MyStorage` stands for the reader's own.
typealias MyStorage = InMemoryStorage

// snippet: storage/conformance
@Test(arguments: StorageConformance.checks)
func conforms(_ check: StorageConformance.Check) async throws {
    try await check.run(on: MyStorage())  // a fresh, empty storage for each check
}
// end-snippet
