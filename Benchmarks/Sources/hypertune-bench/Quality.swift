import Foundation
import HyperTune
import HyperTuneProblems

/// The quality suite: each sampler on each problem for a budget of trials and a set of seeds,
/// recording the best-so-far regret (of the noise-free value) at the checkpoints.
enum QualitySuite {
    static let defaultCheckpoints = [10, 25, 50, 100]

    struct Job: Sendable {
        var index: Int
        var sampler: SamplerRegistry.Entry
        var problem: BenchmarkProblem
        var seed: Int
    }

    static func run(
        samplers: [SamplerRegistry.Entry], problems: [BenchmarkProblem], seeds: [Int], budget: Int,
        pruner: PrunerRegistry.Entry, jobs: Int
    ) async throws -> Report.Quality {
        let checkpoints = (defaultCheckpoints.filter { $0 < budget } + [budget])
        var work: [Job] = []
        for sampler in samplers {
            for problem in problems {
                for seed in seeds { work.append(Job(index: work.count, sampler: sampler, problem: problem, seed: seed)) }
            }
        }
        var runs = [Report.QualityRun?](repeating: nil, count: work.count)
        try await withThrowingTaskGroup(of: (Int, Report.QualityRun).self) { group in
            var next = 0
            func add() {
                guard next < work.count else { return }
                let job = work[next]
                next += 1
                group.addTask {
                    (job.index, try await runOne(job, budget: budget, checkpoints: checkpoints, pruner: pruner))
                }
            }
            for _ in 0..<max(jobs, 1) { add() }
            var done = 0
            while let (index, run) = try await group.next() {
                runs[index] = run
                done += 1
                if done % 10 == 0 || done == work.count {
                    progress("quality: \(done)/\(work.count) runs (last: \(run.sampler) \(run.problem) seed \(run.seed))")
                }
                add()
            }
        }
        return Report.Quality(budget: budget, checkpoints: checkpoints, regretFloor: BenchmarkProblem.regretFloor, runs: runs.map { $0! })
    }

    /// One run: ask, evaluate, tell, `budget` times, at concurrency 1 (deterministic).
    static func runOne(_ job: Job, budget: Int, checkpoints: [Int], pruner: PrunerRegistry.Entry) async throws -> Report.QualityRun {
        let problem = job.problem
        let study = try await Study.create(
            direction: problem.direction, sampler: job.sampler.make(job.seed), pruner: pruner.make(1), storage: InMemoryStorage())
        var best = Double.infinity
        var regret: [Double] = []
        for number in 0..<budget {
            let trial = try await study.ask()
            do {
                let evaluation = try await problem.evaluate(trial, seed: job.seed)
                let told = try await study.tell(trial, value: evaluation.value)
                if told.state == .complete { best = min(best, problem.regret(evaluation.noiseFreeValue)) }
            } catch is TrialPruned {
                try await study.tell(trial, state: .pruned)
            }
            if checkpoints.contains(number + 1) { regret.append(best) }
        }
        return Report.QualityRun(sampler: job.sampler.name, problem: problem.name, seed: job.seed, budget: budget, regret: regret)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
