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
    let study = try await Study.create(
        name: arguments[1], direction: .minimize, sampler: RandomSampler(seed: seed), pruner: NopPruner(), storage: journal,
        loadIfExists: true)
    emit("ready")
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
