// hypertune-postgres-worker: one worker process on a PostgreSQL study, for the multi-process
// tests of HyperTunePostgres and its benchmark.
//
//     hypertune-postgres-worker URL STUDY TRIALS SEED [--heartbeat SECONDS] [--hang]
//
// Connects to URL (the password may come from PGPASSWORD), creates or loads the minimizing study
// STUDY, and runs TRIALS trials (ask, one float and one categorical, tell) with a RandomSampler
// seeded with SEED. Writes one line per event to standard output, unbuffered: "ready",
// "asked N", and "told N" once the trial's finishing record is committed; then "done".
// With --heartbeat, trials beat every SECONDS. With --hang it starts one trial (beating when
// --heartbeat is given), prints "running N" and blocks (until the test kills it).

import Foundation
import HyperTune
import HyperTunePostgres

func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("hypertune-postgres-worker: " + message + "\n").utf8))
    exit(1)
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 4, let trials = Int(arguments[2]), let seed = Int(arguments[3]) else {
    fail("usage: hypertune-postgres-worker URL STUDY TRIALS SEED [--heartbeat SECONDS] [--hang]")
}
var heartbeat: Duration?
if let index = arguments.firstIndex(of: "--heartbeat"), index + 1 < arguments.count, let seconds = Double(arguments[index + 1]) {
    heartbeat = .milliseconds(Int(seconds * 1000))
}

do {
    let storage = try await PostgresStorage(url: arguments[0])
    let study = try await Study.create(
        name: arguments[1], direction: .minimize, sampler: RandomSampler(seed: seed), storage: storage, loadIfExists: true)
    emit("ready")
    if arguments.contains("--hang") {
        try await study.optimize(nTrials: 1, heartbeatInterval: heartbeat) { trial in
            _ = try trial.suggestFloat("x", in: -1...1)
            emit("running \(trial.number)")
            // Block the thread, as a training loop would, until the test kills the process.
            while true { sleep(1) }
        }
    }
    for _ in 0..<trials {
        let trial = try await study.ask()
        let x = try trial.suggestFloat("x", in: -5...5)
        let kind = try trial.suggestCategorical("kind", ["a", "b", "c"])
        emit("asked \(trial.number)")
        let record = try await study.tell(trial, value: x * x + (kind == "a" ? 0 : 1))
        emit("told \(record.number)")
    }
    emit("done")
} catch {
    fail("\(error)")
}
