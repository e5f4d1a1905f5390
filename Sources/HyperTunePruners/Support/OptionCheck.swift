import HyperTuneCore

/// Collects the first broken rule among a pruner's options, for ``HyperTuneCore/Pruner/validate()``.
struct OptionCheck {
    let pruner: String
    private(set) var problem: PrunerError?

    init(_ pruner: String) { self.pruner = pruner }

    /// Records `parameter detail` unless `condition` holds (only the first problem is kept).
    mutating func require(_ condition: Bool, _ parameter: String, _ detail: @autoclosure () -> String) {
        if problem == nil && !condition {
            problem = PrunerError(pruner: pruner, parameter: parameter, detail: detail())
        }
    }
}
