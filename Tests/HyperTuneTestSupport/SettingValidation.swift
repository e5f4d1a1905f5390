public import HyperTuneCore
import HyperTuneStudy
public import Testing

/// Checks that a pruner with a setting out of range is refused by `validate()` and by
/// `Study.create`, with a ``HyperTuneCore/SettingError`` naming the setting (and, when given, the value).
public func expectRejected(
    _ pruner: some Pruner, parameter: String, value: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
) async {
    await expectRefused(parameter, value, sourceLocation, validate: pruner.validate) {
        _ = try await Study.create(direction: .minimize, pruner: pruner)
    }
}

/// Checks that a sampler with a setting out of range is refused by `validate()` and by
/// `Study.create`, with a ``HyperTuneCore/SettingError`` naming the setting (and, when given, the value).
public func expectRejected(
    _ sampler: some Sampler, parameter: String, value: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
) async {
    await expectRefused(parameter, value, sourceLocation, validate: sampler.validate) {
        _ = try await Study.create(direction: .minimize, sampler: sampler)
    }
}

/// Expects `validate` and `create` to throw a setting error about `setting` (with `value`), whose
/// description says both.
private func expectRefused(
    _ setting: String, _ value: String?, _ sourceLocation: SourceLocation, validate: () throws -> Void,
    create: () async throws -> Void
) async {
    let names = { (error: any Error) -> Bool in
        guard let error = error as? SettingError, error.setting == setting else { return false }
        let shown = value ?? error.value
        return error.value == shown && error.description.contains(setting) && error.description.contains("got \(shown)")
    }
    #expect(sourceLocation: sourceLocation) { try validate() } throws: { names($0) }
    await #expect(sourceLocation: sourceLocation) { try await create() } throws: { names($0) }
}
