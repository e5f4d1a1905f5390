public import HyperTuneCore
public import HyperTuneSearchSpace

/// Evaluates every point of an explicit grid exactly once, then stops the study.
///
/// ```swift
/// let sampler = GridSampler(["x": [-1, 0, 1], "kind": ["a", "b"]])   // 6 points
/// ```
///
/// Each trial claims one grid point when it starts (``HyperTuneCore/NewTrial/claim``): the storage refuses a
/// second trial with the same claim, so concurrent workers, and several processes sharing a
/// journal, never evaluate a point twice. Failed and pruned points count as visited. When every
/// point is claimed, ``planTrial(in:)`` answers ``HyperTuneCore/TrialPlan/stop(reason:)`` and `optimize` ends
/// (enqueued trials still run).
///
/// Points are visited in row-major order over the parameter names sorted alphabetically (the last
/// name varies fastest), or in a seeded random order when `seed` is given.
///
/// The objective must suggest only names of the grid, with distributions containing the grid's
/// values; anything else is a ``HyperTuneCore/SamplerError`` naming the parameter and the value. An invalid grid
/// (a name with no values, a value listed twice, NaN) is a ``HyperTuneCore/SettingError`` from
/// ``validate()``, which `Study.create` calls.
///
/// System attributes set on each trial: ``HyperTuneCore/SystemAttributeKey/gridID`` (`grid_id`, the
/// point's index in row-major order) and ``HyperTuneCore/SystemAttributeKey/gridFingerprint``
/// (`grid_fingerprint`, identifies the grid, so points of a different grid in the same study are
/// not mistaken for this one's).
///
/// - Complexity: amortized O(1) per trial plus O(running trials) to plan; O(1) per suggestion.
public struct GridSampler: SeededSampler {
    /// The grid, as given.
    public let grid: [String: [ParameterValue]]
    /// The number of points.
    public let pointCount: Int

    private let names: [String]
    private let values: [[ParameterValue]]
    private let strides: [Int]
    private let order: [Int]?
    /// The seed of every trial's stream.
    public let seed: UInt64
    private let fingerprint: String
    private let settings: SettingsCheck
    private let claims: ClaimCache

    /// Creates a grid sampler.
    ///
    /// - Parameters:
    ///   - grid: the values of each parameter; the grid is their Cartesian product.
    ///   - seed: when given, points are visited in an order shuffled with this seed (and parameters
    ///     not in a trial's point, for enqueued trials, are drawn with it); when `nil`, in row-major order.
    public init(_ grid: [String: [ParameterValue]], seed: Int? = nil) {
        self.grid = grid
        let sorted = grid.sorted { $0.key < $1.key }
        names = sorted.map(\.key)
        values = sorted.map(\.value)
        var check = SettingsCheck("GridSampler")
        var count = 1
        var strides = [Int](repeating: 1, count: names.count)
        for index in names.indices.reversed() {
            let list = values[index]
            strides[index] = count
            let setting = "grid[\"\(names[index])\"]"
            check.require(!list.isEmpty, setting, list, "must list at least one value")
            Self.check(list, setting, in: &check)
            let (product, overflow) = count.multipliedReportingOverflow(by: max(list.count, 1))
            check.require(!overflow, "grid", "\(names.count) parameters", "must have at most Int.max points")
            count = overflow ? 0 : product
        }
        self.strides = strides
        settings = check
        pointCount = check.isValid ? count : 0
        self.seed = SeededGenerator.samplerSeed(seed)
        if let seed, check.isValid {
            var generator = SeededGenerator(seed: UInt64(bitPattern: Int64(seed)))
            var order = Array(0..<count)
            generator.shuffle(&order)
            self.order = order
        } else {
            order = nil
        }
        fingerprint = Self.fingerprint(names: names, values: values)
        claims = ClaimCache()
    }

    /// The values of the point with index `gridID`, by name.
    public func point(_ gridID: Int) -> [String: ParameterValue] {
        precondition(gridID >= 0 && gridID < pointCount, "grid id \(gridID) out of range 0..<\(pointCount)")
        var result: [String: ParameterValue] = [:]
        for (index, name) in names.enumerated() {
            result[name] = values[index][(gridID / strides[index]) % values[index].count]
        }
        return result
    }

