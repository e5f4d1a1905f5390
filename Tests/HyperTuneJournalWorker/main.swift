// hypertune-journal-worker: one worker process on a journal, for the multi-process tests of
// JournalStorage (Tests/HyperTuneTests/JournalProcessTests.swift).
//
//     hypertune-journal-worker JOURNAL STUDY TRIALS SEED [--sync never|finishedTrials|everyRecord] [--hang] [--linger]
//
// Opens JOURNAL, creates or loads the minimizing study STUDY, and runs TRIALS trials of
// `JournalWorkload` with a RandomSampler seeded with SEED. Writes one line per event to standard
// output, unbuffered, as it happens: "ready", "asked N", "reported N S" and, once the trial's
// finishing record is written (and synced per the policy), "finished N"; then "done".
// With --hang it starts one trial, writes its parameters and a heartbeat, prints "running N" and
// waits on standard input (until the test kills it). With --linger it waits on standard input
// after "done" instead of exiting, so a kill always finds it alive.
// With --write-error it starts one trial, then lowers its file-size limit (RLIMIT_FSIZE) so that
// only a part of the next record fits, tells the trial (the kernel refuses the write midway:
// EFBIG) and prints "tell failed ERROR" and "handle finished BOOL"; then it lifts the limit,
// tells the same value again and prints "retold N STATE".
// With --create-race it runs TRIALS rounds of a race to create a study: in round r it prints
// "waiting r", waits for a line on standard input, calls `Study.create` for "STUDY-r" (without
// loadIfExists) and prints "created r", "exists r" (a StudyError studyExists) or "other r ERROR".

import Foundation
import HyperTune
import HyperTuneTestSupport

func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("hypertune-journal-worker: " + message + "\n").utf8))
    exit(1)
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 4, let trials = Int(arguments[2]), let seed = Int(arguments[3]) else {
    fail("usage: hypertune-journal-worker JOURNAL STUDY TRIALS SEED [--sync POLICY] [--hang]")
}
var policy = JournalStorage.SyncPolicy.finishedTrials
if let index = arguments.firstIndex(of: "--sync"), index + 1 < arguments.count {
    switch arguments[index + 1] {
    case "never": policy = .never
    case "everyRecord": policy = .everyRecord
    case "finishedTrials": policy = .finishedTrials
    default: fail("unknown sync policy \(arguments[index + 1])")
    }
}

/// Sets the soft limit on the size of files this process writes (`nil`: no limit).
func limitFileSize(_ bytes: Int?) {
    var limit = rlimit()
    getrlimit(fileSizeResource, &limit)
    limit.rlim_cur = bytes.map { rlim_t($0) } ?? limit.rlim_max
    guard setrlimit(fileSizeResource, &limit) == 0 else { fail("setrlimit: errno \(errno)") }
}

#if os(Linux)
let fileSizeResource = __rlimit_resource_t(RLIMIT_FSIZE.rawValue)
#else
let fileSizeResource = RLIMIT_FSIZE
#endif

@Sendable func objective(_ trial: Trial) async throws -> Double {
    let params: [String: ParameterValue] = [
        "x": .float(try trial.suggestFloat("x", in: -3...3)),
        "lr": .float(try trial.suggestFloat("lr", in: 1e-5...1e-1, log: true)),
        "layers": .int(try trial.suggestInt("layers", in: 1...8)),
        "kind": .string(try trial.suggestCategorical("kind", ["sgd", "adam", "rmsprop"])),
    ]
    emit("asked \(trial.number)")
    for step in JournalWorkload.steps {
        try await trial.report(JournalWorkload.intermediate(params, step: step), step: step)
        emit("reported \(trial.number) \(step)")
    }
    return JournalWorkload.value(params)
}

do {
    let journal = try JournalStorage(path: arguments[0], syncPolicy: policy)
    if arguments.contains("--create-race") {
        for round in 0..<trials {
            emit("waiting \(round)")
            _ = readLine()
            do {
                _ = try await Study.create(name: "\(arguments[1])-\(round)", direction: .minimize, storage: journal)
                emit("created \(round)")
            } catch let error as StudyError where error.kind == .studyExists {
                emit("exists \(round)")
            } catch {
                emit("other \(round) \(error)")
            }
        }
        exit(0)
    }
    let study = try await Study.create(
        name: arguments[1], direction: .minimize, sampler: RandomSampler(seed: seed), pruner: NopPruner(), storage: journal,
        loadIfExists: true)
    emit("ready")
    if arguments.contains("--write-error") {
        // Past the limit, a write fails with EFBIG instead of raising SIGXFSZ.
        signal(SIGXFSZ, SIG_IGN)
        let trial = try await study.ask()
        _ = try trial.suggestFloat("x", in: -3...3)
        try await trial.flush()
        let size = try FileManager.default.attributesOfItem(atPath: arguments[0])[.size] as? Int ?? 0
        limitFileSize(size + 10)
        do {
            _ = try await study.tell(trial, value: 1.5)
            emit("told \(trial.number)")
        } catch {
            emit("tell failed \(error)")
        }
        emit("handle finished \(trial.isFinished)")
        limitFileSize(nil)
        let told = try await study.tell(trial, value: 1.5)
        emit("retold \(told.number) \(told.state)")
        exit(0)
    }
    if arguments.contains("--hang") {
        let trial = try await study.ask()
        _ = try trial.suggestFloat("x", in: -3...3)
        _ = try trial.suggestCategorical("kind", ["sgd", "adam", "rmsprop"])
        try await trial.flush()
        try await trial.recordHeartbeat()
        emit("running \(trial.number)")
        _ = readLine()
        exit(0)
    }
    try await study.optimize(
        nTrials: trials,
        callbacks: [{ _, record in emit("finished \(record.number)") }],
        objective)
    emit("done")
    if arguments.contains("--linger") { _ = readLine() }
} catch {
    fail("\(error)")
}
