import Foundation
public import HyperTuneCore
public import HyperTuneSearchSpace

/// Runs a sampler the way the study driver does, on hand-made snapshots, without storage or
/// concurrency: for sampler tests that need a history the sampler itself produced.
public enum SamplerDriver {
    /// Runs `trials` sequential trials over `space`, each completed with `objective` of its
    /// internal values, and returns them in order.
    ///
    /// Per trial: a running record, then the driver's own sampling steps
    /// (``HyperTuneCore/TrialSampling``): the joint sample, recorded under
    /// ``HyperTuneCore/SystemAttributeKey/relativeParams`` as the driver does, then every parameter
    /// of `space` in name order.
    public static func run(
        _ sampler: any Sampler, space: SearchSpace, trials: Int, direction: StudyDirection = .minimize,
        running: [TrialRecord] = [], objective: ([String: Double]) -> Double
    ) throws -> [TrialRecord] {
        var finished: [TrialRecord] = []
        for _ in 0..<trials {
            let record = try suggest(sampler, space: space, finished: finished, running: running, direction: direction)
            var complete = record
            complete.state = .complete
            complete.values = [objective(record.parameters.mapValues(\.internalValue))]
            complete.endDate = Date(timeIntervalSince1970: 1)
            finished.append(complete)
        }
        return finished
    }

    /// The running trial a sampler makes next after `finished`, with every parameter of `space`
    /// suggested, while `running` trials are in flight.
    public static func suggest(
        _ sampler: any Sampler, space: SearchSpace, finished: [TrialRecord], running: [TrialRecord] = [],
        direction: StudyDirection = .minimize
    ) throws -> TrialRecord {
        let number = finished.count + running.count
        var record = TrialRecord(number: number, state: .running, startDate: Date(timeIntervalSince1970: 0))
        let snapshot = StudySnapshot(
            studyName: "study", directions: [direction], finished: TrialHistory(finished), unfinished: running + [record])
        var sampling = try TrialSampling(sampler: sampler, view: snapshot, trial: record)
        record.systemAttributes[.relativeParams] = sampling.relativeParamsAttribute
        for (name, distribution) in space {
            let value = try sampling.value(of: name, distribution, for: record)
            record.parameters[name] = Parameter(distribution: distribution, internalValue: value)
        }
        return record
    }
}
