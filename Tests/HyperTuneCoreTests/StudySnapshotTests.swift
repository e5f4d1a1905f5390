import HyperTuneCore
import HyperTuneTestSupport
import Testing

@Suite("StudySnapshot")
struct StudySnapshotTests {
    let snapshot = StudySnapshot(
        studyName: "named", directions: [.maximize],
        trials: [
            TrialBuilder.trial(2, state: .running), TrialBuilder.complete(1, value: 3), TrialBuilder.trial(0, state: .pruned),
            TrialBuilder.trial(3, state: .waiting),
        ])

    @Test("hand-made trials: finished ones in the order given, the others by number")
    func handMade() {
        #expect(snapshot.studyName == "named")
        #expect(snapshot.finished.map(\.number) == [1, 0])
        #expect(snapshot.unfinished.map(\.number) == [2, 3])
        #expect(snapshot.running.map(\.number) == [2])
        #expect(snapshot.trialCount == 4 && snapshot.direction == .maximize && !snapshot.isMultiObjective)
    }

    @Test("trials(_:) filters by state and orders by number")
    func trialsByState() {
        #expect(snapshot.trials().map(\.number) == [0, 1, 2, 3])
        #expect(snapshot.trials([.complete, .waiting]).map(\.number) == [1, 3])
    }

    @Test("filter keeps the order and gives the finished history a new lineage")
    func filter() {
        let kept = snapshot.filter { $0.number != 1 }
        #expect(kept.finished.map(\.number) == [0] && kept.unfinished.map(\.number) == [2, 3])
        #expect(kept.finished.lineage != snapshot.finished.lineage)
        #expect(kept.studyName == "named")
    }
}
