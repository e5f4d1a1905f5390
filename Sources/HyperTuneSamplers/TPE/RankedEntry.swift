/// One ranked (complete or pruned) trial: its position in the finished history and its key.
package struct RankedEntry: Sendable {
    package var position: Int
    package var key: RankKey
}
