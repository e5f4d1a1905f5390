import Foundation
import HyperTune
import HyperTuneTestSupport
import Testing

/// The code samples of Docs/Storage.md, compiled and run. Each test holds one sample; only the
/// journal's path differs from the guide (a temporary directory here).
@Suite("Guide: Docs/Storage.md")
struct StorageGuideTests {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory() }

    @Test("Persisting and resuming a study")
    func resuming() async throws {
        let path = directory.file("studies.journal")
        // --- sample: resume
        let journal = try JournalStorage(path: path)
        let study = try await Study.create(
            name: "mlp", direction: .minimize, sampler: RandomSampler(seed: 1), storage: journal, loadIfExists: true)
        try await study.optimize(nTrials: 20) { trial in
            let lr = try trial.suggestFloat("lr", in: 1e-5...1e-1, log: true)
            let layers = try trial.suggestInt("layers", in: 1...4)
            return lr * Double(layers)
        }
        print("trials so far:", try await study.trials.count)
        // --- end
        // Running the sample again resumes the study.
        let again = try await Study.create(
            name: "mlp", direction: .minimize, sampler: RandomSampler(seed: 2), storage: try JournalStorage(path: path),
            loadIfExists: true)
        try await again.optimize(nTrials: 5) { trial in try trial.suggestFloat("lr", in: 1e-5...1e-1, log: true) }
        #expect(try await again.trials.count == 25)
    }

    @Test("A worker process of a shared study, with heartbeats")
    func worker() async throws {
        let path = directory.file("studies.journal")
        // --- sample: worker
        let journal = try JournalStorage(path: path)
        let study = try await Study.create(name: "shared", direction: .maximize, storage: journal, loadIfExists: true)
        // Trials of workers that died (no heartbeat for 5 minutes) are failed and run again.
        try await study.failStaleTrials(gracePeriod: .seconds(300), requeue: true)
        try await study.optimize(nTrials: 50, heartbeatInterval: .seconds(60)) { trial in
            let dropout = try trial.suggestFloat("dropout", in: 0...0.5, step: 0.05)
            let width = try trial.suggestInt("width", in: 16...256, log: true)
            return Double(width) * (1 - dropout)
        }
        // --- end
        #expect(try await study.trials.count == 50)
    }

    @Test("Ask and tell with heartbeats")
    func askTell() async throws {
        let study = try await Study.create(
            name: "manual", direction: .minimize, storage: try JournalStorage(path: directory.file("studies.journal")))
        // --- sample: ask-tell
        let trial = try await study.ask()
        let x = try trial.suggestFloat("x", in: -10...10)
        for epoch in 0..<3 {
            try await trial.recordHeartbeat()  // more often than the grace period
            try await trial.report(x * x / Double(epoch + 1), step: epoch)
        }
        try await study.tell(trial, value: x * x)
        // --- end
        #expect(try await study.trials.first?.intermediateValues.count == 3)
    }

    @Test("Sync policies")
    func syncPolicies() async throws {
        let path = directory.file("studies.journal")
        // --- sample: sync
        let durable = try JournalStorage(path: path)  // .finishedTrials: one sync per finished trial
        let paranoid = try JournalStorage(path: path, syncPolicy: .everyRecord)
        let fast = try JournalStorage(path: path, syncPolicy: .never)  // survives a process crash, not a power cut
        // --- end
        #expect(durable.syncPolicy == .finishedTrials && paranoid.syncPolicy == .everyRecord && fast.syncPolicy == .never)
    }

    @Test("Listing, deleting and copying studies")
    func listing() async throws {
        let path = directory.file("studies.journal")
        let seed = try await Study.create(name: "mlp", direction: .minimize, storage: try JournalStorage(path: path))
        try await seed.optimize(nTrials: 3) { trial in try trial.suggestFloat("x", in: 0...1) }
        _ = try await Study.create(name: "old", direction: .minimize, storage: try JournalStorage(path: path))
        // --- sample: manage
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
        // --- end
        #expect(try await Study.allStudies(in: journal).map(\.name) == ["mlp"])
        #expect(try await Study.load(name: "mlp", storage: memory).trials.count == 3)
        #expect(try await Study.load(name: "mlp-2024", storage: archive).trials.count == 3)
    }

    @Test("Handling a damaged journal")
    func damaged() async throws {
        let path = directory.file("studies.journal")
        _ = try await Study.create(name: "mlp", direction: .minimize, storage: try JournalStorage(path: path))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("garbage\n{\"v\":1,\"op\":\"deleteStudy\",\"study\":0}\n".utf8))
        try handle.close()
        var reported = ""
        // --- sample: errors
        do {
            let journal = try JournalStorage(path: path)
            print(try await Study.allStudies(in: journal).count)
        } catch let error as StorageError where error.kind == .corrupt || error.kind == .unsupportedVersion {
            print(error)  // "journal studies.journal, line 3: not valid JSON (...)"
            // --- end
            reported = error.description
        }
        #expect(reported.contains("line 3"))
    }
}
