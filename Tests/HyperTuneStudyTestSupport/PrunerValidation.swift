public import HyperTuneCore
import HyperTuneStudy
public import Testing

/// Checks that a pruner with an option out of range is refused by `validate()` and by
/// `Study.create`, with a ``PrunerError`` naming the option.
public func expectRejected(_ pruner: some Pruner, parameter: String, sourceLocation: SourceLocation = #_sourceLocation) async {
    #expect(sourceLocation: sourceLocation) { try pruner.validate() } throws: { ($0 as? PrunerError)?.parameter == parameter }
    await #expect(sourceLocation: sourceLocation) { _ = try await Study.create(direction: .minimize, pruner: pruner) } throws: {
        ($0 as? PrunerError)?.parameter == parameter
    }
    let trial = TrialRecord(number: 0, state: .running, intermediateValues: [0: .nan])
    #expect(!pruner.shouldPrune(trial, in: StudySnapshot(directions: [.minimize], trials: [])), sourceLocation: sourceLocation)
}
