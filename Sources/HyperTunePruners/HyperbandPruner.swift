public import HyperTuneCore

/// Hyperband: several brackets of successive halving, from aggressive (many trials, judged from
/// the first step) to cautious (few trials, judged late), so the study hedges over how early
/// trials can be told apart.
///
/// With resources from `minResource` to `maxResource` and η = `reductionFactor`, there are
/// `S = ⌊log_η(maxResource / minResource)⌋ + 1` brackets. Bracket b (0 ..< S) runs
/// ``SuccessiveHalvingPruner`` with first rung at `minResource · η^b`: bracket 0 judges trials at
/// `minResource`, η·`minResource`, ...; bracket S - 1 only near `maxResource`. Within a bracket, a
/// trial competes only with the trials of its own bracket.
///
/// Each trial is assigned to one bracket, deterministically, from its number and the study's
/// name: CRC-32 of `"<study name>_<trial number>"` modulo the sum of the brackets' trial budgets
/// picks the bracket, each bracket b taking a share proportional to its budget
/// `⌈S · η^(S-1-b) / (S - b)⌉`, the number of configurations Hyperband starts in that bracket
/// (Li et al., Algorithm 1, with `R = maxResource / minResource`). The hash and the budgets are
/// Optuna's, so a study with the same name puts its trials in the same brackets in both libraries.
///
/// The sampler learns from the trials of the new trial's bracket only (``samplerView(of:for:)``):
/// each bracket is its own population, as in Optuna, so a model-based sampler is not misled by
/// trials judged at other resources.
///
/// This is Li, Jamieson, DeSalvo, Rostamizadeh and Talwalkar, "Hyperband: A Novel Bandit-Based
/// Approach to Hyperparameter Optimization" (JMLR 18, 2018), run asynchronously: each bracket is
/// the asynchronous successive halving of Li et al., "A System for Massively Parallel
/// Hyperparameter Tuning" (MLSys 2020). See ``SuccessiveHalvingPruner`` for the rung rule and for
/// how to report.
///
/// `maxResource: nil` ("auto", the default) takes the last step + 1 of the first trial to
/// complete; until a trial has completed, nothing is pruned and the sampler sees the whole study. Give `maxResource` (the number of steps of a full run) when you know it.
///
/// - Complexity: per decision at a rung step, O(n·c) for n trials in the snapshot and c the length
///   of the study name (one hash per trial that reported at that step); O(s + c + log t) otherwise,
///   for s steps reported by the judged trial and t its last step. With "auto", add the scan for
///   the first complete trial (O(n) at worst). ``samplerView(of:for:)``: O(n·c).
public struct HyperbandPruner: Pruner {
    /// The step of the first rung of bracket 0.
    public let minResource: Int
    /// The number of steps of a full run, or `nil` for "auto".
    public let maxResource: Int?
    /// η: the factor between rung steps, and the inverse of the fraction kept at each rung.
    public let reductionFactor: Int
    /// How many trials a rung needs before any trial reaching it can be promoted.
    public let bootstrapCount: Int

    /// The largest `maxResource` accepted (2^48), so that bracket budgets fit in an `Int`.
    public static let maxResourceLimit = 1 << 48

    private let settings: SettingsCheck
    /// The finished trials of each bracket, folded in as they finish (see ``samplerView(of:for:)``).
    private let bracketHistories = BracketHistories()

    /// Throws the first setting out of its range, if any (`Study.create` calls it).
    ///
    /// - Throws: ``HyperTuneCore/SettingError`` naming the setting and its value.
    public func validate() throws {
        try settings.validate()
    }

