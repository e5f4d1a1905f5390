import HyperTuneNumerics

/// Candidate points, stored by dimension: the transformed coordinate (a bin's centre in discrete
/// dimensions, the index for categoricals), the bin's edges, and the internal value.
struct CandidateBatch: Sendable {
    private(set) var count = 0
    private(set) var dimensions = 0
    private var coordinates: [Double] = []
    private var lows: [Double] = []
    private var highs: [Double] = []
    private var internals: [Double] = []

    init() {}

    mutating func reset(count: Int, dimensions: Int) {
        self.count = count
        self.dimensions = dimensions
        let size = count * dimensions
        coordinates = [Double](repeating: 0, count: size)
        lows = [Double](repeating: 0, count: size)
        highs = [Double](repeating: 0, count: size)
        internals = [Double](repeating: 0, count: size)
    }

    mutating func set(candidate: Int, dimension: Int, member: (centre: Double, low: Double, high: Double, internalValue: Double)) {
        let slot = dimension * count + candidate
        coordinates[slot] = member.centre
        lows[slot] = member.low
        highs[slot] = member.high
        internals[slot] = member.internalValue
    }

    func coordinate(candidate: Int, dimension: Int) -> Double { coordinates[dimension * count + candidate] }
    func binLow(candidate: Int, dimension: Int) -> Double { lows[dimension * count + candidate] }
    func binHigh(candidate: Int, dimension: Int) -> Double { highs[dimension * count + candidate] }
    func internalValue(candidate: Int, dimension: Int) -> Double { internals[dimension * count + candidate] }
}
