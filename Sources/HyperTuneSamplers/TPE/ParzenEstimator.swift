import HyperTuneCore
import HyperTuneNumerics

/// A Parzen estimator: a weighted mixture of product kernels, one component per observation plus
/// a prior component, over the dimensions of a subspace.
///
/// Numeric dimensions use a normal kernel truncated to the modelled interval (see
/// ``TPEDimension``); in discrete dimensions a kernel's value for a member is its mass on the
/// member's rounding bin, so each kernel sums to 1 over the members. Categorical dimensions use
/// the kernel `(1[c = cᵢ] + a) / (1 + k a)` over `k` choices, with `a = priorWeight / components`
/// (additive smoothing that fades as evidence accumulates); the prior component is uniform there
/// and, in numeric dimensions, a normal centred on the interval as wide as it.
///
/// Layout: every per-component quantity is a contiguous `[Double]` indexed by component, so the
/// scoring loops run over unsafe buffers without allocating.
struct ParzenEstimator: Sendable {
    /// How to build an estimator.
    struct Parameters: Sendable {
        /// The weight of the prior component, relative to one observation's.
        var priorWeight: Double
        /// How the numeric kernels' widths are chosen, before the floor and the ceiling (the range).
        var bandwidth: BandwidthRule
        /// Numeric bandwidths are at least `range · max(minimumBandwidthFactor, (n + 2)^-bandwidthExponent)`
        /// for n observations, and in discrete dimensions at least `minimumDiscreteBandwidth` bins.
        var minimumBandwidthFactor: Double, bandwidthExponent: Double, minimumDiscreteBandwidth: Double
        /// Categorical kernels use `a = categoricalSmoothing · priorWeight / components`.
        var categoricalSmoothing: Double
        /// The number of dimensions that Scott's and the fixed-magnitude rules see (1 when univariate).
        var jointDimensions: Int

        init(
            priorWeight: Double = 1, bandwidth: BandwidthRule = .neighbours, minimumBandwidthFactor: Double = 0.01,
            bandwidthExponent: Double = 1, minimumDiscreteBandwidth: Double = 0, categoricalSmoothing: Double = 1,
            jointDimensions: Int = 1
        ) {
            self.priorWeight = priorWeight
            self.bandwidth = bandwidth
            self.minimumBandwidthFactor = minimumBandwidthFactor
            self.bandwidthExponent = bandwidthExponent
            self.minimumDiscreteBandwidth = minimumDiscreteBandwidth
            self.categoricalSmoothing = categoricalSmoothing
            self.jointDimensions = jointDimensions
        }
    }

    let componentCount: Int
    let dimensionCount: Int
    /// Normalized log weights, per component.
    let logWeights: [Double]
    /// Cumulative normalized weights (the last is 1), for picking a component.
    let cumulativeWeights: [Double]
    let numeric: [NumericKernels]
    let categorical: [CategoricalKernels]
    /// The discrete numeric dimensions' kernels, flattened (`dimension * components + component`).
    private let discreteCount: Int
    private let discreteMeans: [Double]
    private let discreteInverseSigmas: [Double]
    private let discreteLogNormalizers: [Double]
    /// For linear grids of at most ``memoLimit`` points: the grid index of each kernel's mean when
    /// the kernel has the dimension's most common bandwidth (else -1), so that its bin masses,
    /// which then depend only on the offset between bin and mean, are computed once per offset.
    private let discreteGridIndex: [Int]
    private let discreteGrids: [MemoGrid]

    /// A linear grid whose bin masses are memoized by offset.
    struct MemoGrid: Sendable {
        var origin: Double
        var step: Double
        var count: Int
        var sigma: Double
        /// Where the dimension's memo starts in the workspace (`2 count - 1` slots), or -1 for none.
        var base: Int
    }

    static let memoLimit = 4096

