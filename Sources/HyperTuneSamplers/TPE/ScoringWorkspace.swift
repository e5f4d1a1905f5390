import HyperTuneNumerics

/// Scratch memory for ``ParzenEstimator/logDensities(of:into:workspace:)``.
struct ScoringWorkspace: Sendable {
    init() {}

    var accumulator: [Double] = []
    var binLows: [Double] = []
    var binHighs: [Double] = []
    var binIndices: [Int] = []
    var binIDs: [Int] = []
    var memo: [Double] = []
    var table: [Double] = []

    mutating func prepare(candidates: Int, components: Int) {
        let size = candidates * components
        if accumulator.count != size { accumulator = [Double](repeating: 0, count: size) }
    }
}
