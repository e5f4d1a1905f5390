import Foundation
import HyperTune
import HyperTuneCore
import HyperTuneStorage
import HyperTuneTestSupport
import Testing

/// Several worker processes on one journal (`hypertune-journal-worker`, built by `swift test` as a
/// dependency of this target), killed at seeded moments. Synchronization is by the workers'
/// output lines, never by sleeping.
@Suite("Journal shared by processes")
struct JournalProcessTests {
    let directory: TemporaryDirectory
    let path: String

    init() throws {
        directory = try TemporaryDirectory()
        path = directory.file("shared.journal")
    }

    @Test("four workers, 250 trials each: 1,000 finished trials numbered 0..<1000, all intact")
    func fourWorkers() async throws {
        let workers = try (0..<4).map { seed in try Worker(journal: path, study: "shared", trials: 250, seed: seed) }
        var reported: [Int] = []
        for worker in workers {
            for await line in worker.lines {
                if line.hasPrefix("finished ") { reported.append(Int(line.dropFirst(9))!) }
            }
            #expect(await worker.exitStatus() == 0)
        }
        #expect(reported.sorted() == Array(0..<1_000))
        let journal = try JournalStorage(path: path)
        let study = try await Study.load(name: "shared", storage: journal)
        let trials = try await study.trials
        #expect(trials.count == 1_000)
        #expect(trials.map(\.number) == Array(0..<1_000))
        #expect(trials.allSatisfy { $0.state == .complete })
        Self.expectIntact(trials)
        // Each worker's seed gives its own parameters: no trial was written twice.
        #expect(Set(trials.map { $0.params["x"] }).count == 1_000)
    }

    @Test("a worker killed with SIGKILL at 24 seeded moments loses no trial it reported finished")
    func killedWorkers() async throws {
        var generator = SeededGenerator(seed: 2_024)
        var reported = Set<Int>()
        for run in 0..<24 {
            // Kill after a seeded number of output lines: just after opening, asking, reporting
            // or finishing, in any trial.
            let linesBeforeKill = generator.nextInt(in: 1...14)
            let worker = try Worker(journal: path, study: "killed", trials: 4, seed: 100 + run)
            var seen = 0
            var killed = false
            for await line in worker.lines {
                if line.hasPrefix("finished ") { reported.insert(Int(line.dropFirst(9))!) }
                seen += 1
                if seen == linesBeforeKill {
                    worker.kill()
                    killed = true
                    break
                }
            }
            let status = await worker.exitStatus()
            #expect(killed ? status == SIGKILL : status == 0, "run \(run): exit status \(status)")
            // The file stays readable, and every trial reported finished is there, intact.
            let trials = try await Study.load(name: "killed", storage: try JournalStorage(path: path)).trials
            let complete = trials.filter { $0.state == .complete }
            #expect(reported.isSubset(of: Set(complete.map(\.number))), "run \(run): lost \(reported.subtracting(complete.map(\.number)))")
            #expect(trials.map(\.number) == Array(0..<trials.count))
            Self.expectIntact(complete)
        }
        // The study resumes: a last worker runs to the end, after the trials of every killed run.
        let before = try await Study.load(name: "killed", storage: try JournalStorage(path: path)).trials.count
        let last = try Worker(journal: path, study: "killed", trials: 3, seed: 7)
        var finished: [Int] = []
        for await line in last.lines where line.hasPrefix("finished ") { finished.append(Int(line.dropFirst(9))!) }
        #expect(await last.exitStatus() == 0)
        #expect(finished == Array(before..<before + 3))
        let trials = try await Study.load(name: "killed", storage: try JournalStorage(path: path)).trials
        #expect(trials.count == before + 3 && reported.count >= 10)
    }

    @Test("a dead worker's trial is failed after the grace period and enqueued again with its parameters")
    func deadWorker() async throws {
        let journal = try JournalStorage(path: path)
        let study = try await Study.create(name: "heartbeat", direction: .minimize, sampler: RandomSampler(seed: 3), storage: journal)
        let worker = try Worker(journal: path, study: "heartbeat", trials: 1, seed: 5, hang: true)
        var number: Int?
        for await line in worker.lines where line.hasPrefix("running ") {
            number = Int(line.dropFirst(8))
            break
        }
        let dead = try #require(number)
        worker.kill()
        #expect(await worker.exitStatus() == SIGKILL)
        let stuck = try await journal.trial(TrialID(study: study.id, number: dead))
        #expect(stuck.state == .running)
        let heartbeatDate = try #require(stuck.startDate)
        // Within the grace period nothing is failed.
        #expect(try await study.failStaleTrials(gracePeriod: .seconds(3_600), requeue: true).isEmpty)
        // After it (an explicit date, 2 hours on), the trial is failed and enqueued again.
        let failed = try journal.failStaleTrials(
            in: study.id, gracePeriod: .seconds(3_600), requeue: true, now: heartbeatDate + 7_200)
        #expect(failed.map(\.number) == [dead])
        #expect(try await study.trials(states: [.fail]).map(\.number) == [dead])
        let retry = try await study.ask()
        #expect(retry.fixedParams == stuck.params)
        #expect(retry.record.systemAttributes["retried_from"] == .int(dead))
        #expect(try retry.suggestFloat("x", in: -3...3) == stuck.params["x"]?.doubleValue)
        try await study.tell(retry, value: 1)
        // Another process sees the same outcome.
        let reopened = try await Study.load(name: "heartbeat", storage: try JournalStorage(path: path))
        #expect(try await reopened.trials.map(\.state) == [.fail, .complete])
    }

