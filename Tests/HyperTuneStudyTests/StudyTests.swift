import HyperTuneCore
import HyperTunePruners
import HyperTuneSamplers
import HyperTuneSearchSpace
import HyperTuneStorage
import HyperTuneStudy
import HyperTuneTestSupport
import Testing

struct Boom: Error, CustomStringConvertible {
    var description: String { "boom" }
}

@Suite("Study driver")
struct StudyTests {
    func fiveParameters(_ trial: Trial) throws -> Double {
        let x = try trial.suggestFloat("x", in: -5...5)
        let lr = try trial.suggestFloat("lr", in: 1e-5...1e-1, log: true)
        let n = try trial.suggestInt("n", in: 1...64, log: true)
        let s = try trial.suggestFloat("s", in: 0...1, step: 0.1)
        let k = try trial.suggestCategorical("k", ["a", "b", "c"])
        return x * x + lr + Double(n) + s + (k == "a" ? 0 : 1)
    }

    @Test("the same seed at concurrency 1 gives identical trials")
    func reproducible() async throws {
        func run() async throws -> [[String: ParameterValue]] {
            let study = try await Study.create(direction: .minimize, sampler: RandomSampler(seed: 3))
            try await study.optimize(nTrials: 40) { try fiveParameters($0) }
            return try await study.trials.map(\.params)
        }
        let first = try await run()
        #expect(first.count == 40)
        #expect(try await run() == first)
    }

    @Test("1,000 trials at concurrency 8: exactly 1,000 finished, numbered 0..999, none running")
    func concurrentBudget() async throws {
        let study = try await Study.create(direction: .minimize, sampler: RandomSampler(seed: 1))
        try await study.optimize(nTrials: 1000, concurrency: 8) { trial in
            let value = try fiveParameters(trial)
            try await trial.report(value, step: 0)
            return value
        }
        let trials = try await study.trials
        #expect(trials.count == 1000)
        #expect(trials.map(\.number) == Array(0..<1000))
        #expect(trials.allSatisfy { $0.state == .complete && $0.params.count == 5 })
    }

    @Test("a 2x3 grid at concurrency 4 evaluates exactly 6 distinct points and stops")
    func grid() async throws {
        let study = try await Study.create(direction: .minimize, sampler: GridSampler(["x": [-1, 0, 1], "kind": ["a", "b"]]))
        try await study.optimize(nTrials: 100, concurrency: 4) { trial in
            let x = try trial.suggestFloat("x", in: -3...3)
            let kind = try trial.suggestCategorical("kind", ["a", "b"])
            await Task.yield()
            return x + (kind == "a" ? 0 : 10)
        }
        let trials = try await study.trials
        #expect(trials.count == 6)
        #expect(Set(trials.map(\.params)).count == 6)
        #expect(trials.allSatisfy { $0.state == .complete })
        // Asking again has nothing left to try.
        await #expect { _ = try await study.ask() } throws: { ($0 as? StudyError)?.kind == .samplerExhausted }
    }

    @Test("a thrown error fails the trial with its description, and the study goes on")
    func thrownError() async throws {
        let study = try await Study.create(direction: .minimize, sampler: RandomSampler(seed: 1))
        try await study.optimize(nTrials: 5) { trial in
            if trial.number == 1 { throw Boom() }
            return 1
        }
        let trials = try await study.trials
        #expect(trials.count == 5)
        #expect(trials[1].state == .fail)
        #expect(trials[1].systemAttributes["fail_reason"] == "boom")
        #expect(trials.filter { $0.state == .complete }.count == 4)
    }

    @Test("NaN and infinite values fail the trial with the reason")
    func nonFinite() async throws {
        let study = try await Study.create(direction: .minimize, sampler: RandomSampler(seed: 1))
        try await study.optimize(nTrials: 3) { trial in
            [Double.nan, .infinity, 2][trial.number]
        }
        let trials = try await study.trials
        #expect(trials.map(\.state) == [.fail, .fail, .complete])
        #expect(trials[0].systemAttributes["fail_reason"] == "the objective returned nan")
        #expect(trials[1].systemAttributes["fail_reason"] == "the objective returned inf")
        #expect(try await study.bestValue == 2)
    }

    @Test("TrialPruned prunes the trial, keeping its intermediate values and its last one as value")
    func pruned() async throws {
        let study = try await Study.create(direction: .minimize, sampler: RandomSampler(seed: 1))
        try await study.optimize(nTrials: 1) { trial in
            try await trial.report(3, step: 0)
            try await trial.report(2, step: 1)
            throw TrialPruned()
        }
        let trial = try #require(try await study.trials.first)
        #expect(trial.state == .pruned)
        #expect(trial.intermediateValues == [0: 3, 1: 2])
        #expect(trial.value == 2)
    }

