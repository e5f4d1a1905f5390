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
        directory = try TemporaryDirectory("journal")
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
            // Kill once a seeded number of output lines has been read: the worker has opened the
            // journal, or asked, reported or finished a trial, and races on while the signal is
            // sent (when it has done its 4 trials first, it lingers until killed). Lines it wrote
            // before dying are read too: each "finished" among them was reported before the kill.
            let linesBeforeKill = generator.nextInt(in: 1...14)
            let worker = try Worker(journal: path, study: "killed", trials: 4, seed: 100 + run, linger: true)
            var seen = 0
            for await line in worker.lines {
                if line.hasPrefix("finished ") { reported.insert(Int(line.dropFirst(9))!) }
                seen += 1
                if seen == linesBeforeKill { worker.kill() }
            }
            let status = await worker.exitStatus()
            #expect(status == SIGKILL, "run \(run): exit status \(status)")
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
    @Test("a tell whose write the kernel refuses midway (file-size limit) leaves the trial running; told again, it is recorded")
    func realWriteError() async throws {
        let worker = try Worker(journal: path, study: "write-error", trials: 0, seed: 7, options: ["--write-error"])
        var lines: [String] = []
        for await line in worker.lines { lines.append(line) }
        #expect(await worker.exitStatus() == 0, "\(lines)")
        let failure = lines.first { $0.hasPrefix("tell failed ") }
        #expect(failure?.contains("write") == true, "\(lines)")
        #expect(lines.contains("handle finished false"), "\(lines)")
        #expect(lines.contains("retold 0 complete"), "\(lines)")
        // The part of the record that reached the file was cut off: the journal reads whole.
        let study = try await Study.load(name: "write-error", storage: try JournalStorage(path: path))
        let trials = try await study.trials
        #expect(trials.count == 1 && trials.first?.state == .complete && trials.first?.value == 1.5)
    }

    @Test("six processes racing to create one study, 100 rounds: one creates it, the others get StudyError studyExists")
    func createRace() async throws {
        let rounds = 100
        let workers = try (0..<6).map { seed in
            try Worker(journal: path, study: "race", trials: rounds, seed: seed, options: ["--create-race"])
        }
        var iterators = workers.map { $0.lines.makeAsyncIterator() }
        for round in 0..<rounds {
            for index in iterators.indices {
                let line = await iterators[index].next()
                #expect(line == "waiting \(round)")
            }
            for worker in workers { worker.send("go") }
            var outcomes: [String] = []
            for index in iterators.indices { outcomes.append(await iterators[index].next() ?? "ended") }
            #expect(outcomes.filter { $0 == "created \(round)" }.count == 1, "\(outcomes)")
            #expect(outcomes.filter { $0 == "exists \(round)" }.count == workers.count - 1, "\(outcomes)")
        }
        for worker in workers { #expect(await worker.exitStatus() == 0) }
        let journal = try JournalStorage(path: path)
        #expect(try await journal.allStudies().count == rounds)
    }

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
///
/// Started with `posix_spawn` and read by a plain thread with blocking `read` and `waitpid`:
/// Foundation's `Process` and pipe handlers run on libdispatch sources, which crash under
/// ThreadSanitizer on Linux.
final class Worker: Sendable {
    let pid: pid_t
    let lines: AsyncStream<String>
    /// Our end of the worker's standard input, kept open so a `--hang` worker waits.
    private let input: Int32
    private let exit: AsyncStream<Int32>

    init(journal: String, study: String, trials: Int, seed: Int, hang: Bool = false, linger: Bool = false, options: [String] = []) throws {
        let executable = try WorkerExecutable.url().path
        let arguments =
            [executable, journal, study, String(trials), String(seed)] + (hang ? ["--hang"] : []) + (linger ? ["--linger"] : [])
            + options
        // Under ThreadSanitizer (`swift test --sanitize=thread` builds the worker with it too), a
        // process sleeps a second before exiting unless told not to.
        var environment = ProcessInfo.processInfo.environment
        environment["TSAN_OPTIONS"] = (environment["TSAN_OPTIONS"].map { $0 + ":" } ?? "") + "atexit_sleep_ms=0"
        let variables = environment.map { "\($0.key)=\($0.value)" }
        guard let output = Self.closeOnExecPipe(), let input = Self.closeOnExecPipe() else { throw POSIXError(.EMFILE) }
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = variables.map { strdup($0) } + [nil]
        let status = posix_spawn(&pid, executable, &actions, nil, &argv, &envp)
        posix_spawn_file_actions_destroy(&actions)
        for pointer in argv + envp { free(pointer) }
        close(output[1])
        close(input[0])
        guard status == 0 else {
            close(output[0])
            close(input[1])
            throw POSIXError(POSIXErrorCode(rawValue: status) ?? .ENOENT)
        }
        self.pid = pid
        self.input = input[1]
        let (lines, lineContinuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .unbounded)
        let (exit, exitContinuation) = AsyncStream.makeStream(of: Int32.self, bufferingPolicy: .unbounded)
        self.lines = lines
        self.exit = exit
        let descriptor = output[0]
        let child = pid
        let reader = Thread {
            var pending: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4_096)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                pending.append(contentsOf: chunk[..<count])
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    lineContinuation.yield(String(decoding: pending[..<newline], as: UTF8.self))
                    pending.removeSubrange(...newline)
                }
            }
            close(descriptor)
            lineContinuation.finish()
            var status: Int32 = 0
            while waitpid(child, &status, 0) < 0 && errno == EINTR {}
            // The exit code, or the number of the signal that ended the process.
            let signal = status & 0x7F
            exitContinuation.yield(signal == 0 ? (status >> 8) & 0xFF : signal)
            exitContinuation.finish()
        }
        reader.start()
    }

    /// A pipe whose ends are closed in child processes (only the worker's dup2'ed copies
    /// survive), so another worker spawned meanwhile cannot hold this one's pipe open. `pipe2`
    /// sets the flag atomically; where it is missing, `fcntl` leaves a tiny window.
    private static func closeOnExecPipe() -> [Int32]? {
        var descriptors: [Int32] = [-1, -1]
        #if os(Linux)
        typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32
        if let symbol = dlsym(nil, "pipe2") {
            guard unsafeBitCast(symbol, to: Pipe2.self)(&descriptors, O_CLOEXEC) == 0 else { return nil }
            return descriptors
        }
        #endif
        guard pipe(&descriptors) == 0 else { return nil }
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return descriptors
    }

    deinit { close(input) }

    /// Writes `line` and a newline to the worker's standard input.
    func send(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
    }

    /// Sends SIGKILL.
    func kill() {
        _ = Foundation.kill(pid, SIGKILL)
    }

    /// Waits for the process to end: its exit code, or the signal that killed it.
    func exitStatus() async -> Int32 {
        var status: Int32 = -1
        for await value in exit { status = value }
        return status
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