    /// Builds the estimator of `observations` (row-major, `weights.count` rows of
    /// `dimensions.count` transformed coordinates), each row weighted by `weights`.
    ///
    /// - Complexity: O(n d + n log n) for n observations and d dimensions.
    init(observations: [Double], weights: [Double], dimensions: [TPEDimension], parameters: Parameters) {
        let n = weights.count
        let d = dimensions.count
        precondition(observations.count == n * d, "observations do not match the weights and dimensions")
        componentCount = n + 1
        dimensionCount = d

        var rawWeights = weights
        rawWeights.append(parameters.priorWeight)
        var total = 0.0
        for weight in rawWeights { total += weight }
        var logWeights = [Double](repeating: 0, count: n + 1)
        var cumulative = [Double](repeating: 0, count: n + 1)
        var running = 0.0
        let logTotal = Elementary.log(total)
        for index in 0...n {
            // Most weights are 1 (every good trial, the 25 newest bad ones): log 1 = 0.
            let weight = rawWeights[index]
            logWeights[index] = (weight == 1 ? 0 : Elementary.log(weight)) - logTotal
            running += rawWeights[index]
            cumulative[index] = running / total
        }
        cumulative[n] = 1
        self.logWeights = logWeights
        cumulativeWeights = cumulative

        var numeric: [NumericKernels] = []
        var categorical: [CategoricalKernels] = []
        var column = [Double](repeating: 0, count: n)
        for (dimensionIndex, dimension) in dimensions.enumerated() {
            for row in 0..<n { column[row] = observations[row * d + dimensionIndex] }
            if case .categorical(let count) = dimension.kind {
                categorical.append(Self.categoricalKernels(column, count: count, dimension: dimensionIndex, parameters: parameters))
            } else {
                numeric.append(
                    Self.numericKernels(column, weights: weights, dimension: dimension, index: dimensionIndex, parameters: parameters))
            }
        }
        self.numeric = numeric
        self.categorical = categorical
        let discrete = numeric.filter(\.discrete)
        discreteCount = discrete.count
        discreteMeans = discrete.flatMap(\.means)
        discreteInverseSigmas = discrete.flatMap(\.inverseSigmas)
        discreteLogNormalizers = discrete.flatMap(\.logNormalizers)
        var gridIndex: [Int] = []
        var grids: [MemoGrid] = []
        var memoSize = 0
        for kernels in discrete {
            guard case .linearGrid(let origin, let step, let count) = dimensions[kernels.dimension].kind, count <= Self.memoLimit,
                let sigma = Self.mostCommon(kernels.sigmas.dropLast())
            else {
                gridIndex.append(contentsOf: repeatElement(-1, count: n + 1))
                grids.append(MemoGrid(origin: 0, step: 1, count: 0, sigma: 1, base: -1))
                continue
            }
            for component in 0...n {
                let position = (kernels.means[component] - origin) / step
                let index = Int(position.rounded())
                let onGrid = component < n && kernels.sigmas[component] == sigma && abs(position - Double(index)) <= 1e-9
                gridIndex.append(onGrid ? index : -1)
            }
            grids.append(MemoGrid(origin: origin, step: step, count: count, sigma: sigma, base: memoSize))
            memoSize += 2 * count - 1
        }
        discreteGridIndex = gridIndex
        discreteGrids = grids
        self.memoSize = memoSize
    }

    private let memoSize: Int

    /// The value occurring most often (the smallest among equally frequent ones), or `nil` if empty.
    private static func mostCommon(_ values: some Collection<Double>) -> Double? {
        let sorted = values.sorted()
        var best: Double?
        var bestCount = 0
        var index = 0
        while index < sorted.count {
            var end = index + 1
            while end < sorted.count && sorted[end] == sorted[index] { end += 1 }
            if end - index > bestCount {
                bestCount = end - index
                best = sorted[index]
            }
            index = end
        }
        return best
    }

    // MARK: Building

    private static func categoricalKernels(_ column: [Double], count: Int, dimension: Int, parameters: Parameters) -> CategoricalKernels {
        let components = column.count + 1
        let smoothing = parameters.categoricalSmoothing * parameters.priorWeight / Double(components)
        let denominator = 1 + Double(count) * smoothing
        var observed = column.map { min(max(Int($0), 0), count - 1) }
        observed.append(-1)
        return CategoricalKernels(
            dimension: dimension, choiceCount: count, observed: observed, smoothing: smoothing,
            logHit: Elementary.log((1 + smoothing) / denominator), logMiss: Elementary.log(smoothing / denominator),
            logUniform: -Elementary.log(Double(count)))
    }

