import Foundation
public import HyperTuneCore
public import HyperTuneSearchSpace

/// Runs a sampler the way the study driver does, on hand-made snapshots, without storage or
/// concurrency: for sampler tests that need a history the sampler itself produced.
public enum SamplerDriver {
    /// Runs `trials` sequential trials over `space`, each completed with `objective` of its
    /// internal values, and returns them in order.
    ///
    /// Per trial: a running record, `relativeSearchSpace`, `sampleRelative` (values snapped, and
    /// recorded under ``TrialRecord/relativeParamsKey`` like the driver does), then
    /// `sampleIndependent` for every other parameter, in name order.
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
        var generator = sampler.generator(for: record, in: snapshot)
        let relativeSpace = sampler.relativeSearchSpace(in: snapshot, for: record)
        var relative: [String: Double] = [:]
        if !relativeSpace.isEmpty {
            relative = try sampler.sampleRelative(in: snapshot, for: record, searchSpace: relativeSpace, using: &generator)
            for (name, distribution) in relativeSpace {
                if let value = relative[name] { relative[name] = distribution.snapped(value) }
            }
            if !relative.isEmpty {
                record.systemAttributes[TrialRecord.relativeParamsKey] = TrialRecord.encodeRelativeParams(relative)
            }
        }
        for (name, distribution) in space {
            let value: Double
            if distribution.isSingleton {
                value = distribution.snapped(-.infinity)
            } else if let joint = relative[name], relativeSpace[name] == distribution {
                value = joint
            } else {
                value = distribution.snapped(
                    try sampler.sampleIndependent(in: snapshot, for: record, name: name, distribution: distribution, using: &generator))
            }
            record.parameters[name] = Parameter(distribution: distribution, internalValue: value)
        }
        return record
    }
}
