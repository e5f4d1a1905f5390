// The one binary search of the package. It lives in the lowest module so that every module above
// (search space, core, samplers, pruners, study) reaches it with `package` access.

extension RandomAccessCollection {
    /// The index of the first element for which `belongsInSecondPartition` holds, or `endIndex`
    /// when it holds for none.
    ///
    /// The collection must be partitioned by the predicate: every element for which it is false
    /// comes before every element for which it is true (for an ascending collection, `{ $0 >= x }`
    /// finds the lower bound of `x`, `{ $0 > x }` its upper bound).
    ///
    /// - Parameter belongsInSecondPartition: A predicate that is false on a prefix of the
    ///   collection and true on the rest.
    /// - Returns: The partition point: the first index of the second partition.
    /// - Complexity: O(log n) evaluations of the predicate.
    @inlinable
    package func partitioningIndex(where belongsInSecondPartition: (Element) throws -> Bool) rethrows -> Index {
        var low = startIndex
        var length = count
        while length > 0 {
            let half = length / 2
            let middle = index(low, offsetBy: half)
            if try belongsInSecondPartition(self[middle]) {
                length = half
            } else {
                low = index(after: middle)
                length -= half + 1
            }
        }
        return low
    }
}

extension RandomAccessCollection where Element: Comparable {
    /// The index of `element` in this ascending collection, or `nil` when it is absent.
    ///
    /// - Parameter element: The element to look for.
    /// - Returns: The first index holding `element`, or `nil`.
    /// - Complexity: O(log n) comparisons.
    @inlinable
    package func sortedIndex(of element: Element) -> Index? {
        let index = partitioningIndex { $0 >= element }
        return index != endIndex && self[index] == element ? index : nil
    }
}
