import HyperTuneNumerics

/// Candidate points, stored by dimension: the transformed coordinate (a bin's centre in discrete
/// dimensions, the index for categoricals), the bin's edges, and the internal value.
package struct CandidateBatch: Sendable {
    package private(set) var count = 0
    package private(set) var dimensions = 0
    private var coordinates: [Double] = []
    private var lows: [Double] = []
    private var highs: [Double] = []
    private var internals: [Double] = []

    package init() {}

    package mutating func reset(count: Int, dimensions: Int) {
        self.count = count
        self.dimensions = dimensions
        let size = count * dimensions
        coordinates = [Double](repeating: 0, count: size)
        lows = [Double](repeating: 0, count: size)
        highs = [Double](repeating: 0, count: size)
        internals = [Double](repeating: 0, count: size)
    }

    package mutating func set(candidate: Int, dimension: Int, member: (centre: Double, low: Double, high: Double, internalValue: Double)) {
        let slot = dimension * count + candidate
        coordinates[slot] = member.centre
        lows[slot] = member.low
        highs[slot] = member.high
        internals[slot] = member.internalValue
    }

    package func coordinate(candidate: Int, dimension: Int) -> Double { coordinates[dimension * count + candidate] }
    package func binLow(candidate: Int, dimension: Int) -> Double { lows[dimension * count + candidate] }
    package func binHigh(candidate: Int, dimension: Int) -> Double { highs[dimension * count + candidate] }
    package func internalValue(candidate: Int, dimension: Int) -> Double { internals[dimension * count + candidate] }
}
