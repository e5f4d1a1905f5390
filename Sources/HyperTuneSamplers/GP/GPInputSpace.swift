import HyperTuneNumerics
import HyperTuneSearchSpace

/// How a search space becomes the Gaussian process's input space: one coordinate per parameter.
///
/// - float and int ranges map affinely onto `[0, 1]`, log-scaled ones in log space; a range with
///   a grid (an int, a float with a step) maps its grid cells `[v - step/2, v + step/2]` onto
///   `[0, 1]`, so every grid value owns an equal share of the cube (log ints: `[v - 1/2, v + 1/2]`
///   in log space);
/// - a categorical keeps the index of its choice; the kernel only asks whether two indices are
///   equal (see ``Matern52Kernel``).
///
/// Grid parameters are *rounded inside the model's input*: every point the model sees, observed
/// or candidate, is first moved to the unit coordinate of its nearest grid value, so the model
/// never scores a value that cannot be evaluated.
struct GPInputSpace: Sendable, Hashable {
    /// How one coordinate is treated.
    enum Kind: Sendable, Hashable {
        /// A continuous range: any coordinate in `[0, 1]`.
        case continuous
        /// A grid (int or stepped float) with `count` values.
        case discrete(count: Int)
        /// A categorical with `count` choices; the coordinate is the choice's index.
        case categorical(count: Int)
    }

    /// The search space encoded (singletons excluded by the caller).
    let space: SearchSpace
    /// One kind per parameter, in the order of `space`.
    let kinds: [Kind]
    /// Whether each coordinate is categorical.
    let isCategorical: [Bool]
    private let lows: [Double]
    private let widths: [Double]

    /// The encoding of `space`.
    init(_ space: SearchSpace) {
        self.space = space
        var kinds: [Kind] = []
        var lows: [Double] = []
        var widths: [Double] = []
        for (_, distribution) in space {
            var low = 0.0
            var high = 1.0
            switch distribution {
            case .float(let d):
                if d.log {
                    low = Elementary.log(d.low)
                    high = Elementary.log(d.high)
                    kinds.append(.continuous)
                } else if let step = d.step, let count = d.gridCount {
                    low = d.low - step / 2
                    high = d.high + step / 2
                    kinds.append(.discrete(count: count))
                } else {
                    low = d.low
                    high = d.high
                    kinds.append(.continuous)
                }
            case .int(let d):
                if d.log {
                    low = Elementary.log(Double(d.low) - 0.5)
                    high = Elementary.log(Double(d.high) + 0.5)
                } else {
                    low = Double(d.low) - Double(d.step) / 2
                    high = Double(d.high) + Double(d.step) / 2
                }
                kinds.append(.discrete(count: d.gridCount))
            case .categorical(let d):
                kinds.append(.categorical(count: d.choices.count))
            }
            lows.append(low)
            widths.append(high > low ? high - low : 1)
        }
        self.kinds = kinds
        self.lows = lows
        self.widths = widths
        isCategorical = kinds.map { if case .categorical = $0 { true } else { false } }
    }

    /// The number of coordinates.
    var dimension: Int { kinds.count }

    /// Whether some coordinate is a grid or a categorical.
    var hasDiscrete: Bool { kinds.contains { $0 != .continuous } }

    /// The coordinate of the internal value `value` of parameter `index`.
    func encode(_ value: Double, at index: Int) -> Double {
        if isCategorical[index] { return value }
        let x = space.distributions[index].isLog ? Elementary.log(value) : value
        return (x - lows[index]) / widths[index]
    }

    /// The internal value nearest to coordinate `u` of parameter `index` (a member of its distribution).
    func decode(_ u: Double, at index: Int) -> Double {
        let distribution = space.distributions[index]
        if case .categorical(let count) = kinds[index] {
            return min(max(u.rounded(), 0), Double(count - 1))
        }
        let x = lows[index] + min(max(u, 0), 1) * widths[index]
        return distribution.snapped(distribution.isLog ? Elementary.exp(x) : x)
    }

    /// The coordinate `u` moved to its nearest member (identity on continuous coordinates).
    func rounded(_ u: Double, at index: Int) -> Double {
        switch kinds[index] {
        case .continuous: min(max(u, 0), 1)
        case .discrete, .categorical: encode(decode(u, at: index), at: index)
        }
    }

    /// The coordinates of every value of grid parameter `index`, in increasing order.
    func gridCoordinates(at index: Int) -> [Double] {
        switch space.distributions[index] {
        case .int(let d): (0..<d.gridCount).map { encode(Double(d.gridValue(at: $0)), at: index) }
        case .float(let d): (0..<(d.gridCount ?? 0)).map { encode(d.gridValue(at: $0), at: index) }
        case .categorical(let d): d.choices.indices.map(Double.init)
        }
    }

    /// A unit-cube coordinate (from a Sobol point, say) as a model coordinate: categoricals take
    /// choice `floor(u × count)`, grids their nearest value.
    func fromUnit(_ u: Double, at index: Int) -> Double {
        if case .categorical(let count) = kinds[index] {
            return Double(min(Int(u * Double(count)), count - 1))
        }
        return rounded(u, at: index)
    }
}
