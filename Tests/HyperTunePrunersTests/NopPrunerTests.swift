import HyperTuneCore
import HyperTunePruners
import HyperTuneTestSupport
import Testing

@Suite("NopPruner")
struct NopPrunerTests {
    @Test("never prunes, even a trial far worse than every other")
    func neverPrunes() {
        let history = (0..<20).map { TrialBuilder.trial($0, state: .complete, values: [0], intermediate: [0: 0]) }
        let trial = TrialBuilder.trial(20, state: .running, intermediate: [0: 1e9])
        #expect(!NopPruner().shouldPrune(trial, in: TrialBuilder.snapshot(history)))
    }
}
