import HyperTuneCore
import HyperTuneNumerics
import HyperTuneSearchSpace
import Testing

@testable import HyperTuneSamplers

/// The kernels of TPE's Parzen estimators: each one a probability distribution over its
/// parameter's (transformed) domain.
@Suite("Parzen estimator kernels")
struct ParzenEstimatorTests {
    /// Narrow kernels (floor 1% of the range), so truncation at the ends matters.
    static let narrow = ParzenEstimator.Parameters(minimumBandwidthFactor: 0.01, bandwidthExponent: 20)

    /// The log densities of `estimator` at the members (centre, bin) given.
    static func logDensities(
        _ estimator: ParzenEstimator, members: [(centre: Double, low: Double, high: Double, internalValue: Double)]
    ) -> [Double] {
        var batch = CandidateBatch()
        batch.reset(count: members.count, dimensions: 1)
        for (index, member) in members.enumerated() { batch.set(candidate: index, dimension: 0, member: member) }
        var result: [Double] = []
        var workspace = ScoringWorkspace()
        estimator.logDensities(of: batch, into: &result, workspace: &workspace)
        return result
    }

    /// ∫ exp(log density) over the transformed interval, by Simpson's rule on 20,000 panels.
    static func integral(_ estimator: ParzenEstimator, over dimension: TPEDimension) -> Double {
        let panels = 20_000
        let h = dimension.range / Double(panels)
        let points = (0...panels).map { index -> (centre: Double, low: Double, high: Double, internalValue: Double) in
            let x = dimension.lower + Double(index) * h
            return (x, x, x, x)
        }
        let values = logDensities(estimator, members: points).map { Elementary.exp($0) }
        var sum = values[0] + values[panels]
        for index in 1..<panels { sum += values[index] * (index % 2 == 1 ? 4 : 2) }
        return sum * h / 3
    }

    static let continuous: [Distribution] = [
        .float(try! FloatDistribution(low: -2, high: 3)),
        .float(try! FloatDistribution(low: 1e-3, high: 10, log: true)),
    ]

    @Test("a continuous kernel (truncated normal) integrates to 1, wherever it sits", arguments: continuous)
    func continuousKernels(distribution: Distribution) {
        let dimension = TPEDimension(distribution)
        // The prior alone, then one observation (with the prior) at the ends, inside, and a mixture.
        let prior = ParzenEstimator(observations: [], weights: [], dimensions: [dimension], parameters: Self.narrow)
        #expect(abs(Self.integral(prior, over: dimension) - 1) < 1e-9)
        for fraction in [0.0, 0.004, 0.3, 0.97, 1.0] {
            let x = dimension.lower + fraction * dimension.range
            let single = ParzenEstimator(observations: [x], weights: [1], dimensions: [dimension], parameters: Self.narrow)
            #expect(abs(Self.integral(single, over: dimension) - 1) < 1e-9, "observation at \(x)")
        }
        let points = [0.1, 0.15, 0.5, 0.52, 0.9].map { dimension.lower + $0 * dimension.range }
        let mixture = ParzenEstimator(
            observations: points, weights: [0.2, 1, 1, 0.6, 1], dimensions: [dimension], parameters: ParzenEstimator.Parameters())
        #expect(abs(Self.integral(mixture, over: dimension) - 1) < 1e-9)
    }

    static let discrete: [Distribution] = [
        .int(try! IntDistribution(low: -3, high: 7)),
        .int(try! IntDistribution(low: 0, high: 100, step: 5)),
        .int(try! IntDistribution(low: 1, high: 200, log: true)),
        .float(try! FloatDistribution(low: 0, high: 1, step: 0.1)),
        .float(try! FloatDistribution(low: -500, high: 500, step: 0.25)),
    ]

    /// Every member of a discrete distribution, as the candidates TPE would score.
    static func members(of dimension: TPEDimension) -> [(centre: Double, low: Double, high: Double, internalValue: Double)] {
        (0..<dimension.memberCount!).map { dimension.member(near: dimension.transform(dimension.internalValue(ofMember: $0))) }
    }

    @Test("a discrete kernel (mass of each rounding bin) sums to 1 over the grid", arguments: discrete)
    func discreteKernels(distribution: Distribution) {
        let dimension = TPEDimension(distribution)
        let members = Self.members(of: dimension)
        func total(_ estimator: ParzenEstimator) -> Double {
            Self.logDensities(estimator, members: members).reduce(0) { $0 + Elementary.exp($1) }
        }
        let prior = ParzenEstimator(observations: [], weights: [], dimensions: [dimension], parameters: Self.narrow)
        #expect(abs(total(prior) - 1) < 1e-12)
        for index in [0, 1, members.count / 3, members.count - 1] {
            let single = ParzenEstimator(
                observations: [members[index].centre], weights: [1], dimensions: [dimension], parameters: Self.narrow)
            #expect(abs(total(single) - 1) < 1e-12, "observation at member \(index)")
        }
        let wide = ParzenEstimator(
            observations: [members[0].centre, members[members.count / 2].centre], weights: [1, 0.5], dimensions: [dimension],
            parameters: ParzenEstimator.Parameters(bandwidth: .neighbours))
        #expect(abs(total(wide) - 1) < 1e-12)
    }

