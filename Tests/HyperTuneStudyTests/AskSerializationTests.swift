import HyperTuneCore
import HyperTuneSearchSpace
import HyperTuneStudy
import Testing

/// A sampler that samples "x" jointly (always 0.5) and records, per trial, how many running trials
/// (and how many of them had a recorded joint sample) it saw.
private final class ObservingSampler: Sampler {
    let seen = Locked<[Int: (running: Int, planned: Int)]>([:])

    func generator(for trial: TrialRecord, in study: StudySnapshot) -> SeededGenerator {
        SeededGenerator(seed: 0, stream: UInt64(trial.number))
    }

    func relativeSearchSpace(in study: StudySnapshot, for trial: TrialRecord) -> SearchSpace {
        let running = study.running
        seen.withLock { $0[trial.number] = (running.count, running.filter { $0.relativeParams["x"] == 0.5 }.count) }
        return SearchSpace(["x": .float(try! FloatDistribution(low: 0, high: 1))])
    }

    func sampleRelative(
        in study: StudySnapshot, for trial: TrialRecord, searchSpace: SearchSpace, using generator: inout SeededGenerator
    ) throws -> [String: Double] {
        ["x": 0.5]
    }

    func sampleIndependent(
        in study: StudySnapshot, for trial: TrialRecord, name: String, distribution: Distribution,
        using generator: inout SeededGenerator
    ) throws -> Double {
        0
    }
}

@Suite("Ask serialization")
struct AskSerializationTests {
    @Test("concurrent asks each see the trials started before them, with their joint samples")
    func concurrentAsksSeeEachOther() async throws {
        let sampler = ObservingSampler()
        let study = try await Study.create(direction: .minimize, sampler: sampler)
        let trials = try await withThrowingTaskGroup(of: Trial.self) { group in
            for _ in 0..<6 { group.addTask { try await study.ask() } }
            return try await group.reduce(into: [Trial]()) { $0.append($1) }
        }
        let seen = sampler.seen.withLock { $0 }
        // Trial k was asked after trials 0..<k, all still running, each with its joint sample recorded.
        for number in 0..<6 {
            #expect(seen[number]?.running == number)
            #expect(seen[number]?.planned == number)
        }
        for trial in trials {
            #expect(try trial.suggestFloat("x", in: 0...1) == 0.5)
            #expect(trial.record.relativeParams == ["x": 0.5])
            try await study.tell(trial, value: 1)
        }
        // A parameter suggested with another distribution than the joint one is sampled on its own.
        let other = try await study.ask()
        #expect(try other.suggestFloat("x", in: 0...2) == 0)
    }
}
