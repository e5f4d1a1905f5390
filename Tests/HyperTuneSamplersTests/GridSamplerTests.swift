import HyperTuneCore
import HyperTuneSamplers
import HyperTuneSearchSpace
import HyperTuneTestSupport
import Testing

@Suite("GridSampler")
struct GridSamplerTests {
    @Test("points are enumerated row-major over sorted names")
    func points() {
        let grid = GridSampler(["x": [-1, 0, 1], "kind": ["a", "b"]])
        #expect(grid.pointCount == 6)
        #expect(grid.point(0) == ["kind": "a", "x": -1])
        #expect(grid.point(1) == ["kind": "a", "x": 0])
        #expect(grid.point(3) == ["kind": "b", "x": -1])
    }

    @Test("planning skips held points and stops when all are held")
    func planning() throws {
        let grid = GridSampler(["x": [1, 2, 3]])
        var trials: [TrialRecord] = []
        for number in 0..<3 {
            guard case .start(let fresh) = try grid.planTrial(in: TrialBuilder.snapshot(trials)) else {
                Issue.record("expected a plan")
                return
            }
            #expect(fresh.systemAttributes["grid_id"] == .int(number))
            #expect(fresh.claim != nil)
            var trial = TrialBuilder.trial(number, state: number == 2 ? .running : .complete, values: number == 2 ? nil : [0])
            trial.systemAttributes = fresh.systemAttributes
            trials.append(trial)
        }
        guard case .stop = try grid.planTrial(in: TrialBuilder.snapshot(trials)) else {
            Issue.record("expected the grid to be exhausted")
            return
        }
    }

    @Test("a seeded grid visits every point once in a shuffled order")
    func seededOrder() throws {
        let grid = GridSampler(["a": [0, 1, 2, 3], "b": [0, 1, 2]], seed: 5)
        var trials: [TrialRecord] = []
        var ids: [Int] = []
        while case .start(let fresh) = try grid.planTrial(in: TrialBuilder.snapshot(trials)) {
            ids.append(fresh.systemAttributes["grid_id"]!.intValue!)
            var trial = TrialBuilder.trial(trials.count, state: .complete, values: [0])
            trial.systemAttributes = fresh.systemAttributes
            trials.append(trial)
        }
        #expect(ids.sorted() == Array(0..<12))
        #expect(ids != Array(0..<12))
    }

    @Test("a name or a value outside the grid is a clear error")
    func outside() throws {
        let grid = GridSampler(["x": [5, 6]])
        guard case .start(let fresh) = try grid.planTrial(in: TrialBuilder.snapshot([])) else { return }
        var trial = TrialRecord(number: 0, state: .running)
        trial.systemAttributes = fresh.systemAttributes
        var generator = grid.generator(for: trial, in: TrialBuilder.snapshot([]))
        let snapshot = TrialBuilder.snapshot([])
        #expect {
            _ = try grid.sampleIndependent(
                in: snapshot, for: trial, name: "y", distribution: .float(try FloatDistribution(low: 0, high: 10)), using: &generator)
        } throws: { error in
            let error = error as? SamplerError
            return error?.parameter == "y" && error?.description.contains("not in the grid") == true
        }
        #expect {
            _ = try grid.sampleIndependent(
                in: snapshot, for: trial, name: "x", distribution: .float(try FloatDistribution(low: 0, high: 1)), using: &generator)
        } throws: { error in
            let error = error as? SamplerError
            return error?.parameter == "x" && error?.description.contains("5") == true
        }
        #expect(
            try grid.sampleIndependent(
                in: snapshot, for: trial, name: "x", distribution: .int(try IntDistribution(low: 0, high: 10)), using: &generator) == 5)
    }

    @Test(
        "an invalid grid is reported by the first plan",
        arguments: [
            ["x": [ParameterValue]()], ["x": [1, 1]], ["x": [.float(.nan)]],
        ])
    func invalid(grid: [String: [ParameterValue]]) {
        #expect { try GridSampler(grid).planTrial(in: TrialBuilder.snapshot([])) } throws: {
            ($0 as? SettingError)?.setting == "grid[\"x\"]"
        }
    }

    @Test("a grid point outside the grid is a broken precondition")
    func pointOutOfRangeTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = GridSampler(["x": [1, 2]]).point(2)
        }
    }
}