    /// Every parameter, intermediate value and value is what the worker computed.
    static func expectIntact(_ trials: [TrialRecord]) {
        for trial in trials {
            #expect(Set(trial.params.keys) == ["x", "lr", "layers", "kind"], "trial \(trial.number)")
            #expect(trial.value == JournalWorkload.value(trial.params), "trial \(trial.number)")
            for step in JournalWorkload.steps {
                #expect(trial.intermediateValues[step] == JournalWorkload.intermediate(trial.params, step: step), "trial \(trial.number)")
            }
        }
    }
}

/// A running `hypertune-journal-worker` and its output lines.
final class Worker: Sendable {
    let process: Process
    let lines: AsyncStream<String>
    private let input = Pipe()
    private let exit: Task<Int32, Never>

    init(journal: String, study: String, trials: Int, seed: Int, hang: Bool = false) throws {
        let process = Process()
        process.executableURL = try WorkerExecutable.url()
        process.arguments = [journal, study, String(trials), String(seed)] + (hang ? ["--hang"] : [])
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = input
        let (lines, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .unbounded)
        let reader = LineReader(continuation)
        output.fileHandleForReading.readabilityHandler = { handle in reader.consume(handle.availableData, handle: handle) }
        let (exited, exitContinuation) = AsyncStream.makeStream(of: Int32.self, bufferingPolicy: .unbounded)
        process.terminationHandler = { process in
            exitContinuation.yield(process.terminationStatus)
            exitContinuation.finish()
        }
        try process.run()
        // Our copy of the pipe's write end must go, or the reader never sees the end of the file.
        try output.fileHandleForWriting.close()
        self.process = process
        self.lines = lines
        self.exit = Task {
            var status: Int32 = -1
            for await value in exited { status = value }
            return status
        }
    }

    /// Sends SIGKILL.
    func kill() {
        _ = Foundation.kill(process.processIdentifier, SIGKILL)
    }

    /// Waits for the process to end: its exit code, or the signal that killed it.
    func exitStatus() async -> Int32 {
        await exit.value
    }
}

/// Splits a pipe's bytes into lines for an `AsyncStream`; finishes the stream at end of file.
private final class LineReader: Sendable {
    private let continuation: AsyncStream<String>.Continuation
    private let pending = Locked<[UInt8]>([])

    init(_ continuation: AsyncStream<String>.Continuation) { self.continuation = continuation }

    func consume(_ data: Data, handle: FileHandle) {
        guard !data.isEmpty else {
            handle.readabilityHandler = nil
            continuation.finish()
            return
        }
        let lines = pending.withLock { pending -> [String] in
            pending.append(contentsOf: data)
            var lines: [String] = []
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                lines.append(String(decoding: pending[..<newline], as: UTF8.self))
                pending.removeSubrange(...newline)
            }
            return lines
        }
        for line in lines { continuation.yield(line) }
    }
}

/// Finds the worker executable: `swift test` builds it next to the test bundle (it is a
/// dependency of this test target). Elsewhere (an IDE that builds only the tests) it is built with
/// `swift build --product hypertune-journal-worker` from the package's root.
enum WorkerExecutable {
    static let name = "hypertune-journal-worker"
    private static let cached = Locked<URL?>(nil)

    static func url() throws -> URL {
        try cached.withLock { cached in
            if let cached { return cached }
            let found = try find()
            cached = found
            return found
        }
    }

    private static func find() throws -> URL {
        var directories: [URL] = []
        if let executable = Bundle.main.executableURL { directories.append(executable.deletingLastPathComponent()) }
        directories.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            // macOS: .build/debug/HyperTunePackageTests.xctest/Contents/MacOS/... ; the worker is beside the bundle.
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        for directory in directories {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        // Not built: build it.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        try run(["swift", "build", "--package-path", root.path, "--product", name])
        let binPath = try run(["swift", "build", "--package-path", root.path, "--show-bin-path"])
        return URL(fileURLWithPath: binPath.trimmingCharacters(in: .whitespacesAndNewlines)).appendingPathComponent(name)
    }

    @discardableResult
    private static func run(_ command: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "\(command.joined(separator: " ")) failed"])
        }
        return String(decoding: data, as: UTF8.self)
    }
}
