public import HyperTuneCore

/// Prunes a trial when the complete trials whose curves looked most like it at the same step
/// predict that it will not end better than the best complete trial.
///
/// Threshold rules (``MedianPruner``, ``PercentilePruner``, successive halving) judge a trial by
/// where it stands now. When curves cross, a configuration that starts slowly and ends best stands
/// badly early on. This rule judges a trial by a prediction of where it will end instead, made from
/// the curves the study has already seen to the end:
///
/// 1. At a checkpoint with last reported step `t`, take the judged trial's values at its reported
///    steps in the window `(t - window, t]` (NaN values left out).
/// 2. Among the complete trials that reported a value at each of those steps, find the `neighbours`
///    nearest ones: the smallest sum of squared differences over the window steps (ties: the lower
///    trial number).
/// 3. Each neighbour predicts the judged trial's final value as its own final value (its value at
///    its last reported step) shifted by the difference between the two window means: "from here,
///    you will improve as much as I did".
/// 4. Prune when none of these predictions is at least as good as the best final value among all
///    complete trials.
///
/// A slow starter is thus compared with the other slow starters, and is kept if one of them ended
/// at the top; a trial is pruned only when every curve like it ended worse than the best, by enough
/// to cover the gap between them. The rule fits no model of a curve's shape: it uses the observed
/// curves only, so it adapts to whatever shape the study's curves have, and it needs complete
/// trials to learn from (set `startupTrials` to at least `neighbours`).
///
/// Use it with random search. On HyperTune's benchmark, with random search and 40% of the steps of
/// training 100 trials to the end, it ended no worse than training them all; with `TPESampler`
/// (the default sampler) it was worse than no pruning at every budget: TPE samples many trials
/// close to the best, this rule stops many of those that would have ended at the top, and TPE then
/// learns from them as bad trials. With TPE, prefer ``MedianPruner`` with a warm-up
/// (`Docs/Benchmarks.md`, `Docs/Pruners.md`).
///
/// Nothing is pruned
/// - until `startupTrials` trials have completed (pruned and failed trials do not count);
/// - before step `warmupSteps`, and between checkpoints (the windows of `intervalSteps` steps after
///   the warm-up, as for ``PercentilePruner``);
/// - when fewer than `neighbours` complete trials reported at all of the window's steps, or when
///   no complete trial has a finite final value.
///
/// A trial whose value at its last step is NaN is pruned at a checkpoint after the start-up.
/// Complete trials with a NaN in the window or at their last step are left out. When maximizing,
/// values are compared as losses (negated). Multi-objective studies are never pruned.
///
/// The idea of predicting a run's end from its partial curve and stopping it when it is unlikely to
/// beat the best run so far is that of Domhan, Springenberg and Hutter ("Speeding up Automatic
/// Hyperparameter Optimization of Deep Neural Networks by Extrapolation of Learning Curves",
/// IJCAI 2015), who extrapolate with a weighted set of parametric curve models; Chandrashekaran and
/// Lane ("Speeding up Hyper-Parameter Optimization by Extrapolation of Learning Curves Using
/// Previous Builds", ECML PKDD 2017) predict from the curves of earlier runs instead, as this rule
/// does, with a simpler, model-free predictor (nearest curves and their observed improvement).
///
/// - Complexity: O(n·(S + w) + s + n log n) per decision, for n finished trials, a window of w
///   steps, s steps reported by the judged trial and at most S by a complete trial (finding a
///   trial's last step reads its steps). Three arrays of at most n doubles or integers are
///   allocated per decision; nothing per step.
public struct CurvePredictivePruner: Pruner {
    /// How many complete trials with the nearest curves make the prediction.
    public let neighbours: Int
    /// The number of most recent steps compared (the judged trial's steps in `(t - window, t]`).
    public let window: Int
    /// How many trials must have completed before any trial is pruned.
    public let startupTrials: Int
    /// When a trial is judged: `warmupSteps` and `intervalSteps`.
    private let checkpoint: PruningCheckpoint
    private let settings: SettingsCheck

    /// The first step at which a trial can be pruned.
    public var warmupSteps: Int { checkpoint.warmupSteps }
    /// The number of steps between checks, counted from `warmupSteps`.
    public var intervalSteps: Int { checkpoint.intervalSteps }

