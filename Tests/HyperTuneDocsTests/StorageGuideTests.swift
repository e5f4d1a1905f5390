import Foundation
import HyperTune
import Testing

/// Runs the samples of Docs/Storage.md and the multi-process sample of
/// Docs/ParallelAndDistributed.md (the snippet check only compiles them), each on a journal in a
/// fresh temporary directory.
@Suite("Storage guide")
struct StorageGuideTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hypertune-storage-guide-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    var path: String { directory.appendingPathComponent("studies.journal").path }

    @Test("resuming: a second run continues the study")
    func resume() async throws {
        try await storageResume(path: path)
        let again = try await storageResume(path: path)
        #expect(try await again.trials.map(\.number) == Array(0..<40))
        try? FileManager.default.removeItem(at: directory)
    }

    @Test("a worker with heartbeats, and ask and tell")
    func worker() async throws {
        let study = try await storageWorker(path: path)
        try await storageAskTell(study)
        let trials = try await study.trials
        #expect(trials.count == 51 && trials.allSatisfy { $0.state == .complete })
        #expect(trials.last?.intermediateValues.count == 3)
        try? FileManager.default.removeItem(at: directory)
    }

    @Test("sync policies")
    func sync() throws {
        #expect(try storageSyncPolicies(path: path).map(\.syncPolicy) == [.interval(.seconds(1)), .finishedTrials, .everyRecord, .never])
        try? FileManager.default.removeItem(at: directory)
    }

    @Test("listing, deleting and copying")
    func manage() async throws {
        try await storageResume(path: path)
        _ = try await Study.create(name: "old", direction: .minimize, storage: try JournalStorage(path: path))
        let (memory, archive) = try await storageManage(path: path)
        #expect(try await Study.allStudies(in: try JournalStorage(path: path)).map(\.name) == ["mlp"])
        #expect(try await Study.load(name: "mlp", storage: memory).trials.count == 20)
        #expect(try await Study.load(name: "mlp-2024", storage: archive).trials.count == 20)
        try? FileManager.default.removeItem(at: directory)
    }

    @Test("a damaged journal is reported with its line")
    func errors() async throws {
        try await storageResume(path: path)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("garbage\n{\"v\":1,\"op\":\"deleteStudy\",\"study\":0}\n".utf8))
        try handle.close()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count
        // The sample catches the error (it would rethrow any other).
        try await storageErrors(path: path)
        #expect { _ = try JournalStorage(path: path) } throws: { error in
            (error as? StorageError)?.kind == .corrupt && (error as? StorageError)?.description.contains("line \(lines - 1)") == true
        }
        try? FileManager.default.removeItem(at: directory)
    }

    @Test("two workers of the multi-process sample share one study")
    func processes() async throws {
        async let first = parallelProcesses(path: path)
        async let second = parallelProcesses(path: path)
        let (a, b) = try await (first, second)
        #expect(a.id == b.id)
        #expect(try await a.trials.map(\.number) == Array(0..<50))
        try? FileManager.default.removeItem(at: directory)
    }
}
