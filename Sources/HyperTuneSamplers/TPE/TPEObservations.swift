import HyperTuneCore
import HyperTuneNumerics

/// The observations of one TPE step: the good and bad trials' transformed coordinates in one
/// subspace, each set ordered from the oldest to the newest.
struct TPEObservations: Sendable {
    var dimensions: [TPEDimension]
    var good: [Double] = []
    var goodCount = 0
    var bad: [Double] = []
    var badCount = 0

    mutating func appendGood(_ row: some Collection<Double>) {
        good.append(contentsOf: row)
        goodCount += 1
    }

    mutating func appendBad(_ row: some Collection<Double>) {
        bad.append(contentsOf: row)
        badCount += 1
    }
}
