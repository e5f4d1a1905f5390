// swift-format-ignore-file
// (the guides show these regions verbatim, with their comments aligned)
import HyperTune

// Samples of Docs/ParallelAndDistributed.md.

func trainAsync(_ lr: Double) async throws -> Double { abs(lr - 0.01) }

func parallelInProcess() async throws {
    // snippet: parallel/in-process
    let study = try await Study.create(direction: .minimize)
    try await study.optimize(nTrials: 100, concurrency: 4) { trial in
        let lr = try trial.suggestFloat("lr", in: 1e-4...1, log: true)
        return try await trainAsync(lr)
    }
    // end-snippet
}

func parallelStop() async throws {
    let study = try await Study.create(direction: .minimize)
    // snippet: parallel/stop
    let good: TrialCallback = { study, trial in
        if let value = trial.value, value < 1e-3 { study.stop() }
    }
    try await study.optimize(nTrials: 1_000, concurrency: 4, callbacks: [good]) { trial in
        let x = try trial.suggestFloat("x", in: -1...1)
        return x * x
    }
    // end-snippet
}

func parallelCancel() async throws {
    // snippet: parallel/cancel
    let study = try await Study.create(direction: .minimize)
    let run = Task {
        try await study.optimize(concurrency: 2) { trial in   // no budget: runs until stopped
            let x = try trial.suggestFloat("x", in: -1...1)
            try await Task.sleep(for: .milliseconds(10))      // work that notices cancellation
            return x * x
        }
    }
    // ... later, from anywhere:
    run.cancel()
    _ = await run.result    // CancellationError; no trial is left running
    // end-snippet
}

func parallelProgress() async throws {
    let study = try await Study.create(direction: .minimize)
    // snippet: parallel/progress
    try await study.optimize(nTrials: 200, concurrency: 2, progress: { progress in
        let best = progress.bestValue.map { "\($0)" } ?? "-"
        print("\(progress.finished)/\(progress.budget ?? 0) best \(best) pruned \(progress.pruned)")
    }) { trial in
        let x = try trial.suggestFloat("x", in: -1...1)
        return x * x
    }
    // end-snippet
}