    @Test("cancelling the surrounding task ends the study with no trial running")
    func cancellation() async throws {
        let study = try await Study.create(direction: .minimize, sampler: RandomSampler(seed: 1))
        let blocked = CountdownSignal()
        let task = Task {
            try await study.optimize(nTrials: 100, concurrency: 2) { trial in
                if trial.number < 4 { return Double(trial.number) }
                blocked.increment()
                try await suspendUntilCancelled()
                return 0
            }
        }
        await blocked.wait(until: 2)
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        let trials = try await study.trials
        #expect(trials.count == 6)
        #expect(trials.allSatisfy { $0.state.isFinished })
        #expect(trials.filter { $0.state == .fail }.count == 2)
        #expect(
            trials.filter { $0.state == .fail }.allSatisfy {
                $0.systemAttributes["fail_reason"]?.stringValue?.hasPrefix("cancelled") == true
            })
    }

    @Test("writing to a finished trial is an error")
    func finishedTrial() async throws {
        let study = try await Study.create(direction: .minimize, sampler: RandomSampler(seed: 1))
        let trial = try await study.ask()
        let x = try trial.suggestFloat("x", in: 0...1)
        try await study.tell(trial, value: x)
        await #expect { try await trial.report(1, step: 0) } throws: { ($0 as? StudyError)?.kind == .trialFinished }
        #expect { _ = try trial.suggestFloat("y", in: 0...1) } throws: { ($0 as? StudyError)?.kind == .trialFinished }
        await #expect { try await study.tell(trial, value: 1) } throws: { ($0 as? StudyError)?.kind == .trialFinished }
        await #expect { try await trial.setUserAttribute("k", 1) } throws: { ($0 as? StudyError)?.kind == .trialFinished }
        // The stored trial is untouched.
        #expect(try await study.trials.first?.value == x)
    }

    @Test("ask and tell, with values and states")
    func askAndTell() async throws {
        let study = try await Study.create(direction: .maximize, sampler: RandomSampler(seed: 1))
        for value in [1.0, 5, 3] {
            let trial = try await study.ask()
            _ = try trial.suggestFloat("x", in: 0...1)
            try await trial.setUserAttribute("tag", .string("t\(trial.number)"))
            try await study.tell(trial, value: value)
        }
        let failed = try await study.ask()
        try await study.tell(failed, state: .fail)
        let pruned = try await study.ask()
        try await pruned.report(0.5, step: 2)
        try await study.tell(pruned, state: .pruned)
        let best = try await study.bestTrial
        #expect(best.number == 1 && best.value == 5 && best.userAttributes["tag"] == "t1")
        let trials = try await study.trials
        #expect(trials.map(\.state) == [.complete, .complete, .complete, .fail, .pruned])
        #expect(trials[4].value == 0.5)
        #expect(trials[0].params.keys.sorted() == ["x"])
        let other = try await study.ask()
        await #expect { try await study.tell(other, state: .complete) } throws: { ($0 as? StudyError)?.kind == .invalidArgument }
        await #expect { try await study.tell(other, values: [1, 2]) } throws: { ($0 as? StudyError)?.kind == .wrongObjectiveCount }
    }

    @Test("an enqueued partial configuration runs first; the rest is sampled")
    func enqueue() async throws {
        let study = try await Study.create(direction: .minimize, sampler: RandomSampler(seed: 1))
        try await study.enqueueTrial(["x": 0.25, "k": "b"])
        try await study.enqueueTrial(["x": 0.25, "k": "b"], skipIfExists: true)
        try await study.optimize(nTrials: 2) { trial in
            let x = try trial.suggestFloat("x", in: 0...1)
            let k = try trial.suggestCategorical("k", ["a", "b"])
            let y = try trial.suggestInt("y", in: 0...9)
            return x + Double(y) + (k == "a" ? 1 : 0)
        }
        let trials = try await study.trials
        #expect(trials.count == 2)
        #expect(trials[0].params["x"] == 0.25 && trials[0].params["k"] == "b" && trials[0].params["y"] != nil)
        #expect(trials[0].fixedParams == ["x": 0.25, "k": "b"])
    }

    @Test("an enqueued value outside its distribution is an error naming it, and stops the study")
    func enqueueOutside() async throws {
        let study = try await Study.create(direction: .minimize, sampler: RandomSampler(seed: 1))
        try await study.enqueueTrial(["x": 7])
        await #expect {
            try await study.optimize(nTrials: 3) { try $0.suggestFloat("x", in: 0...1) }
        } throws: { error in
            let error = error as? SearchSpaceError
            return error?.parameter == "x" && error?.kind == .valueOutsideDistribution
        }
        let trials = try await study.trials
        #expect(trials.count == 1 && trials[0].state == .fail)
    }

    @Test("error policies: stop on any error rethrows it after recording the trial")
    func errorPolicy() async throws {
        let study = try await Study.create(direction: .minimize, sampler: RandomSampler(seed: 1))
        await #expect(throws: Boom.self) {
            try await study.optimize(nTrials: 10, errorPolicy: .stopOnAny) { trial in
                if trial.number == 2 { throw Boom() }
                return 0
            }
        }
        #expect(try await study.trials.count == 3)
    }

    @Test("stop() from a callback ends the run; callbacks and progress see every trial in order")
    func stopAndHooks() async throws {
        let study = try await Study.create(direction: .minimize, sampler: RandomSampler(seed: 1))
        let seen = Locked<[Int]>([])
        let progress = Locked<[OptimizeProgress]>([])
        try await study.optimize(
            nTrials: 50,
            callbacks: [
                { study, trial in
                    seen.withLock { $0.append(trial.number) }
                    if trial.number == 9 { study.stop() }
                }
            ],
            progress: { update in progress.withLock { $0.append(update) } }
        ) { trial in
            Double(10 - trial.number)
        }
        #expect(seen.withLock { $0 } == Array(0..<10))
        let updates = progress.withLock { $0 }
        #expect(updates.map(\.finished) == Array(1...10))
        #expect(updates.last?.bestValue == 1 && updates.last?.bestTrialNumber == 9)
        #expect(updates.last?.fractionDone == 0.2)
        // A later run is not stopped by the earlier request.
        try await study.optimize(nTrials: 2) { _ in 0 }
        #expect(try await study.trials.count == 12)
    }

    @Test("a zero timeout starts nothing; bad arguments are errors")
    func budgets() async throws {
        let study = try await Study.create(direction: .minimize, sampler: RandomSampler(seed: 1))
        try await study.optimize(timeout: .zero) { _ in 0 }
        #expect(try await study.trials.isEmpty)
        await #expect { try await study.optimize(nTrials: -1) { _ in 0 } } throws: { ($0 as? StudyError)?.kind == .invalidArgument }
        await #expect { try await study.optimize(nTrials: 1, concurrency: 0) { _ in 0 } } throws: {
            ($0 as? StudyError)?.kind == .invalidArgument
        }
        await #expect { _ = try await study.bestTrial } throws: { ($0 as? StudyError)?.kind == .noCompletedTrials }
    }

    @Test("create, load and directions")
    func createAndLoad() async throws {
        let storage = InMemoryStorage()
        let study = try await Study.create(name: "s", direction: .maximize, storage: storage)
        try await study.setUserAttribute("owner", "me")
        await #expect { _ = try await Study.create(name: "s", direction: .maximize, storage: storage) } throws: {
            ($0 as? StudyError)?.kind == .studyExists
        }
        await #expect { _ = try await Study.create(name: "s", direction: .minimize, storage: storage, loadIfExists: true) } throws: {
            ($0 as? StudyError)?.kind == .directionMismatch
        }
        let again = try await Study.create(name: "s", direction: .maximize, storage: storage, loadIfExists: true)
        #expect(again.id == study.id)
        #expect(try await again.userAttributes == ["owner": "me"])
        let loaded = try await Study.load(name: "s", storage: storage)
        #expect(loaded.direction == .maximize)
        try await Study.delete(name: "s", storage: storage)
        await #expect { _ = try await Study.load(name: "s", storage: storage) } throws: { ($0 as? StudyError)?.kind == .studyNotFound }
    }

    @Test("a step reported twice keeps the first value and logs a warning")
    func duplicateStep() async throws {
        let study = try await Study.create(direction: .minimize, sampler: RandomSampler(seed: 1))
        let messages = Locked<[LogMessage]>([])
        study.setLogHandler(minimumLevel: .warning) { message in messages.withLock { $0.append(message) } }
        let trial = try await study.ask()
        try await trial.report(1, step: 0)
        try await trial.report(2, step: 0)
        await #expect { try await trial.report(2, step: -1) } throws: { ($0 as? StudyError)?.kind == .invalidStep }
        try await study.tell(trial, value: 0)
        #expect(try await study.trials[0].intermediateValues == [0: 1])
        #expect(messages.withLock { $0.count } == 1)
        #expect(messages.withLock { $0.first?.level } == .warning)
    }

    @Test("a multi-objective study keeps a Pareto front")
    func multiObjective() async throws {
        let study = try await Study.create(directions: [.minimize, .minimize], sampler: RandomSampler(seed: 1))
        for values in [[1.0, 4.0], [2, 2], [3, 3], [4, 1]] {
            let trial = try await study.ask()
            try await study.tell(trial, values: values)
        }
        #expect(try await study.bestTrials.map(\.number) == [0, 1, 3])
        await #expect { _ = try await study.bestTrial } throws: { ($0 as? StudyError)?.kind == .wrongObjectiveCount }
    }
}
