/// An ordered set of named distributions: the parameters a sampler models together.
///
/// Names are kept sorted, so iteration order is the same in every process (Swift's `Dictionary`
/// order is not: it is seeded per process). Samplers iterate search spaces, never dictionaries.
public struct SearchSpace: Sendable, Hashable {
    /// The parameter names, sorted.
    public private(set) var names: [String]
    /// The distributions, in the order of ``names``.
    public private(set) var distributions: [Distribution]

    /// An empty search space.
    public init() {
        names = []
        distributions = []
    }

    /// A search space holding every entry of `parameters`.
    public init(_ parameters: [String: Distribution]) {
        let sorted = parameters.sorted { $0.key < $1.key }
        names = sorted.map(\.key)
        distributions = sorted.map(\.value)
    }

    /// The number of parameters.
    public var count: Int { names.count }

    /// Whether there are no parameters.
    public var isEmpty: Bool { names.isEmpty }

    /// The distribution of `name`, or `nil`.
    ///
    /// - Complexity: O(log d).
    public subscript(name: String) -> Distribution? {
        guard let index = index(of: name) else { return nil }
        return distributions[index]
    }

    /// The position of `name` in ``names``, or `nil`.
    ///
    /// - Complexity: O(log d).
    public func index(of name: String) -> Int? {
        names.sortedIndex(of: name)
    }

    /// Adds `name` or replaces its distribution.
    ///
    /// - Complexity: O(d).
    public mutating func set(_ name: String, _ distribution: Distribution) {
        let low = names.partitioningIndex { $0 >= name }
        if low < names.count && names[low] == name {
            distributions[low] = distribution
        } else {
            names.insert(name, at: low)
            distributions.insert(distribution, at: low)
        }
    }

    /// The parameters whose name and distribution are the same in both spaces.
    ///
    /// - Complexity: O(d) over both spaces.
    public func intersection(_ other: SearchSpace) -> SearchSpace {
        var result = SearchSpace()
        var i = 0
        var j = 0
        while i < names.count && j < other.names.count {
            if names[i] < other.names[j] {
                i += 1
            } else if names[i] > other.names[j] {
                j += 1
            } else {
                if distributions[i] == other.distributions[j] {
                    result.names.append(names[i])
                    result.distributions.append(distributions[i])
                }
                i += 1
                j += 1
            }
        }
        return result
    }

    /// The spaces' common part: the parameters present in every element with the same distribution.
    /// An empty sequence gives an empty space.
    public static func intersection(of spaces: some Sequence<SearchSpace>) -> SearchSpace {
        var iterator = spaces.makeIterator()
        guard var result = iterator.next() else { return SearchSpace() }
        while let next = iterator.next(), !result.isEmpty {
            result = result.intersection(next)
        }
        return result
    }
}

extension SearchSpace: Sequence {
    /// Iterates `(name, distribution)` pairs in name order.
    public func makeIterator() -> Zip2Sequence<[String], [Distribution]>.Iterator {
        zip(names, distributions).makeIterator()
    }
}