    /// Throws the grid's problem (a name with no values, a value listed twice, NaN), if any.
    public func validate() throws {
        try settings.validate()
    }

    /// Claims the first point no trial of the study holds, or stops when there is none.
    public func planTrial(in study: StudySnapshot) throws -> TrialPlan {
        try settings.validate()
        guard let gridID = claims.firstFree(in: study, fingerprint: fingerprint, order: order, count: pointCount) else {
            return .stop(reason: "every point of the \(pointCount)-point grid has been evaluated or is running")
        }
        return .start(
            NewTrial(
                systemAttributes: [String: AttributeValue](system: [.gridID: .int(gridID), .gridFingerprint: .string(fingerprint)]),
                claim: "grid:\(fingerprint):\(gridID)"))
    }

    /// The value of `name` at the trial's grid point (for an enqueued trial without a point, a
    /// value of the grid drawn at random).
    ///
    /// - Throws: ``HyperTuneCore/SamplerError`` when `name` is not in the grid or its grid value is not in `distribution`.
    public func sampleIndependent(
        in study: StudySnapshot, for trial: TrialRecord, name: String, distribution: Distribution,
        using generator: inout SeededGenerator
    ) throws -> Double {
        try settings.validate()
        guard let index = names.firstIndex(of: name) else {
            throw SamplerError(
                sampler: "GridSampler", parameter: name,
                detail: "not in the grid, which defines \(names.map { "\"\($0)\"" }.joined(separator: ", "))")
        }
        let list = values[index]
        let value: ParameterValue
        if let gridID = trial.systemAttributes[.gridID]?.intValue,
            trial.systemAttributes[.gridFingerprint]?.stringValue == fingerprint
        {
            value = list[(gridID / strides[index]) % list.count]
        } else {
            value = list[generator.nextInt(below: list.count)]
        }
        do {
            return try distribution.internalValue(of: value)
        } catch {
            throw SamplerError(sampler: "GridSampler", parameter: name, detail: "grid \(error.detail)")
        }
    }

    /// States that `list` has no NaN and no value twice.
    private static func check(_ list: [ParameterValue], _ setting: String, in check: inout SettingsCheck) {
        var seen = Set<ParameterValue>()
        for value in list {
            if case .float(let number) = value {
                check.require(!number.isNaN, setting, list, "must not list NaN, which equals nothing")
            }
            check.require(seen.insert(value).inserted, setting, list, "must not list \(value) twice")
        }
    }

    /// FNV-1a (64-bit) of a canonical text of the grid: stable across processes and platforms.
    private static func fingerprint(names: [String], values: [[ParameterValue]]) -> String {
        var text = ""
        for (name, list) in zip(names, values) {
            text += "\(name.utf8.count):\(name)="
            for value in list { text += "\(value.kindName):\(value);" }
            text += "|"
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// The grid points held by a study's trials, folded in incrementally from its finished history.
private final class ClaimCache: Sendable {
    private struct Claims: HistoryFold {
        let fingerprint: String
        var held = Set<Int>()
        var cursor = 0

        mutating func hold(_ trial: TrialRecord) {
            guard trial.systemAttributes[.gridFingerprint]?.stringValue == fingerprint,
                let gridID = trial.systemAttributes[.gridID]?.intValue
            else { return }
            held.insert(gridID)
        }

        mutating func fold(_ history: TrialHistory, newTrials: Range<Int>) {
            for position in newTrials { hold(history[position]) }
        }
    }

    private let folds = FoldCache<Claims>()

    func firstFree(in study: StudySnapshot, fingerprint: String, order: [Int]?, count: Int) -> Int? {
        folds.withState(of: study.finished, fresh: { Claims(fingerprint: fingerprint) }, reusable: { $0.fingerprint == fingerprint }) {
            state in
            // Running trials keep their claim when they finish, so holding them now is final too.
            for trial in study.unfinished { state.hold(trial) }
            while state.cursor < count, state.held.contains(order?[state.cursor] ?? state.cursor) {
                state.cursor += 1
            }
            guard state.cursor < count else { return nil }
            return order?[state.cursor] ?? state.cursor
        }
    }
}