    /// Creates the pruner.
    ///
    /// - Parameters:
    ///   - minResource: at least 1 (default 1).
    ///   - maxResource: at least `minResource` and at most ``maxResourceLimit``, or `nil` to derive
    ///     it from the first complete trial (default).
    ///   - reductionFactor: η, at least 2 (default 3).
    ///   - bootstrapCount: at least 0 (default 0); only with a given `maxResource`.
    /// An argument out of its range makes ``validate()`` throw a ``HyperTuneCore/SettingError`` naming it, so
    /// `Study.create` refuses the pruner; judging a trial with such a pruner is a precondition failure.
    public init(minResource: Int = 1, maxResource: Int? = nil, reductionFactor: Int = 3, bootstrapCount: Int = 0) {
        var check = SettingsCheck("HyperbandPruner")
        check.atLeast("minResource", minResource, 1)
        if let maxResource {
            check.require(
                maxResource >= minResource && maxResource <= Self.maxResourceLimit, "maxResource", maxResource,
                "must be in \(max(minResource, 1))...\(Self.maxResourceLimit) or nil (auto)")
        }
        RungRule.check(
            reductionFactor: reductionFactor, bootstrapCount: bootstrapCount, resource: "maxResource", resourceIsGiven: maxResource != nil,
            in: &check)
        settings = check
        self.minResource = minResource
        self.maxResource = maxResource
        self.reductionFactor = reductionFactor
        self.bootstrapCount = bootstrapCount
    }

    // MARK: Brackets

    /// The max resource in `study`: ``maxResource``, or for "auto" the last step + 1 of the first
    /// trial to complete (capped at ``maxResourceLimit``); `nil` while no trial has completed.
    ///
    /// - Complexity: O(1) with a given `maxResource`; O(n + s) for "auto".
    func resolvedMaxResource(in study: StudySnapshot) -> Int? {
        if let maxResource { return maxResource }
        return study.lastStepOfFirstCompleteTrial.map { min($0 + 1, Self.maxResourceLimit) }
    }

    /// The trial budget of each bracket for `maxResource`, bracket 0 first:
    /// `⌈S · η^(S-1-b) / (S - b)⌉` for bracket b of S. A trial lands in bracket b with probability
    /// `budget[b] / sum(budget)`.
    ///
    /// - Complexity: O(S).
    public func trialBudgets(maxResource: Int) -> [Int] {
        Brackets(minResource: minResource, maxResource: maxResource, reductionFactor: reductionFactor).budgets
    }

    /// The bracket of trial `number` in a study named `studyName`, for `maxResource`.
    ///
    /// - Complexity: O(c + S) for a study name of c bytes.
    public func bracket(ofTrial number: Int, studyName: String, maxResource: Int) -> Int {
        Brackets(minResource: minResource, maxResource: maxResource, reductionFactor: reductionFactor)
            .bracket(ofTrial: number, studyName: studyName)
    }

    /// The bracket of `trial` in `study`, or `nil` while "auto" is unresolved.
    ///
    /// - Complexity: O(c + S), plus O(n + s) for "auto".
    func bracket(of trial: TrialRecord, in study: StudySnapshot) -> Int? {
        guard let brackets = brackets(in: study) else { return nil }
        return brackets.bracket(ofTrial: trial.number, studyName: study.studyName)
    }

    // MARK: Pruner

    /// Whether `trial` just reported at a rung step of its bracket and is not among the best `1/η`
    /// of its bracket's trials there.
    ///
    /// - Complexity: O(n·c) at a rung step; O(s + c + log t) otherwise (see the type).
    public func shouldPrune(_ trial: TrialRecord, in study: StudySnapshot) -> Bool {
        settings.assertValid()
        guard !study.isMultiObjective, let step = trial.lastStep, let brackets = brackets(in: study) else { return false }
        let name = study.studyName
        let bracket = brackets.bracket(ofTrial: trial.number, studyName: name)
        let rule = RungRule(
            minResource: minResource, reductionFactor: reductionFactor, minEarlyStoppingRate: bracket,
            bootstrapCount: bootstrapCount)
        return rule.shouldPrune(trial, step: step, in: study) {
            brackets.bracket(ofTrial: $0.number, studyName: name) == bracket
        }
    }

