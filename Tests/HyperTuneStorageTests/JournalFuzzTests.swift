import Foundation
import HyperTuneCore
import HyperTuneStorage
import HyperTuneTestSupport
import Testing

/// A seeded mutation fuzzer over journal bytes: whatever a mutation does, opening the journal
/// either succeeds or throws a `StorageError` naming a line; it never crashes or hangs.
///
/// The suite runs 2,000 mutations; `Benchmarks/journal-fuzz` runs the same test in a release build
/// with a million (`HYPERTUNE_FUZZ_MUTATIONS`, and `HYPERTUNE_FUZZ_SEED` for another sequence).
@Suite("JournalStorage fuzzing")
struct JournalFuzzTests {
    static let mutations = ProcessInfo.processInfo.environment["HYPERTUNE_FUZZ_MUTATIONS"].flatMap(Int.init) ?? 2_000
    static let seed = ProcessInfo.processInfo.environment["HYPERTUNE_FUZZ_SEED"].flatMap(UInt64.init) ?? 16

    /// Applies one random mutation: flip a bit, set a byte, insert or delete bytes, duplicate or
    /// drop a range, cut the file.
    static func mutate(_ bytes: inout [UInt8], _ generator: inout SeededGenerator) {
        guard !bytes.isEmpty else { return }
        let at = generator.nextInt(below: bytes.count)
        switch generator.nextInt(below: 7) {
        case 0: bytes[at] ^= UInt8(1) << UInt8(generator.nextInt(below: 8))
        case 1: bytes[at] = UInt8(truncatingIfNeeded: generator.next())
        case 2: bytes.insert(UInt8(truncatingIfNeeded: generator.next()), at: at)
        case 3: bytes.remove(at: at)
        case 4:
            let end = min(bytes.count, at + 1 + generator.nextInt(below: 64))
            bytes.insert(contentsOf: bytes[at..<end], at: generator.nextInt(below: bytes.count))
        case 5: bytes.removeSubrange(at..<min(bytes.count, at + 1 + generator.nextInt(below: 64)))
        default: bytes.removeSubrange(at...)
        }
    }

    @Test("seeded mutations (2,000 by default): each journal opens or is an error naming a line")
    func mutations() async throws {
        let directory = try TemporaryDirectory("journal-fuzz")
        let source = directory.file("source.journal")
        _ = try await JournalStorageTests.populate(try JournalStorage(path: source, syncPolicy: .never))
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: source)))
        let path = directory.file("mutated.journal")
        var generator = SeededGenerator(seed: Self.seed)
        var opened = 0
        let clock = ContinuousClock()
        let start = clock.now
        for index in 0..<Self.mutations {
            var bytes = original
            for _ in 0...generator.nextInt(below: 3) { Self.mutate(&bytes, &generator) }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                _ = try JournalStorage(path: path, syncPolicy: .never)
                opened += 1
            } catch let error as StorageError {
                #expect(
                    [.corrupt, .unsupportedVersion].contains(error.kind) && error.detail.contains("line"),
                    "mutation \(index): \(error.detail)")
            }
        }
        let seconds = (clock.now - start) / .seconds(1)
        print(
            "journal fuzz: \(Self.mutations) mutations of a \(original.count)-byte journal (seed \(Self.seed)) in "
                + "\(Int(seconds.rounded())) s: \(opened) opened, \(Self.mutations - opened) errors naming a line, none other")
        // Most mutations damage a record; the rest hit the torn tail or cut the file at a line.
        #expect(opened < Self.mutations / 4, "\(opened) of \(Self.mutations) mutated journals opened")
    }
}
