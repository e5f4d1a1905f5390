import HyperTuneCore
import Testing

@Suite("TrialState")
struct TrialStateTests {
    @Test("complete, pruned and fail are finished; waiting and running are not")
    func finished() {
        #expect(TrialState.allCases.filter(\.isFinished) == [.complete, .pruned, .fail])
    }

    @Test("raw values are Optuna's state names in lower case (they are what the journal stores)")
    func rawValues() {
        #expect(TrialState.allCases.map(\.rawValue) == ["waiting", "running", "complete", "pruned", "fail"])
    }
}
