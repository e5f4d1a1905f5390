/// One ranked (complete or pruned) trial: its position in the finished history and its key.
struct RankedEntry: Sendable {
    var position: Int
    var key: RankKey
}
