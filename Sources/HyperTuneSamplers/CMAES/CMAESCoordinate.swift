import HyperTuneNumerics
import HyperTuneSearchSpace

/// One coordinate of the unit cube CMA-ES searches: how a parameter's values map to `[0, 1]`.
///
/// - Continuous floats: linearly (in log space for log ranges) onto `[0, 1]`.
/// - Ints and floats with a step: the `k` grid points own `k` equal cells, `[i/k, (i+1)/k)`; a
///   point's position is its cell's centre.
/// - Log ints: in log space, each integer `v` owning `[log(v - ½), log(v + ½))` (the cells the
///   uniform sampler also uses), its position `log v`.
///
/// Values outside `[0, 1]` map to the nearest end (clamped continuous values, end cells).
struct CMAESCoordinate: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case continuous(FloatDistribution, low: Double, high: Double)
        case grid(Distribution, count: Int)
        case logInt(IntDistribution, low: Double, high: Double)
    }

    let kind: Kind

    init(_ distribution: Distribution) {
        switch distribution {
        case .float(let d) where d.step == nil:
            kind =
                d.log
                ? .continuous(d, low: Elementary.log(d.low), high: Elementary.log(d.high))
                : .continuous(d, low: d.low, high: d.high)
        case .float(let d):
            kind = .grid(distribution, count: d.gridCount ?? 1)
        case .int(let d) where d.log:
            kind = .logInt(d, low: Elementary.log(Double(d.low) - 0.5), high: Elementary.log(Double(d.high) + 0.5))
        case .int(let d):
            kind = .grid(distribution, count: d.gridCount)
        case .categorical(let d):
            kind = .grid(distribution, count: d.choices.count)
        }
    }

    /// Whether the coordinate takes finitely many values (margin correction applies).
    var isDiscrete: Bool {
        if case .continuous = kind { return false }
        return true
    }

    /// The number of cells of a discrete coordinate.
    var cellCount: Int {
        switch kind {
        case .continuous: 0
        case .grid(_, let count): count
        case .logInt(let d, _, _): d.gridCount
        }
    }

    /// The position in the cube of an internal value.
    func position(of value: Double) -> Double {
        switch kind {
        case .continuous(let d, let low, let high):
            guard high > low else { return 0.5 }
            let t = d.log ? Elementary.log(value) : value
            return (t - low) / (high - low)
        case .grid(let distribution, let count):
            let index: Int
            switch distribution {
            case .float(let d): index = Int((((value - d.low) / (d.step ?? 1))).rounded())
            case .int(let d): index = (Int(value) - d.low) / d.step
            case .categorical: index = Int(value)
            }
            return (Double(min(max(index, 0), count - 1)) + 0.5) / Double(count)
        case .logInt(_, let low, let high):
            return (Elementary.log(value) - low) / (high - low)
        }
    }

    /// The cell holding position `u` (discrete coordinates).
    func cell(at u: Double) -> Int {
        switch kind {
        case .continuous: return 0
        case .grid(_, let count):
            guard u.isFinite else { return u > 0 ? count - 1 : 0 }
            return min(max(Int((u * Double(count)).rounded(.down)), 0), count - 1)
        case .logInt(let d, let low, let high):
            guard u.isFinite else { return u > 0 ? d.gridCount - 1 : 0 }
            let clamped = min(max(u, 0), 1)
            return d.snapped(Elementary.exp(low + clamped * (high - low))) - d.low
        }
    }

    /// The lower edge of `cell` in the cube.
    func lowerEdge(of cell: Int) -> Double {
        switch kind {
        case .continuous: return 0
        case .grid(_, let count): return Double(cell) / Double(count)
        case .logInt(let d, let low, let high): return (Elementary.log(Double(d.low + cell) - 0.5) - low) / (high - low)
        }
    }

    /// The upper edge of `cell` in the cube.
    func upperEdge(of cell: Int) -> Double {
        switch kind {
        case .continuous: return 1
        case .grid(_, let count): return Double(cell + 1) / Double(count)
        case .logInt(let d, let low, let high): return (Elementary.log(Double(d.low + cell) + 0.5) - low) / (high - low)
        }
    }

    /// The internal value at position `u`: clamped and mapped back (continuous), or the value of
    /// the cell holding `u` (discrete).
    func value(at u: Double) -> Double {
        switch kind {
        case .continuous(let d, let low, let high):
            let clamped = u.isNaN ? 0 : min(max(u, 0), 1)
            let t = low + clamped * (high - low)
            return d.snapped(d.log ? Elementary.exp(t) : t)
        case .grid(let distribution, _):
            let index = cell(at: u)
            switch distribution {
            case .float(let d): return d.gridValue(at: index)
            case .int(let d): return Double(d.gridValue(at: index))
            case .categorical: return Double(index)
            }
        case .logInt(let d, _, _):
            return Double(d.low + cell(at: u))
        }
    }
}