    /// The trials of `trial`'s bracket (the whole study while "auto" is unresolved).
    ///
    /// Each bracket's finished trials are kept in an append-only log of their own, folded in as
    /// they finish, so successive views of one bracket are prefixes of one another under one
    /// lineage: a sampler that keeps statistics between suggestions (TPE) keeps them under
    /// Hyperband too.
    ///
    /// - Complexity: O(c) per trial finished since the previous call, plus O(r·c) for r
    ///   running trials.
    public func samplerView(of study: StudySnapshot, for trial: TrialRecord) -> StudySnapshot {
        settings.assertValid()
        guard let brackets = brackets(in: study) else { return study }
        let name = study.studyName
        let bracket = brackets.bracket(ofTrial: trial.number, studyName: name)
        var view = study
        view.finished = bracketHistories.history(of: bracket, in: study, brackets: brackets)
        view.unfinished = study.unfinished.filter { brackets.bracket(ofTrial: $0.number, studyName: name) == bracket }
        return view
    }

    private func brackets(in study: StudySnapshot) -> Brackets? {
        resolvedMaxResource(in: study).map {
            Brackets(minResource: minResource, maxResource: $0, reductionFactor: reductionFactor)
        }
    }
}

/// The brackets of a Hyperband run: their trial budgets and the assignment of trials to them.
struct Brackets: Sendable, Hashable {
    /// The trial budget of each bracket, bracket 0 first.
    let budgets: [Int]
    /// The sum of the budgets.
    let total: Int

    init(minResource: Int, maxResource: Int, reductionFactor: Int) {
        // S - 1 = the largest s with minResource · η^s <= maxResource, exactly (no logarithms).
        var count = 1
        var resource = minResource
        while true {
            let (next, overflow) = resource.multipliedReportingOverflow(by: reductionFactor)
            if overflow || next > maxResource { break }
            resource = next
            count += 1
        }
        var budgets: [Int] = []
        var power = resource / minResource  // η^(S-1)
        for bracket in 0..<count {
            let s = count - 1 - bracket
            budgets.append((count * power + s) / (s + 1))  // ⌈S · η^s / (s + 1)⌉
            power /= reductionFactor
        }
        self.budgets = budgets
        self.total = budgets.reduce(0, +)
    }

    /// The bracket of trial `number` of the study named `studyName`.
    func bracket(ofTrial number: Int, studyName: String) -> Int {
        var remaining = Int(CRC32.ieee.checksum("\(studyName)_\(number)".utf8)) % total
        for (bracket, budget) in budgets.enumerated() {
            remaining -= budget
            if remaining < 0 { return bracket }
        }
        preconditionFailure("the budgets sum to \(total)")
    }
}

/// The finished trials of each Hyperband bracket, each in its own append-only ``TrialLog``, folded in
/// incrementally from the study's history (whose lineage and prefix property carry over).
final class BracketHistories: Sendable {
    private struct Logs: HistoryFold {
        let studyName: String
        let brackets: Brackets
        var logs: [TrialLog]

        init(studyName: String, brackets: Brackets) {
            self.studyName = studyName
            self.brackets = brackets
            logs = brackets.budgets.map { _ in TrialLog() }
        }

        mutating func fold(_ history: TrialHistory, newTrials: Range<Int>) {
            for position in newTrials {
                let trial = history[position]
                logs[brackets.bracket(ofTrial: trial.number, studyName: studyName)].append(trial)
            }
        }
    }

    private let folds = FoldCache<Logs>()

    /// The finished trials of `bracket` in `study`, in the order they finished.
    func history(of bracket: Int, in study: StudySnapshot, brackets: Brackets) -> TrialHistory {
        // Another study or other brackets: start over (new lineages).
        folds.withState(
            of: study.finished, fresh: { Logs(studyName: study.studyName, brackets: brackets) },
            reusable: { $0.studyName == study.studyName && $0.brackets == brackets }
        ) { $0.logs[bracket].history }
    }
}
