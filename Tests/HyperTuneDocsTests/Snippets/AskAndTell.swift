// swift-format-ignore-file
// (the guides show these regions verbatim, with their comments aligned)
import HyperTune

// Samples of Docs/AskAndTell.md.

func evaluateSomewhereElse(_ parameters: [String: ParameterValue]) async -> Double? {
    parameters["x"]?.doubleValue.map { $0 * $0 }
}

func askAndTellLoop() async throws {
    // snippet: ask-tell/loop
    let study = try await Study.create(direction: .minimize, sampler: RandomSampler(seed: 3))
    for _ in 0..<20 {
        let trial = try await study.ask()
        let x = try trial.suggestFloat("x", in: -5...5)
        let y = try trial.suggestInt("y", in: 0...3)
        try await study.tell(trial, value: x * x + Double(y))
    }
    print(try await study.bestParams)
    // end-snippet
}

func askAndTellStates(_ study: Study) async throws {
    // snippet: ask-tell/states
    let trial = try await study.ask()
    let x = try trial.suggestFloat("x", in: -5...5)
    if let value = await evaluateSomewhereElse(trial.params) {
        try await study.tell(trial, value: value)          // complete (NaN or infinity: failed)
    } else {
        try await study.tell(trial, state: .fail)          // or .pruned, keeping its last reported value
    }
    _ = x
    // end-snippet
}

func askAndTellReport(_ study: Study) async throws {
    // snippet: ask-tell/report
    let trial = try await study.ask()
    let lr = try trial.suggestFloat("lr", in: 1e-4...1, log: true)
    var loss = 1.0
    for epoch in 0..<20 {
        loss *= 1 - lr
        try await trial.report(loss, step: epoch)
        if try await trial.shouldPrune() {
            try await study.tell(trial, state: .pruned)
            return
        }
    }
    try await study.tell(trial, value: loss)
    // end-snippet
}
