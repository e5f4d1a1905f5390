import HyperTuneCore
import HyperTuneStorage
import HyperTuneStorageConformance
import HyperTuneTestSupport
import Testing

/// Every storage of the package passes every check of ``StorageConformance``. A new storage adds
/// one test here (or, in another package, one such test of its own).
@Suite("Storage conformance")
struct StorageConformanceTests {
    @Test("InMemoryStorage", arguments: StorageConformance.checks)
    func inMemory(_ check: StorageConformance.Check) async throws {
        try await check.run(on: InMemoryStorage())
    }

    @Test("JournalStorage", arguments: StorageConformance.checks)
    func journal(_ check: StorageConformance.Check) async throws {
        let directory = try TemporaryDirectory("conformance")
        try await check.run(on: JournalStorage(path: directory.file("journal.jsonl"), syncPolicy: .never))
    }
}
