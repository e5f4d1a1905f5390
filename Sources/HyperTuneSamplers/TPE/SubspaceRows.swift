import HyperTuneCore
import HyperTuneSearchSpace

/// The rows of one subspace (a set of parameters modelled jointly), kept up to date between
/// suggestions: which ranked trials hold every parameter of the subspace with the same
/// distribution, and their transformed coordinates.
struct SubspaceRows: Sendable {
    let space: SearchSpace
    let dimensions: [TPEDimension]
    /// Entry indices (into ``TPEHistoryState/entries``) of the members, ascending.
    var members: [Int] = []
    /// `members.count` rows of `dimensions.count` transformed coordinates.
    var rows: [Double] = []
    /// Entries examined so far.
    var examined = 0
    /// For finite subspaces: the member keys of every finished trial (any state) holding the
    /// subspace, for duplicate avoidance, and the history positions examined for it.
    var seen: Set<Int> = []
    var seenExamined = 0
    /// The number of configurations when finite and countable (`nil` otherwise).
    let configurationCount: Int?

    init(space: SearchSpace) {
        self.space = space
        dimensions = space.distributions.map(TPEDimension.init)
        configurationCount = Self.configurationCount(of: dimensions)
    }

    /// The number of configurations of a subspace of finite dimensions, when below 2^52; else `nil`.
    static func configurationCount(of dimensions: [TPEDimension]) -> Int? {
        var total: Int? = 1
        for dimension in dimensions {
            guard let size = dimension.memberCount, let current = total else {
                total = nil
                break
            }
            let (product, overflow) = current.multipliedReportingOverflow(by: size)
            total = overflow || product > (1 << 52) ? nil : product
        }
        return total
    }

    /// The transformed coordinates of `trial` in this subspace, or `nil` when it lacks a parameter
    /// or holds one with another distribution.
    func coordinates(of trial: TrialRecord) -> [Double]? {
        var result: [Double] = []
        result.reserveCapacity(dimensions.count)
        for (index, name) in space.names.enumerated() {
            guard let parameter = trial.parameters[name], parameter.distribution == space.distributions[index] else { return nil }
            result.append(dimensions[index].transform(parameter.internalValue))
        }
        return result
    }

    /// The internal values of `trial` in this subspace as far as they are known (suggested,
    /// planned jointly, or enqueued), or `nil` when one is unknown or not a member.
    func knownInternalValues(of trial: TrialRecord) -> [Double]? {
        var result: [Double] = []
        result.reserveCapacity(dimensions.count)
        for (index, name) in space.names.enumerated() {
            let distribution = space.distributions[index]
            if let parameter = trial.parameters[name] {
                guard parameter.distribution == distribution else { return nil }
                result.append(parameter.internalValue)
            } else if let planned = trial.relativeParams[name], distribution.contains(internal: planned) {
                result.append(planned)
            } else if let fixed = trial.fixedParams[name], let value = try? distribution.internalValue(of: fixed) {
                result.append(value)
            } else {
                return nil
            }
        }
        return result
    }

    /// The mixed-radix key of a configuration given by internal values (finite subspaces only).
    func key(ofInternal values: [Double]) -> Int {
        var key = 0
        for (index, dimension) in dimensions.enumerated() {
            key = key * dimension.memberCount! + dimension.memberIndex(ofInternal: values[index])
        }
        return key
    }
}
