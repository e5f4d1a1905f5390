import Foundation
public import HyperTuneCore
import HyperTuneSearchSpace

/// Builds hand-made trials and studies for tests of samplers and pruners.
public enum TrialBuilder {
    /// A complete trial with `value` and float parameters `params` (each on `-1e9...1e9`).
    public static func complete(
        _ number: Int, value: Double, params: [String: Double] = [:],
        intermediate: [Int: Double] = [:]
    ) -> TrialRecord {
        TrialRecord(
            number: number, state: .complete, values: [value], parameters: floats(params),
            intermediateValues: intermediate, startDate: Date(timeIntervalSince1970: 0),
            endDate: Date(timeIntervalSince1970: 1))
    }

    /// A trial in `state` with intermediate values `intermediate`.
    public static func trial(
        _ number: Int, state: TrialState, values: [Double]? = nil, intermediate: [Int: Double] = [:],
        params: [String: Double] = [:]
    ) -> TrialRecord {
        TrialRecord(
            number: number, state: state, values: values, parameters: floats(params), intermediateValues: intermediate,
            startDate: Date(timeIntervalSince1970: 0), endDate: state.isFinished ? Date(timeIntervalSince1970: 1) : nil)
    }

    /// A snapshot of `trials` (finished ones in the given order).
    public static func snapshot(_ trials: [TrialRecord], direction: StudyDirection = .minimize) -> StudySnapshot {
        StudySnapshot(studyName: "study", directions: [direction], trials: trials)
    }

    private static func floats(_ params: [String: Double]) -> [String: Parameter] {
        let wide = try! FloatDistribution(low: -1e9, high: 1e9)
        return params.mapValues { Parameter(distribution: .float(wide), internalValue: $0) }
    }
}
