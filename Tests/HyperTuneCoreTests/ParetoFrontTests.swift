import HyperTuneCore
import HyperTuneTestSupport
import Testing

@Suite("ParetoFront")
struct ParetoFrontTests {
    @Test("dominance: no worse everywhere and better somewhere, per direction")
    func dominance() {
        let directions: [StudyDirection] = [.minimize, .maximize]
        #expect(ParetoFront.dominates([1, 5], [2, 5], directions: directions))
        #expect(ParetoFront.dominates([1, 6], [2, 5], directions: directions))
        #expect(!ParetoFront.dominates([1, 4], [2, 5], directions: directions), "better in one, worse in the other")
        #expect(!ParetoFront.dominates([1, 5], [1, 5], directions: directions), "equal values dominate neither way")
    }

    @Test("the front keeps the non-dominated trials with values, in order, ties included")
    func front() {
        func trial(_ number: Int, _ values: [Double]?) -> TrialRecord {
            TrialBuilder.trial(number, state: values == nil ? .fail : .complete, values: values)
        }
        let trials = [trial(0, [3, 1]), trial(1, [1, 3]), trial(2, [2, 2]), trial(3, [3, 3]), trial(4, nil), trial(5, [1, 3])]
        let front = ParetoFront.of(trials, directions: [.minimize, .minimize])
        #expect(front.map(\.number) == [0, 1, 2, 5])
    }

    @Test("dominance with values of the wrong count is a broken precondition")
    func wrongCountTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = ParetoFront.dominates([1], [1, 2], directions: [.minimize, .minimize])
        }
    }
}