    private static func numericKernels(
        _ column: [Double], weights: [Double], dimension: TPEDimension, index: Int, parameters: Parameters
    ) -> NumericKernels {
        let n = column.count
        let range = dimension.range
        let priorMean = 0.5 * (dimension.lower + dimension.upper)
        var means = column
        means.append(priorMean)
        var sigmas = bandwidths(column, dimension: dimension, parameters: parameters)
        let floorFactor = max(parameters.minimumBandwidthFactor, Elementary.pow(Double(n + 2), -parameters.bandwidthExponent))
        let floor = range * floorFactor
        let bins = parameters.minimumDiscreteBandwidth
        for kernel in 0..<n {
            var kernelFloor = floor
            switch dimension.kind {
            case .linearGrid(_, let step, _) where bins > 0:
                kernelFloor = max(kernelFloor, bins * step)
            case .logIntegers where bins > 0:
                // The kernel's own bin, [log(k - 1/2), log(k + 1/2)], narrows as k grows.
                let k = Elementary.exp(means[kernel]).rounded()
                kernelFloor = max(kernelFloor, bins * Elementary.log1p(1 / (k - 0.5)))
            default:
                break
            }
            sigmas[kernel] = min(max(sigmas[kernel], kernelFloor), range)
        }
        sigmas.append(range)

        var inverse = [Double](repeating: 0, count: n + 1)
        var normalizers = [Double](repeating: 0, count: n + 1)
        var lowerZ = [Double](repeating: 0, count: n + 1)
        var upperZ = [Double](repeating: 0, count: n + 1)
        let discrete = dimension.isDiscrete
        // Many kernels share a bandwidth (the floor): their log is computed once.
        var lastSigma = Double.nan
        var logSigma = 0.0
        for kernel in 0...n {
            let sigma = sigmas[kernel]
            if sigma != lastSigma {
                lastSigma = sigma
                logSigma = Elementary.log(sigma)
            }
            let mean = min(max(means[kernel], dimension.lower), dimension.upper)
            means[kernel] = mean
            inverse[kernel] = 1 / sigma
            let a = (dimension.lower - mean) / sigma
            let b = (dimension.upper - mean) / sigma
            lowerZ[kernel] = a
            upperZ[kernel] = b
            let logMass = centralLogMass(a, b)
            normalizers[kernel] = discrete ? -logMass : -logSigma - SpecialFunctions.logSqrt2Pi - logMass
        }
        return NumericKernels(
            dimension: index, discrete: discrete, means: means, sigmas: sigmas, inverseSigmas: inverse,
            logNormalizers: normalizers, lowerZ: lowerZ, upperZ: upperZ)
    }

    /// `log(Φ(b) - Φ(a))` for `a <= 0 <= b`: `log1p(-Φ(a) - Φ(-b))`, skipping a tail below 1e-16
    /// (beyond 8.3 standard deviations), where it cannot change the result by more than an ulp.
    static func centralLogMass(_ a: Double, _ b: Double) -> Double {
        guard a <= 0, b >= 0 else { return SpecialFunctions.normalLogMass(from: a, to: b) }
        var tails = 0.0
        if a > -8.3 { tails += SpecialFunctions.upperTail(-a) }
        if b < 8.3 { tails += SpecialFunctions.upperTail(b) }
        return tails == 0 ? 0 : Elementary.log1p(-tails)
    }