    @Test("a categorical kernel sums to 1 over the choices and favours its observed choice")
    func categoricalKernels() {
        let dimension = TPEDimension(.categorical(try! CategoricalDistribution(["a", "b", "c", "d"])))
        let members = Self.members(of: dimension)
        for observed in [[Double](), [2], [0, 0, 3]] {
            let estimator = ParzenEstimator(
                observations: observed, weights: observed.map { _ in 1 }, dimensions: [dimension], parameters: ParzenEstimator.Parameters())
            let masses = Self.logDensities(estimator, members: members).map { Elementary.exp($0) }
            #expect(abs(masses.reduce(0, +) - 1) < 1e-12)
            if observed == [2] { #expect(masses[2] > 1.5 * masses[0] && masses[0] == masses[1]) }
        }
    }

    @Test("samples stay inside the bounds and on the grids")
    func samplesAreMembers() {
        let distributions: [Distribution] = [
            .float(try! FloatDistribution(low: -1, high: 1)),
            .float(try! FloatDistribution(low: 1e-5, high: 1, log: true)),
            .float(try! FloatDistribution(low: 0.1, high: 0.9, step: 0.1)),
            .int(try! IntDistribution(low: -5, high: 5)),
            .int(try! IntDistribution(low: 0, high: 30, step: 3)),
            .int(try! IntDistribution(low: 2, high: 4096, log: true)),
            .categorical(try! CategoricalDistribution(["x", "y", "z"])),
        ]
        let dimensions = distributions.map(TPEDimension.init)
        // Observations at the ends of every range, so kernels reach past them before truncation.
        var observations: [Double] = []
        for row in 0..<6 {
            for dimension in dimensions {
                let end = row % 2 == 0 ? dimension.lower : dimension.upper
                observations.append(dimension.member(near: end).centre)
            }
        }
        let estimator = ParzenEstimator(
            observations: observations, weights: [Double](repeating: 1, count: 6), dimensions: dimensions,
            parameters: ParzenEstimator.Parameters(jointDimensions: dimensions.count))
        var batch = CandidateBatch()
        var generator = SeededGenerator(seed: 3 as UInt64)
        estimator.sample(count: 3000, dimensions: dimensions, into: &batch, using: &generator)
        var categories = Set<Double>()
        for candidate in 0..<batch.count {
            for (index, distribution) in distributions.enumerated() {
                let value = batch.internalValue(candidate: candidate, dimension: index)
                #expect(distribution.contains(internal: value), "\(value) outside \(distribution)")
            }
            categories.insert(batch.internalValue(candidate: candidate, dimension: 6))
        }
        #expect(categories == [0, 1, 2])
    }

    // MARK: Bandwidth rules

    /// The observed kernels' bandwidths for `rule` on [0, 10], with the floor out of the way.
    static func bandwidths(_ rule: BandwidthRule, _ column: [Double], jointDimensions: Int = 1) -> [Double] {
        let dimension = TPEDimension(.float(try! FloatDistribution(low: 0, high: 10)))
        let parameters = ParzenEstimator.Parameters(
            bandwidth: rule, minimumBandwidthFactor: 1e-9, bandwidthExponent: 50, jointDimensions: jointDimensions)
        let estimator = ParzenEstimator(
            observations: column, weights: column.map { _ in 1 }, dimensions: [dimension], parameters: parameters)
        let sigmas = estimator.numeric[0].sigmas
        #expect(sigmas.last == 10, "the prior is as wide as the range")
        return Array(sigmas.dropLast())
    }

    @Test("neighbours: each kernel as wide as the larger gap to a neighbour (the ends beside the first and last)")
    func neighbourBandwidths() {
        #expect(Self.bandwidths(.neighbours, [4]) == [6])
        // Sorted 1, 2, 6: the first and last take the gap to their one neighbour.
        #expect(Self.bandwidths(.neighbours, [6, 1, 2]) == [4, 1, 4])
    }

    @Test("fixed magnitude: 0.2 · n^(-1/(d+4)) · range for every kernel")
    func fixedMagnitudeBandwidths() {
        for (column, d) in [([1.0, 5, 9], 1), ([3.0, 3, 4, 8, 9], 3)] {
            let expected = 0.2 * Elementary.pow(Double(column.count), -1 / Double(d + 4)) * 10
            #expect(Self.bandwidths(.fixedMagnitude, column, jointDimensions: d) == column.map { _ in expected })
        }
    }

    @Test("Scott: 1.059 · min(sd, IQR / 1.34) · n^(-1/(d+4)), the same for every kernel")
    func scottBandwidths() {
        let column = [1.0, 2, 4, 7, 9]
        let mean = column.reduce(0, +) / 5
        let sd = (column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4).squareRoot()
        let iqr = 7.0 - 2.0  // quartiles of five sorted values: the 2nd and 4th
        let expected = 1.059 * min(sd, iqr / 1.34) * Elementary.pow(5, -1 / 5.0)
        let sigmas = Self.bandwidths(.scott, column)
        #expect(sigmas.allSatisfy { abs($0 - expected) <= 1e-12 * expected }, "\(sigmas) vs \(expected)")
        // One observation has no spread: the kernel falls to the floor.
        #expect(Self.bandwidths(.scott, [5])[0] < 1e-6)
    }
}
