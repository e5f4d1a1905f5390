public import HyperTuneCore
import HyperTuneStudy
public import Testing

/// Checks that a pruner with a setting out of range is refused by `validate()` and by
/// `Study.create`, with a ``HyperTuneCore/SettingError`` naming the setting (and, when given, the value).
public func expectRejected(
    _ pruner: some Pruner, parameter: String, value: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
) async {
    #expect(sourceLocation: sourceLocation) { try pruner.validate() } throws: { names($0, parameter, value) }
    await #expect(sourceLocation: sourceLocation) { _ = try await Study.create(direction: .minimize, pruner: pruner) } throws: {
        names($0, parameter, value)
    }
}

/// Checks that a sampler with a setting out of range is refused by `validate()` and by
/// `Study.create`, with a ``HyperTuneCore/SettingError`` naming the setting (and, when given, the value).
public func expectRejected(
    _ sampler: some Sampler, parameter: String, value: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
) async {
    #expect(sourceLocation: sourceLocation) { try sampler.validate() } throws: { names($0, parameter, value) }
    await #expect(sourceLocation: sourceLocation) { _ = try await Study.create(direction: .minimize, sampler: sampler) } throws: {
        names($0, parameter, value)
    }
}

/// Whether `error` is a setting error about `setting` (with `value`), whose description says both.
private func names(_ error: any Error, _ setting: String, _ value: String?) -> Bool {
    guard let error = error as? SettingError, error.setting == setting else { return false }
    let shown = value ?? error.value
    return error.value == shown && error.description.contains(setting) && error.description.contains("got \(shown)")
}