    /// The bandwidth of each observed kernel (the prior's is the range), before clipping.
    private static func bandwidths(
        _ column: [Double], dimension: TPEDimension, parameters: Parameters
    ) -> [Double] {
        let n = column.count
        guard n > 0 else { return [] }
        let exponent = -1 / Double(parameters.jointDimensions + 4)
        switch parameters.bandwidth {
        case .fixedMagnitude:
            let sigma = 0.2 * Elementary.pow(Double(n), exponent) * dimension.range
            return [Double](repeating: sigma, count: n)
        case .scott:
            guard n > 1 else { return [0] }
            var mean = 0.0
            for value in column { mean += value }
            mean /= Double(n)
            var squares = 0.0
            for value in column { squares += (value - mean) * (value - mean) }
            let sd = (squares / Double(n - 1)).squareRoot()
            let sorted = column.sorted()
            let iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25)
            let spread = iqr > 0 ? min(sd, iqr / 1.34) : sd
            let sigma = 1.059 * spread * Elementary.pow(Double(n), exponent)
            return [Double](repeating: sigma, count: n)
        case .neighbours:
            // The larger gap to a neighbour among the sorted means, the interval's ends standing
            // beyond the first and last; when there are two means or more, the first and last take
            // the gap to their one neighbour instead of the distance to the end.
            // Equal means keep their order of observation.
            var sorted = column.enumerated().map { (value: $0.element, index: $0.offset) }
            sorted.sort(by: <)
            var sigmas = [Double](repeating: 0, count: n)
            for rank in 0..<n {
                let here = sorted[rank].value
                let left = rank == 0 ? dimension.lower : sorted[rank - 1].value
                let right = rank == n - 1 ? dimension.upper : sorted[rank + 1].value
                var sigma = max(here - left, right - here)
                if n >= 2 && rank == 0 { sigma = right - here }
                if n >= 2 && rank == n - 1 { sigma = here - left }
                sigmas[sorted[rank].index] = sigma
            }
            return sigmas
        }
    }

    /// The `p`-quantile of sorted values, interpolating linearly between order statistics.
    private static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let position = p * Double(sorted.count - 1)
        let low = Int(position.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        let fraction = position - Double(low)
        return sorted[low] + fraction * (sorted[high] - sorted[low])
    }

    // MARK: Sampling

    /// Draws `count` points from the mixture into `batch` (replacing its contents).
    ///
    /// - Complexity: O(count · (d + log n)) expected.
    func sample(count: Int, dimensions: [TPEDimension], into batch: inout CandidateBatch, using generator: inout SeededGenerator) {
        batch.reset(count: count, dimensions: dimensions.count)
        var numericSlot = [Int](repeating: -1, count: dimensionCount)
        var categoricalSlot = [Int](repeating: -1, count: dimensionCount)
        for (slot, kernels) in numeric.enumerated() { numericSlot[kernels.dimension] = slot }
        for (slot, kernels) in categorical.enumerated() { categoricalSlot[kernels.dimension] = slot }
        for candidate in 0..<count {
            let component = pickComponent(generator.nextDouble())
            for (dimensionIndex, dimension) in dimensions.enumerated() {
                let coordinate: Double
                if numericSlot[dimensionIndex] >= 0 {
                    let kernels = numeric[numericSlot[dimensionIndex]]
                    let z = RandomVariates.truncatedStandardNormal(
                        from: kernels.lowerZ[component], to: kernels.upperZ[component], using: &generator)
                    coordinate = kernels.means[component] + kernels.sigmas[component] * z
                } else {
                    let kernels = categorical[categoricalSlot[dimensionIndex]]
                    let observed = kernels.observed[component]
                    let u = generator.nextDouble()
                    if observed < 0 {
                        coordinate = Double(min(Int(u * Double(kernels.choiceCount)), kernels.choiceCount - 1))
                    } else {
                        // A point mass on the observed choice (weight 1) plus a uniform part (weight k a).
                        let scaled = u * (1 + Double(kernels.choiceCount) * kernels.smoothing)
                        coordinate =
                            scaled < 1
                            ? Double(observed)
                            : Double(min(Int((scaled - 1) / kernels.smoothing), kernels.choiceCount - 1))
                    }
                }
                batch.set(candidate: candidate, dimension: dimensionIndex, member: dimension.member(near: coordinate))
            }
        }
    }

    /// The component whose cumulative-weight interval holds `u` (binary search).
    private func pickComponent(_ u: Double) -> Int {
        // The last component takes whatever the others leave (rounding in the cumulative sum).
        cumulativeWeights[0..<(componentCount - 1)].partitioningIndex { $0 > u }
    }

    // MARK: Scoring

    /// Components whose log density at a candidate falls this far below another component's are
    /// left out of the candidate's sum: together they change it by less than `n e⁻⁵⁰`, below the
    /// rounding of a double for any realistic n.
    static let pruningMargin = 50.0

    /// The log density (log mass in discrete dimensions) of every candidate of `batch`, into `result`.
    ///
    /// Continuous and categorical dimensions are added for every component first (a few
    /// operations each). Discrete dimensions cost a bin mass each, so they are added only to the
    /// components that can still matter: for each candidate, the best component so far is
    /// completed first, and a component already ``pruningMargin`` below it is skipped (a bin
    /// mass is at most 1, so the remaining dimensions can only lower it further).
    ///
    /// `workspace` is scratch memory, reused across calls to avoid allocation.
    ///
    /// - Complexity: O(C · n · d) for C candidates, n components, d dimensions, with the discrete
    ///   dimensions evaluated only for the components near each candidate.
    func logDensities(of batch: CandidateBatch, into result: inout [Double], workspace: inout ScoringWorkspace) {
        let count = batch.count
        let components = componentCount
        workspace.prepare(candidates: count, components: components)
        result.removeAll(keepingCapacity: true)
        workspace.accumulator.withUnsafeMutableBufferPointer { acc in
            logWeights.withUnsafeBufferPointer { logW in
                for candidate in 0..<count {
                    let base = candidate * components
                    for component in 0..<components { acc[base + component] = logW[component] }
                }
            }
            for kernels in numeric where !kernels.discrete {
                addContinuous(kernels, batch: batch, into: acc)
            }
            for kernels in categorical {
                addCategorical(kernels, batch: batch, into: acc)
            }
            guard discreteCount > 0 else {
                for candidate in 0..<count {
                    result.append(
                        LogSumExp.of(UnsafeBufferPointer(rebasing: acc[(candidate * components)..<((candidate + 1) * components)])))
                }
                return
            }
            // The candidates' bins (and grid indices), per discrete dimension.
            workspace.binLows.removeAll(keepingCapacity: true)
            workspace.binHighs.removeAll(keepingCapacity: true)
            workspace.binIndices.removeAll(keepingCapacity: true)
            // Candidates sharing a bin share its masses: each dimension's distinct bins get a row of
            // `components` slots in `table`.
            workspace.binIDs.removeAll(keepingCapacity: true)
            var tableSize = 0
            var slot = 0
            for kernels in numeric where kernels.discrete {
                let grid = discreteGrids[slot]
                slot += 1
                let firstLow = workspace.binLows.count
                var distinct = 0
                for candidate in 0..<count {
                    let low = batch.binLow(candidate: candidate, dimension: kernels.dimension)
                    workspace.binLows.append(low)
                    workspace.binHighs.append(batch.binHigh(candidate: candidate, dimension: kernels.dimension))
                    let centre = batch.coordinate(candidate: candidate, dimension: kernels.dimension)
                    workspace.binIndices.append(grid.base < 0 ? 0 : Int(((centre - grid.origin) / grid.step).rounded()))
                    // Few candidates (24 by default): a linear search for an earlier one in the same bin.
                    var id = -1
                    for earlier in 0..<candidate where workspace.binLows[firstLow + earlier] == low {
                        id = workspace.binIDs[firstLow + earlier] - tableSize
                        break
                    }
                    if id < 0 {
                        id = distinct * components
                        distinct += 1
                    }
                    workspace.binIDs.append(tableSize + id)
                }
                tableSize += distinct * components
            }
            if workspace.memo.count != memoSize { workspace.memo = [Double](repeating: .nan, count: memoSize) }
            for index in workspace.memo.indices { workspace.memo[index] = .nan }
            if workspace.table.count < tableSize { workspace.table = [Double](repeating: .nan, count: tableSize) }
            for index in 0..<tableSize { workspace.table[index] = .nan }
            workspace.binLows.withUnsafeBufferPointer { lows in
                workspace.binHighs.withUnsafeBufferPointer { highs in
                    workspace.binIndices.withUnsafeBufferPointer { binIndices in
                        workspace.memo.withUnsafeMutableBufferPointer { memo in
                            workspace.table.withUnsafeMutableBufferPointer { table in
                                workspace.binIDs.withUnsafeBufferPointer { binIDs in
                                    discreteMeans.withUnsafeBufferPointer { means in
                                        discreteInverseSigmas.withUnsafeBufferPointer { inverse in
                                            discreteLogNormalizers.withUnsafeBufferPointer { normalizers in
                                                discreteGridIndex.withUnsafeBufferPointer { gridIndex in
                                                    discreteGrids.withUnsafeBufferPointer { grids in
                                                        let tables = DiscreteTables(
                                                            count: discreteCount, candidates: count, components: components, lows: lows,
                                                            highs: highs, binIndices: binIndices, means: means, inverseSigmas: inverse,
                                                            logNormalizers: normalizers, gridIndex: gridIndex, grids: grids, memo: memo,
                                                            table: table, binIDs: binIDs)
                                                        for candidate in 0..<count {
                                                            let row = UnsafeMutableBufferPointer(
                                                                rebasing: acc[(candidate * components)..<((candidate + 1) * components)])
                                                            Self.addDiscrete(tables, candidate: candidate, into: row)
                                                            result.append(LogSumExp.of(UnsafeBufferPointer(row)))
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The discrete dimensions' kernel parameters and the candidates' bins, as flat buffers:
    /// kernel arrays indexed `dimension * components + component`, bin arrays
    /// `dimension * candidates + candidate`.
    private struct DiscreteTables {
        var count: Int
        var candidates: Int
        var components: Int
        var lows: UnsafeBufferPointer<Double>
        var highs: UnsafeBufferPointer<Double>
        var binIndices: UnsafeBufferPointer<Int>
        var means: UnsafeBufferPointer<Double>
        var inverseSigmas: UnsafeBufferPointer<Double>
        var logNormalizers: UnsafeBufferPointer<Double>
        var gridIndex: UnsafeBufferPointer<Int>
        var grids: UnsafeBufferPointer<MemoGrid>
        var memo: UnsafeMutableBufferPointer<Double>
        /// Per dimension and distinct candidate bin, the components' log masses (NaN until computed).
        var table: UnsafeMutableBufferPointer<Double>
        /// Each candidate's row in `table`, per dimension.
        var binIDs: UnsafeBufferPointer<Int>

        /// The log mass of `candidate`'s bins under `component`, over the discrete dimensions.
        @inline(__always)
        func logMass(candidate: Int, component: Int) -> Double {
            var total = 0.0
            for dimension in 0..<count {
                let kernel = dimension * components + component
                let meanIndex = gridIndex[kernel]
                if meanIndex >= 0 {
                    // The mass depends only on the offset between the bin and the kernel's mean.
                    let grid = grids[dimension]
                    let offset = binIndices[dimension * candidates + candidate] - meanIndex
                    let slot = grid.base + offset + grid.count - 1
                    var value = memo[slot]
                    if value.isNaN {
                        let scale = grid.step / grid.sigma
                        value = SpecialFunctions.normalLogBinMass(from: (Double(offset) - 0.5) * scale, to: (Double(offset) + 0.5) * scale)
                        memo[slot] = value
                    }
                    total += value + logNormalizers[kernel]
                    continue
                }
                let cell = binIDs[dimension * candidates + candidate] + component
                var value = table[cell]
                if value.isNaN {
                    let low = lows[dimension * candidates + candidate]
                    let high = highs[dimension * candidates + candidate]
                    let mean = means[kernel]
                    let inverse = inverseSigmas[kernel]
                    value = SpecialFunctions.normalLogBinMass(from: (low - mean) * inverse, to: (high - mean) * inverse)
                    table[cell] = value
                }
                total += value + logNormalizers[kernel]
            }
            return total
        }
    }

    /// Adds the discrete dimensions' log bin masses of one candidate to its row of component log
    /// densities, skipping (to `-inf`) the components that cannot matter.
    private static func addDiscrete(_ tables: DiscreteTables, candidate: Int, into row: UnsafeMutableBufferPointer<Double>) {
        var best = 0
        for component in 1..<row.count where row[component] > row[best] { best = component }
        let bestValue = row[best] + tables.logMass(candidate: candidate, component: best)
        let threshold = bestValue - pruningMargin
        for component in 0..<row.count where component != best {
            row[component] =
                row[component] < threshold ? -.infinity : row[component] + tables.logMass(candidate: candidate, component: component)
        }
        row[best] = bestValue
    }

    private func addContinuous(_ kernels: NumericKernels, batch: CandidateBatch, into acc: UnsafeMutableBufferPointer<Double>) {
        let components = componentCount
        kernels.means.withUnsafeBufferPointer { means in
            kernels.inverseSigmas.withUnsafeBufferPointer { inverse in
                kernels.logNormalizers.withUnsafeBufferPointer { normalizers in
                    for candidate in 0..<batch.count {
                        let x = batch.coordinate(candidate: candidate, dimension: kernels.dimension)
                        let base = candidate * components
                        for component in 0..<components {
                            let z = (x - means[component]) * inverse[component]
                            acc[base + component] += normalizers[component] - 0.5 * z * z
                        }
                    }
                }
            }
        }
    }

    private func addCategorical(_ kernels: CategoricalKernels, batch: CandidateBatch, into acc: UnsafeMutableBufferPointer<Double>) {
        let components = componentCount
        kernels.observed.withUnsafeBufferPointer { observed in
            for candidate in 0..<batch.count {
                let choice = Int(batch.coordinate(candidate: candidate, dimension: kernels.dimension))
                let base = candidate * components
                for component in 0..<components {
                    let seen = observed[component]
                    acc[base + component] += seen < 0 ? kernels.logUniform : (seen == choice ? kernels.logHit : kernels.logMiss)
                }
            }
        }
    }
}
