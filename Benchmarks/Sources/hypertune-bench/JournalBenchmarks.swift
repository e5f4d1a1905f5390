import Foundation
import HyperTune

/// The journal storage's costs: overhead per trial against the in-memory storage (random sampler,
/// the driver-overhead objective with 5 parameters; per sync policy, and with 4 trials at once to
/// show syncs shared between tasks), cold replay time of a 100,000-trial journal in a new process,
/// and resident memory per trial after replay.
///
/// Usage: `hypertune-bench journal [--trials N] [--replay-trials N] [--repeats N] [--dir PATH] [--keep]`.
/// `--dir` chooses where the journals are written (default: the system's temporary directory);
/// the sync cost depends entirely on that file system. `--keep` leaves the journals there.
enum JournalBenchmarks {
    static func run(_ arguments: [String]) async throws {
        func value(_ name: String) -> String? {
            guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
            return arguments[index + 1]
        }
        let trials = value("--trials").flatMap(Int.init) ?? 2_000
        let replayTrials = value("--replay-trials").flatMap(Int.init) ?? 100_000
        let repeats = value("--repeats").flatMap(Int.init) ?? 3
        let base = value("--dir") ?? NSTemporaryDirectory()
        let directory = base + "/hypertune-journal-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { if !arguments.contains("--keep") { try? FileManager.default.removeItem(atPath: directory) } }

        print("Journal storage: random sampler, 5 parameters, release build, journals in \(base)")
        print("")
        print("Overhead per trial (median of \(repeats) runs; journal minus in-memory storage)")
        print("policy           concurrency   trials   in-memory µs/trial   journal µs/trial   overhead µs/trial")
        let runs: [(JournalStorage.SyncPolicy, Int)] = [
            (.interval(.seconds(1)), 1), (.never, 1), (.finishedTrials, 1), (.finishedTrials, 4), (.everyRecord, 1),
        ]
        for (policy, concurrency) in runs {
            let synced = policy == .finishedTrials || policy == .everyRecord
            let count = synced ? max(trials / 10, 100) : trials
            var memory: [Double] = []
            var journal: [Double] = []
            for index in 0..<repeats {
                memory.append(try await perTrial(storage: InMemoryStorage(), trials: count, seed: index, concurrency: concurrency))
                let path = directory + "/overhead-\(index).journal"
                try? FileManager.default.removeItem(atPath: path)
                journal.append(
                    try await perTrial(
                        storage: JournalStorage(path: path, syncPolicy: policy), trials: count, seed: index, concurrency: concurrency))
            }
            let label: String
            switch policy {
            case .interval(let interval): label = "interval(\(interval.components.seconds)s)"
            default: label = "\(policy)"
            }
            let name = label.padding(toLength: 16, withPad: " ", startingAt: 0)
            print(
                String(
                    format: "%@ %11d   %6d   %18.2f   %16.2f   %17.2f", name as NSString, concurrency, count, median(memory),
                    median(journal), median(journal) - median(memory)))
        }

        print("")
        let path = directory + "/replay.journal"
        let clock = ContinuousClock()
        let writeStart = clock.now
        let writer = try JournalStorage(path: path, syncPolicy: .never)
        let study = try await Study.create(
            name: "replay", direction: .minimize, sampler: RandomSampler(seed: 1), pruner: NopPruner(), storage: writer)
        try await study.optimize(nTrials: replayTrials) { try DriverOverhead.objective($0) }
        let writeTime = clock.now - writeStart
        let bytes = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        print(
            String(
                format: "Replay: %d trials written in %.2f s (%.1f µs/trial), %.1f MB on disk (%.0f bytes/trial)", replayTrials,
                writeTime.seconds, writeTime.seconds * 1e6 / Double(replayTrials), Double(bytes) / 1e6,
                Double(bytes) / Double(replayTrials)))
        print("Cold replay in a new process (open the journal, snapshot the study; file in the OS cache):")
        print("run   replay s (wall)   replay s (CPU)   µs/trial (wall)   RSS growth MB   bytes/trial")
        var times: [Double] = []
        var cpuTimes: [Double] = []
        var memory: [Double] = []
        for run in 0..<repeats {
            let probe = try probeReplay(path: path)
            times.append(probe.seconds)
            cpuTimes.append(probe.cpuSeconds)
            memory.append(probe.residentBytes / Double(replayTrials))
            print(
                String(
                    format: "%3d   %15.3f   %14.3f   %15.2f   %13.1f   %11.0f", run, probe.seconds, probe.cpuSeconds,
                    probe.seconds * 1e6 / Double(replayTrials), probe.residentBytes / 1e6, probe.residentBytes / Double(replayTrials)))
            precondition(probe.trials == replayTrials, "the replay found \(probe.trials) trials, not \(replayTrials)")
        }
        print(
            String(
                format: "median: %.3f s to replay (%.3f s of CPU), %.0f resident bytes per trial", median(times), median(cpuTimes),
                median(memory)))
    }

    /// Time per trial of `optimize` with the random sampler on `storage`.
    static func perTrial(storage: some Storage, trials: Int, seed: Int, concurrency: Int = 1) async throws -> Double {
        let study = try await Study.create(direction: .minimize, sampler: RandomSampler(seed: seed), pruner: NopPruner(), storage: storage)
        let clock = ContinuousClock()
        let start = clock.now
        try await study.optimize(nTrials: trials, concurrency: concurrency) { try DriverOverhead.objective($0) }
        return (clock.now - start).microseconds / Double(trials)
    }

    struct Probe: Decodable {
        var seconds: Double
        var cpuSeconds: Double
        var residentBytes: Double
        var trials: Int
    }

    /// Runs `hypertune-bench journal-replay-probe PATH` in a new process and reads its result.
    static func probeReplay(path: String) throws -> Probe {
        let process = Process()
        process.executableURL = Bundle.main.executableURL
        process.arguments = ["journal-replay-probe", path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
        return try JSONDecoder().decode(Probe.self, from: data)
    }

    /// The child's side: open, snapshot, report time and resident-set growth as JSON.
    static func replayProbe(path: String) async throws {
        let before = residentBytes()
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = cpuSeconds()
        let journal = try JournalStorage(path: path)
        let id = try await journal.studyID(named: "replay")!
        let snapshot = try await journal.snapshot(of: id)
        let elapsed = clock.now - start
        let cpu = cpuSeconds() - cpuStart
        let after = residentBytes()
        print(#"{"seconds":\#(elapsed.seconds),"cpuSeconds":\#(cpu),"residentBytes":\#(after - before),"trials":\#(snapshot.trialCount)}"#)
        withExtendedLifetime((journal, snapshot)) {}
    }

    /// The CPU time this process used so far (user and system).
    static func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// The resident set size, from /proc/self/statm (0 where it does not exist).
    static func residentBytes() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE)))
    }
}