    /// Creates the pruner.
    ///
    /// - Parameters:
    ///   - neighbours: at least 1 (default 5).
    ///   - window: at least 1 (default 3).
    ///   - startupTrials: at least `neighbours` (default 8).
    ///   - warmupSteps: at least 0 (default 0).
    ///   - intervalSteps: at least 1 (default 1: every step after the warm-up).
    /// An argument out of its range makes ``validate()`` throw a ``HyperTuneCore/SettingError`` naming it, so
    /// `Study.create` refuses the pruner; judging a trial with such a pruner is a precondition failure.
    public init(
        neighbours: Int = 5, window: Int = 3, startupTrials: Int = 8, warmupSteps: Int = 0,
        intervalSteps: Int = 1
    ) {
        var check = SettingsCheck("CurvePredictivePruner")
        check.atLeast("neighbours", neighbours, 1)
        check.atLeast("window", window, 1)
        check.require(startupTrials >= neighbours, "startupTrials", startupTrials, "must be >= neighbours (\(neighbours))")
        checkpoint = PruningCheckpoint(warmupSteps: warmupSteps, intervalSteps: intervalSteps, checkedBy: &check)
        settings = check
        self.neighbours = neighbours
        self.window = window
        self.startupTrials = startupTrials
    }

    /// Throws the first setting out of its range, if any (`Study.create` calls it).
    ///
    /// - Throws: ``HyperTuneCore/SettingError`` naming the setting and its value.
    public func validate() throws {
        try settings.validate()
    }

    /// Whether the neighbours' predictions of `trial`'s final value fall short of the best final
    /// value; see the type's discussion for the rule.
    ///
    /// - Complexity: O(n·(S + w) + s + n log n).
    public func shouldPrune(_ trial: TrialRecord, in study: StudySnapshot) -> Bool {
        settings.assertValid()
        guard !study.isMultiObjective, let step = checkpoint.stepToJudge(trial) else { return false }
        let direction = study.direction

        var completed = 0
        for other in study.finished where other.state == .complete && other.number != trial.number { completed += 1 }
        guard completed >= startupTrials else { return false }  // startupTrials >= neighbours >= 1
        guard let last = trial.intermediateValues[step], !last.isNaN else { return true }
        if !last.isFinite { return direction.loss(last) > 0 }

        // The judged trial's window, as losses, in step order.
        var steps: [Int] = []
        var mine: [Double] = []
        steps.reserveCapacity(window)
        mine.reserveCapacity(window)
        for s in max(0, step - window + 1)...step {
            if let value = trial.intermediateValues[s], value.isFinite {
                steps.append(s)
                mine.append(direction.loss(value))
            }
        }
        let w = steps.count
        var myMean = 0.0
        for value in mine { myMean += value }
        myMean /= Double(w)

        // Every usable complete trial: distance to the judged window and its predicted final loss.
        var distances: [Double] = []
        var predictions: [Double] = []
        var numbers: [Int] = []
        distances.reserveCapacity(completed)
        predictions.reserveCapacity(completed)
        numbers.reserveCapacity(completed)
        var bestFinal = Double.infinity
        for other in study.finished where other.state == .complete && other.number != trial.number {
            guard let finalStep = other.lastStep, let finalValue = other.intermediateValues[finalStep], finalValue.isFinite
            else { continue }
            let final = direction.loss(finalValue)
            bestFinal = Swift.min(bestFinal, final)
            var distance = 0.0
            var mean = 0.0
            var usable = true
            for index in 0..<w {
                guard let value = other.intermediateValues[steps[index]], value.isFinite else {
                    usable = false
                    break
                }
                let loss = direction.loss(value)
                let difference = loss - mine[index]
                distance += difference * difference
                mean += loss
            }
            guard usable else { continue }
            mean /= Double(w)
            distances.append(distance)
            predictions.append(final + (myMean - mean))
            numbers.append(other.number)
        }
        guard distances.count >= neighbours, bestFinal.isFinite else { return false }

        var order = Array(distances.indices)
        order.sort { distances[$0] != distances[$1] ? distances[$0] < distances[$1] : numbers[$0] < numbers[$1] }
        for index in order.prefix(neighbours) where predictions[index] <= bestFinal { return false }
        return true
    }
}
