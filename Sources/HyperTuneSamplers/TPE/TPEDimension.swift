import HyperTuneNumerics
import HyperTuneSearchSpace

/// How the Parzen estimators see one parameter: a numeric coordinate on a bounded interval (in log
/// space for log parameters), optionally cut into rounding bins, or a list of choices.
///
/// - continuous floats: the value (or its log) on `[low, high]`;
/// - floats with a step and ints: the value on `[low - h/2, high + h/2]`, cut into bins of width `h`
///   centred on the grid points, so that a kernel's mass on a bin is the probability of that point;
/// - log ints: `log v` on `[log(low - 1/2), log(high + 1/2)]`, with the bin of `k` being
///   `[log(k - 1/2), log(k + 1/2)]` (the bins of rounding in the original space);
/// - categoricals: the index of the choice.
struct TPEDimension: Sendable {
    enum Kind: Sendable, Equatable {
        /// A continuous coordinate.
        case continuous
        /// Bins of width `step` centred on `origin + k step`, `k = 0 ..< count`.
        case linearGrid(origin: Double, step: Double, count: Int)
        /// The integers `low ... high` in log space.
        case logIntegers(low: Int, high: Int)
        /// `count` unordered choices.
        case categorical(count: Int)
    }

    let distribution: Distribution
    let kind: Kind
    /// The lower end of the modelled interval (transformed space).
    let lower: Double
    /// The upper end of the modelled interval (transformed space).
    let upper: Double

    init(_ distribution: Distribution) {
        self.distribution = distribution
        switch distribution {
        case .float(let d):
            if let count = d.gridCount, let step = d.step {
                kind = .linearGrid(origin: d.low, step: step, count: count)
                lower = d.low - 0.5 * step
                upper = d.low + (Double(count) - 0.5) * step
            } else if d.log {
                kind = .continuous
                lower = Elementary.log(d.low)
                upper = Elementary.log(d.high)
            } else {
                kind = .continuous
                lower = d.low
                upper = d.high
            }
        case .int(let d):
            if d.log {
                kind = .logIntegers(low: d.low, high: d.high)
                lower = Elementary.log(Double(d.low) - 0.5)
                upper = Elementary.log(Double(d.high) + 0.5)
            } else {
                let step = Double(d.step)
                kind = .linearGrid(origin: Double(d.low), step: step, count: d.gridCount)
                lower = Double(d.low) - 0.5 * step
                upper = Double(d.high) + 0.5 * step
            }
        case .categorical(let d):
            kind = .categorical(count: d.choices.count)
            lower = 0
            upper = Double(d.choices.count)
        }
    }

    /// The width of the modelled interval.
    var range: Double { upper - lower }

    var isDiscrete: Bool { kind != .continuous }

    /// The number of members when the dimension is finite (grids, log ints, categoricals).
    var memberCount: Int? {
        switch kind {
        case .continuous: nil
        case .linearGrid(_, _, let count): count
        case .logIntegers(let low, let high): high - low + 1
        case .categorical(let count): count
        }
    }

    /// The transformed coordinate of an internal value (a member of the distribution).
    func transform(_ internalValue: Double) -> Double {
        switch kind {
        case .continuous: distribution.isLog ? Elementary.log(internalValue) : internalValue
        case .logIntegers: Elementary.log(internalValue)
        case .linearGrid(let origin, let step, _): origin + Double(memberIndex(ofInternal: internalValue)) * step
        case .categorical: internalValue
        }
    }

    /// The member index (grid index, offset from the lowest integer, or choice index) of an
    /// internal value; used for finite-space bookkeeping and grid coordinates.
    func memberIndex(ofInternal internalValue: Double) -> Int {
        switch kind {
        case .continuous: 0
        case .linearGrid(let origin, let step, let count):
            min(max(Int(((internalValue - origin) / step).rounded()), 0), count - 1)
        case .logIntegers(let low, let high): min(max(Int(internalValue.rounded()), low), high) - low
        case .categorical(let count): min(max(Int(internalValue.rounded()), 0), count - 1)
        }
    }

    /// The internal value of member `index` (see ``memberIndex(ofInternal:)``).
    func internalValue(ofMember index: Int) -> Double {
        switch kind {
        case .continuous: preconditionFailure("a continuous dimension has no members")
        case .linearGrid:
            switch distribution {
            case .float(let d): d.gridValue(at: index)
            case .int(let d): Double(d.gridValue(at: index))
            case .categorical: preconditionFailure("unreachable")
            }
        case .logIntegers(let low, _): Double(low + index)
        case .categorical: Double(index)
        }
    }

    /// A transformed coordinate moved to the member whose bin holds it, as
    /// `(member's transformed coordinate, bin lower edge, bin upper edge, internal value)`.
    /// For a continuous dimension the bin is the point itself.
    func member(near coordinate: Double) -> (centre: Double, low: Double, high: Double, internalValue: Double) {
        switch kind {
        case .continuous:
            let clamped = min(max(coordinate, lower), upper)
            if distribution.isLog {
                return (clamped, clamped, clamped, distribution.snapped(Elementary.exp(clamped)))
            }
            return (clamped, clamped, clamped, distribution.snapped(clamped))
        case .linearGrid(let origin, let step, let count):
            let index = min(max(Int(((coordinate - origin) / step).rounded()), 0), count - 1)
            let centre = origin + Double(index) * step
            return (centre, centre - 0.5 * step, centre + 0.5 * step, internalValue(ofMember: index))
        case .logIntegers(let low, let high):
            let integer = min(max(Int(Elementary.exp(coordinate).rounded()), low), high)
            let value = Double(integer)
            return (Elementary.log(value), Elementary.log(value - 0.5), Elementary.log(value + 0.5), value)
        case .categorical(let count):
            let index = min(max(Int(coordinate.rounded(.down)), 0), count - 1)
            return (Double(index), Double(index), Double(index), Double(index))
        }
    }
}
