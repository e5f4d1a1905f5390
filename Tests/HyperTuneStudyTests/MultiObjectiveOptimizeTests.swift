import HyperTuneCore
import HyperTuneSamplers
import HyperTuneStudy
import Testing

@Suite("optimize with several objectives")
struct MultiObjectiveOptimizeTests {
    /// Two conflicting objectives of one parameter: the whole of [0, 1] is the Pareto front.
    static func conflicting(_ trial: Trial) throws -> [Double] {
        let x = try trial.suggestFloat("x", in: -1...2)
        return [x * x, (x - 1) * (x - 1)]
    }

    struct Conflicting: MultiObjective {
        func evaluate(_ trial: Trial) async throws -> [Double] { try MultiObjectiveOptimizeTests.conflicting(trial) }
    }

    @Test("every trial completes with one value per direction; bestTrials is the non-dominated set", arguments: [1, 3])
    func completes(concurrency: Int) async throws {
        let study = try await Study.create(directions: [.minimize, .minimize], sampler: TPESampler(seed: 4))
        try await study.optimize(nTrials: 30, concurrency: concurrency) { trial in
            try Self.conflicting(trial)
        }
        let trials = try await study.trials
        #expect(trials.count == 30)
        #expect(trials.allSatisfy { $0.state == .complete && $0.values?.count == 2 })
        let front = try await study.bestTrials
        #expect(!front.isEmpty)
        for member in front {
            let x = try #require(member.params["x"]?.doubleValue)
            // Outside [0, 1], x is dominated by 0 or 1 ... and by any trial nearer them.
            let dominated = trials.contains { other in
                let (a, b) = (other.values!, member.values!)
                return a[0] <= b[0] && a[1] <= b[1] && (a[0] < b[0] || a[1] < b[1])
            }
            #expect(!dominated, "trial \(member.number) at x = \(x) is dominated")
        }
        await #expect(throws: StudyError.self) { try await study.bestTrial }
    }

    @Test("the MultiObjective form runs the same trials as the closure form")
    func protocolForm() async throws {
        let byType = try await Study.create(directions: [.minimize, .maximize], sampler: RandomSampler(seed: 9))
        try await byType.optimize(Conflicting(), nTrials: 12)
        let byClosure = try await Study.create(directions: [.minimize, .maximize], sampler: RandomSampler(seed: 9))
        try await byClosure.optimize(nTrials: 12) { trial in try Self.conflicting(trial) }
        #expect(try await byType.trials.map(\.values) == byClosure.trials.map(\.values))
    }

    @Test("the wrong number of values fails the trial, says why, and stops the study")
    func wrongCount() async throws {
        let study = try await Study.create(directions: [.minimize, .minimize], sampler: RandomSampler(seed: 2))
        let error = await #expect(throws: StudyError.self) {
            try await study.optimize(nTrials: 5, concurrency: 2) { trial in
                [try trial.suggestFloat("x", in: 0...1)]
            }
        }
        #expect(error?.kind == .wrongObjectiveCount)
        let trials = try await study.trials
        #expect(!trials.isEmpty && trials.count <= 2)
        #expect(trials.allSatisfy { $0.state == .fail })
        let reason = try #require(trials.first?.systemAttributes[.failReason]?.stringValue)
        #expect(reason.contains("2 objective(s)") && reason.contains("returned 1 value(s)"))
    }

    @Test("a single-value objective on a study of two objectives is refused before any trial starts")
    func singleValueRefused() async throws {
        let study = try await Study.create(directions: [.minimize, .maximize])
        let error = await #expect(throws: StudyError.self) {
            try await study.optimize(nTrials: 3) { trial in try trial.suggestFloat("x", in: 0...1) }
        }
        #expect(error?.kind == .wrongObjectiveCount)
        #expect(error?.description.contains("one value per objective ([Double])") == true)
        #expect(try await study.trials.isEmpty)
    }

    @Test("NaN in one objective fails that trial; the study goes on")
    func nonFinite() async throws {
        let study = try await Study.create(directions: [.minimize, .minimize], sampler: RandomSampler(seed: 3))
        try await study.optimize(nTrials: 4) { trial in
            let x = try trial.suggestFloat("x", in: 0...1)
            return trial.number == 1 ? [x, .nan] : [x, 1 - x]
        }
        let states = try await study.trials.map(\.state)
        #expect(states == [.complete, .fail, .complete, .complete])
    }
}

@Suite("optimize with several objectives: samplers that refuse them")
struct MultiObjectiveRefusalTests {
    @Test("the GP sampler's refusal stops the study with a SamplerError and leaves no trial running")
    func gpRefuses() async throws {
        let study = try await Study.create(directions: [.minimize, .minimize], sampler: GPSampler(seed: 1))
        await #expect(throws: SamplerError.self) {
            try await study.optimize(nTrials: 3) { trial in
                try MultiObjectiveOptimizeTests.conflicting(trial)
            }
        }
        #expect(try await study.trials.allSatisfy { $0.state != .running })
    }
}
