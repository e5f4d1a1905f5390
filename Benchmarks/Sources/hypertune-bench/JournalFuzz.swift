import Foundation
import HyperTune

/// A seeded mutation fuzzer over journal bytes (issue 16): a journal with one of every record is
/// mutated (bits flipped, bytes set, inserted or deleted, ranges duplicated or dropped, the file
/// cut), one to four mutations at a time, and opened. Every open must succeed or throw a
/// `StorageError` (`corrupt` or `unsupportedVersion`) naming a line: a crash, a hang or any other
/// error is a failure. The test suite runs 2,000 mutations of the same loop (JournalFuzzTests).
///
/// Usage: `hypertune-bench journal-fuzz [--mutations N] [--seed S] [--dir PATH]` (default one
/// million; `--dir /dev/shm` keeps the file writes off the disk).
enum JournalFuzz {
    static func run(mutations: Int, seed: UInt64, directory base: String) async throws {
        let directory = base + "/hypertune-journal-fuzz-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = directory + "/source.journal"
        let storage = try JournalStorage(path: source, syncPolicy: .never)
        let study = try await Study.create(name: "fuzz", directions: [.minimize, .maximize], storage: storage)
        try await study.setUserAttribute("note", ["nested": [1, 2.5, "three", nil, true], "unicode": "é\n\"q\"\t\u{1}"])
        _ = try await study.enqueueTrial(["x": 0.5, "kind": "sgd"])
        try await study.optimize(nTrials: 6, errorPolicy: .continueOnAll, heartbeatInterval: .seconds(60)) { trial in
            let x = try trial.suggestFloat("x", in: -5...5)
            _ = try trial.suggestInt("layers", in: 1...64, log: true)
            _ = try trial.suggestCategorical("kind", ["sgd", "adam"])
            try await trial.report(.nan, step: 0)
            try await trial.report(x, step: 1)
            if trial.number == 3 { throw TrialPruned() }
            if trial.number == 4 { struct Failure: Error {}; throw Failure() }
            return [x * x, -x]
        }
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: source)))
        let path = directory + "/mutated.journal"
        var generator = SeededGenerator(seed: seed)
        var opened = 0
        var failures = 0
        let clock = ContinuousClock()
        let start = clock.now
        for index in 0..<mutations {
            var bytes = original
            for _ in 0...generator.nextInt(below: 4) { mutate(&bytes, &generator) }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                _ = try JournalStorage(path: path, syncPolicy: .never)
                opened += 1
            } catch let error as StorageError where [.corrupt, .unsupportedVersion].contains(error.kind) && error.detail.contains("line") {
                continue
            } catch {
                failures += 1
                print("mutation \(index): unexpected \(error)")
            }
        }
        let seconds = (clock.now - start) / .seconds(1)
        print(
            String(
                format:
                    "journal-fuzz: %d mutations of a %d-byte journal (seed %llu) in %.1f s (%.1f µs each): %d opened, %d errors naming a line, %d other failures",
                mutations, original.count, seed, seconds, seconds * 1e6 / Double(max(1, mutations)), opened, mutations - opened - failures,
                failures))
        if failures > 0 { exit(1) }
    }

    /// One random mutation (the same kinds as the test suite's fuzzer).
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
}
