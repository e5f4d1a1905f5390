// swift-format-ignore-file
// (the guides show these regions verbatim, with their comments aligned)
import Foundation
import HyperTune

// Samples of Docs/Pruners.md. Each function holds one or more regions the guide shows.

/// A stand-in for one epoch of a user's training: the validation loss after `epoch + 1` epochs.
func validationLoss(lr: Double, dropout: Double, epoch: Int) -> Double {
    let speed = min(lr, 0.03) * 10 / (1 + dropout)
    let floor = 0.1 + abs(Foundation.log10(lr) + 1.5) * 0.05 + (dropout - 0.3) * (dropout - 0.3)
    return floor + (1 - floor) * Foundation.exp(-speed * Double(epoch + 1))
}

@discardableResult
func prunersLoop() async throws -> Study {
    // snippet: pruners/loop
    let study = try await Study.create(
        direction: .minimize,
        pruner: MedianPruner(startupTrials: 5, warmupSteps: 10)
    )
    try await study.optimize(nTrials: 40) { trial in
        let lr = try trial.suggestFloat("lr", in: 1e-4...1e-1, log: true)
        let dropout = try trial.suggestFloat("dropout", in: 0...0.5)
        var loss = Double.infinity
        for epoch in 0..<30 {
            loss = validationLoss(lr: lr, dropout: dropout, epoch: epoch)
            try await trial.report(loss, step: epoch)
            if try await trial.shouldPrune() { throw TrialPruned() }
        }
        return loss
    }
    // end-snippet
    return study
}

func prunersChoices() -> [any Pruner] {
    // snippet: pruners/choices
    let pruners: [any Pruner] = [
        MedianPruner(),                                        // 5 startup trials, every step judged
        MedianPruner(startupTrials: 10, warmupSteps: 20, intervalSteps: 5, minTrials: 3),
        PercentilePruner(25, startupTrials: 5),                // keep the best quarter at each step
        SuccessiveHalvingPruner(minResource: 1, reductionFactor: 3),   // rungs at steps 1, 3, 9, 27, ...
        HyperbandPruner(minResource: 1, maxResource: 81, reductionFactor: 3),
        ThresholdPruner(upper: 10, warmupSteps: 2),            // a loss above 10 (or NaN) after step 2
        PatientPruner(MedianPruner(), patience: 3, minDelta: 0.001),
        NopPruner(),                                           // never prune
    ]
    // end-snippet
    return pruners
}

@discardableResult
func prunersHyperband() async throws -> Study {
    // snippet: pruners/hyperband
    let epochs = 27
    let study = try await Study.create(
        direction: .minimize,
        sampler: RandomSampler(seed: 1),
        pruner: HyperbandPruner(minResource: 1, maxResource: epochs, reductionFactor: 3)
    )
    try await study.optimize(nTrials: 60, concurrency: 2) { trial in
        let lr = try trial.suggestFloat("lr", in: 1e-4...1e-1, log: true)
        let dropout = try trial.suggestFloat("dropout", in: 0...0.5)
        var loss = Double.infinity
        for epoch in 0..<epochs {                  // report every step: rungs are exact steps
            loss = validationLoss(lr: lr, dropout: dropout, epoch: epoch)
            try await trial.report(loss, step: epoch)
            if try await trial.shouldPrune() { throw TrialPruned() }
        }
        return loss
    }
    // end-snippet
    return study
}

func prunersCurvePredictive() async throws -> Study {
    // snippet: pruners/curve-predictive
    let epochs = 30
    let study = try await Study.create(
        direction: .minimize,
        sampler: RandomSampler(seed: 7),
        pruner: CurvePredictivePruner(neighbours: 5, window: 3, startupTrials: 8)   // the defaults
    )
    try await study.optimize(nTrials: 60) { trial in
        let lr = try trial.suggestFloat("lr", in: 1e-4...1e-1, log: true)
        let dropout = try trial.suggestFloat("dropout", in: 0...0.5)
        var loss = Double.infinity
        for epoch in 0..<epochs {
            loss = validationLoss(lr: lr, dropout: dropout, epoch: epoch)
            try await trial.report(loss, step: epoch)
            if try await trial.shouldPrune() { throw TrialPruned() }
        }
        return loss
    }
    // end-snippet
    return study
}

func prunersBrackets() async throws {
    // snippet: pruners/brackets
    let hyperband = HyperbandPruner(minResource: 1, maxResource: 81, reductionFactor: 3)
    print(hyperband.trialBudgets(maxResource: 81))                                 // [81, 34, 15, 8, 5]
    print(hyperband.bracket(ofTrial: 7, studyName: "my-study", maxResource: 81))   // always the same bracket
    // end-snippet
}

func prunersPatient() async throws {
    // snippet: pruners/patient
    // Stop a trial once it has not improved for 3 reports and it is below the median;
    // stop any trial at once when its loss explodes.
    let patient = PatientPruner(MedianPruner(warmupSteps: 5), patience: 3)
    let guardrail = ThresholdPruner(upper: 1e3)
    // end-snippet
    _ = (patient, guardrail)
}

func prunersByHand(_ study: Study) async throws -> Bool {
    // snippet: pruners/by-hand
    let pruner = PercentilePruner(25, startupTrials: 5)
    let snapshot = try await study.snapshot()
    let running = snapshot.trials([.running])
    let verdicts = running.map { pruner.shouldPrune($0, in: snapshot) }
    // end-snippet
    return verdicts.contains(true)
}

// snippet: pruners/custom
/// Prunes a trial whose loss is still above `ceiling` after `patience` steps.
struct CeilingPruner: Pruner {
    var ceiling: Double
    var patience: Int

    func shouldPrune(_ trial: TrialRecord, in study: StudySnapshot) -> Bool {
        guard let step = trial.lastStep, step >= patience,
            let value = trial.intermediateValues[step]
        else { return false }
        return study.direction.isBetter(ceiling, than: value)
    }
}
// end-snippet
