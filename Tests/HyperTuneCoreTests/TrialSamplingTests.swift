import HyperTuneCore
import HyperTuneSearchSpace
import Testing

/// A sampler that samples `x` jointly (0.26, snapped onto its step) and anything else
/// independently (0.5), so each step of `TrialSampling` shows in the value it gives.
private struct JointX: Sampler {
    func generator(for trial: TrialRecord, in study: StudySnapshot) -> SeededGenerator { SeededGenerator(seed: 1) }
    func relativeSearchSpace(in study: StudySnapshot, for trial: TrialRecord) -> SearchSpace {
        SearchSpace(["x": TrialSamplingTests.x])
    }
    func sampleRelative(
        in study: StudySnapshot, for trial: TrialRecord, searchSpace: SearchSpace, using generator: inout SeededGenerator
    ) throws -> [String: Double] { ["x": 0.26] }
    func sampleIndependent(
        in study: StudySnapshot, for trial: TrialRecord, name: String, distribution: Distribution,
        using generator: inout SeededGenerator
    ) throws -> Double { 0.5 }
}

@Suite("TrialSampling")
struct TrialSamplingTests {
    static let x = Distribution.float(try! FloatDistribution(low: 0, high: 1, step: 0.25))
    static let y = Distribution.float(try! FloatDistribution(low: 0, high: 1))
    static let empty = StudySnapshot(studyName: "study", directions: [.minimize], trials: [])

    @Test("enqueued value, then one-point range, then joint value, then independent sample")
    func order() throws {
        var trial = TrialRecord(number: 0, state: .running)
        var sampling = try TrialSampling(sampler: JointX(), view: Self.empty, trial: trial)
        #expect(sampling.relative == ["x": 0.25])
        #expect(sampling.relativeParamsAttribute == TrialRecord.encodeRelativeParams(["x": 0.25]))
        #expect(try sampling.value(of: "x", Self.x, for: trial) == 0.25)
        #expect(try sampling.value(of: "x", Self.y, for: trial) == 0.5)  // another distribution: not the joint value
        #expect(try sampling.value(of: "y", Self.y, for: trial) == 0.5)
        let point = Distribution.float(try FloatDistribution(low: 3, high: 3))
        #expect(try sampling.value(of: "z", point, for: trial) == 3)
        trial.fixedParams = ["x": 0.75]
        #expect(try sampling.value(of: "x", Self.x, for: trial) == 0.75)
    }

    @Test("an enqueued value outside its distribution is an error naming the parameter")
    func enqueuedOutside() throws {
        var trial = TrialRecord(number: 0, state: .running)
        trial.fixedParams = ["y": 2.0]
        var sampling = try TrialSampling(sampler: JointX(), view: Self.empty, trial: trial)
        #expect { try sampling.value(of: "y", Self.y, for: trial) } throws: { ($0 as? SearchSpaceError)?.parameter == "y" }
    }
}
