public import HyperTuneCore

/// One row of a table-driven pruner test: a hand-made study, the running trial judged in it, and
/// the decision expected.
public struct PruningCase: Sendable, CustomStringConvertible {
    /// What the row checks (shown as the test argument).
    public var name: String
    /// The pruner under test.
    public var pruner: any Pruner
    /// The study's direction.
    public var direction: StudyDirection
    /// The other trials of the study (finished ones in the order they finished).
    public var history: [TrialRecord]
    /// The running trial being judged.
    public var trial: TrialRecord
    /// Whether it should be pruned.
    public var expected: Bool

    /// Creates a row.
    public init(
        _ name: String, _ pruner: any Pruner, direction: StudyDirection = .minimize, history: [TrialRecord],
        trial: TrialRecord, prunes expected: Bool
    ) {
        self.name = name
        self.pruner = pruner
        self.direction = direction
        self.history = history
        self.trial = trial
        self.expected = expected
    }

    /// The study as the pruner sees it: the history plus the judged trial, as the driver passes it.
    public var snapshot: StudySnapshot {
        TrialBuilder.snapshot(history + [trial], direction: direction)
    }

    /// The pruner's decision.
    public var decision: Bool { pruner.shouldPrune(trial, in: snapshot) }

    /// The row's name.
    public var description: String { name }
}

extension TrialBuilder {
    /// Intermediate values at consecutive steps from `first`: `curve([3, 2, 1])` is `[0: 3, 1: 2, 2: 1]`.
    public static func curve(_ values: [Double], from first: Int = 0) -> [Int: Double] {
        var result: [Int: Double] = [:]
        for (offset, value) in values.enumerated() { result[first + offset] = value }
        return result
    }

    /// A complete trial whose intermediate values are `values` at steps 0, 1, ..., and whose value
    /// is the last of them.
    public static func completeCurve(_ number: Int, _ values: [Double]) -> TrialRecord {
        trial(number, state: .complete, values: [values.last ?? 0], intermediate: curve(values))
    }

    /// A running trial whose intermediate values are `values` at steps 0, 1, ...
    public static func runningCurve(_ number: Int, _ values: [Double]) -> TrialRecord {
        trial(number, state: .running, intermediate: curve(values))
    }
}
