import HyperTuneCore
import HyperTunePruners
import HyperTuneSamplers
import HyperTuneStudy
import HyperTuneTestSupport
import Testing

/// Every sampler and pruner refuses a setting that cannot work the same way: `Study.create` throws
/// a ``SettingError`` naming the type, the setting and the value.
@Suite("Setting refusals")
struct SettingRefusalTests {
    struct SamplerCase: Sendable, CustomTestStringConvertible {
        var sampler: any Sampler
        var setting: String
        var value: String
        var testDescription: String { "\(type(of: sampler)) \(setting) \(value)" }
    }

    /// A TPE sampler with one option of the default configuration changed.
    static func tpe(_ change: (inout TPESampler.Configuration) -> Void) -> TPESampler {
        var configuration = TPESampler.Configuration()
        change(&configuration)
        return TPESampler(seed: 1, configuration: configuration)
    }

    static let samplers: [SamplerCase] = [
        SamplerCase(sampler: TPESampler(seed: 1, startupTrials: -1), setting: "startupTrials", value: "-1"),
        SamplerCase(sampler: TPESampler(seed: 1, candidates: 0), setting: "candidates", value: "0"),
        SamplerCase(
            sampler: tpe { $0.priorWeight = .infinity }, setting: "priorWeight", value: "inf"),
        SamplerCase(
            sampler: tpe { $0.badBandwidthExponent = -1 }, setting: "badBandwidthExponent",
            value: "-1.0"),
        SamplerCase(
            sampler: tpe { $0.weighting = .decayOld(recent: -2) }, setting: "weighting",
            value: "decayOld(recent: -2)"),
        SamplerCase(sampler: GPSampler(seed: 1, startupTrials: 0), setting: "startupTrials", value: "0"),
        SamplerCase(sampler: GPSampler(seed: 1, candidates: 0), setting: "candidates", value: "0"),
        SamplerCase(sampler: GPSampler(seed: 1, localSearchStarts: 0), setting: "localSearchStarts", value: "0"),
        SamplerCase(sampler: GridSampler(["x": []]), setting: "grid[\"x\"]", value: "[]"),
        SamplerCase(sampler: GridSampler(["x": [1, 2], "k": ["a", "a"]]), setting: "grid[\"k\"]", value: "[\"a\", \"a\"]"),
    ]

    @Test("an invalid sampler setting is refused at Study.create, by name and value", arguments: samplers)
    func sampler(_ c: SamplerCase) async {
        await expectRejected(c.sampler, parameter: c.setting, value: c.value)
    }

    struct PrunerCase: Sendable, CustomTestStringConvertible {
        var pruner: any Pruner
        var setting: String
        var value: String
        var testDescription: String { "\(type(of: pruner)) \(setting) \(value)" }
    }

    static let pruners: [PrunerCase] = [
        PrunerCase(pruner: MedianPruner(startupTrials: -1), setting: "startupTrials", value: "-1"),
        PrunerCase(pruner: PercentilePruner(150), setting: "percentile", value: "150.0"),
        PrunerCase(pruner: SuccessiveHalvingPruner(reductionFactor: 1), setting: "reductionFactor", value: "1"),
        PrunerCase(pruner: HyperbandPruner(minResource: 9, maxResource: 3), setting: "maxResource", value: "3"),
        PrunerCase(pruner: ThresholdPruner(lower: 3, upper: 1), setting: "lower", value: "3.0"),
        PrunerCase(pruner: PatientPruner(nil, patience: -1), setting: "patience", value: "-1"),
        PrunerCase(pruner: PatientPruner(MedianPruner(intervalSteps: 0), patience: 2), setting: "intervalSteps", value: "0"),
        PrunerCase(pruner: CurvePredictivePruner(neighbours: 4, startupTrials: 2), setting: "startupTrials", value: "2"),
    ]

    @Test("an invalid pruner setting is refused at Study.create, by name and value", arguments: pruners)
    func pruner(_ c: PrunerCase) async {
        await expectRejected(c.pruner, parameter: c.setting, value: c.value)
    }

    @Test("the error names the type, the setting, the rule and the value")
    func description() {
        #expect(throws: SettingError(type: "HyperbandPruner", setting: "reductionFactor", value: "1", rule: "must be >= 2")) {
            try HyperbandPruner(reductionFactor: 1).validate()
        }
        #expect(
            SettingError(type: "MedianPruner", setting: "startupTrials", value: "-1", rule: "must be >= 0").description
                == "MedianPruner: startupTrials must be >= 0, got -1")
    }

    @Test("judging a trial with an invalid pruner that was never validated stops the program, not pruning silently")
    func unvalidatedPrunerTraps() async {
        await #expect(processExitsWith: .failure) {
            let trial = TrialRecord(number: 0, state: .running, intermediateValues: [0: 1])
            _ = MedianPruner(warmupSteps: -1).shouldPrune(trial, in: StudySnapshot(studyName: "study", directions: [.minimize], trials: []))
        }
    }
}
