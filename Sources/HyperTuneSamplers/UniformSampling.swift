public import HyperTuneCore
import HyperTuneNumerics
public import HyperTuneSearchSpace

extension Sampler {
    /// A uniform draw from `distribution`, as ``RandomSampler`` draws: the independent fallback of
    /// a sampler that models its parameters jointly (its first trials, and the categorical or
    /// conditional parameters it leaves out).
    public func sampleIndependent(
        in study: StudySnapshot, for trial: TrialRecord, name: String, distribution: Distribution,
        using generator: inout SeededGenerator
    ) throws -> Double {
        distribution.uniformInternalValue(using: &generator)
    }
}

extension Distribution {
    /// Whether samplers that model a parameter on its range (TPE, GP, CMA-ES) can: false for a
    /// continuous float range wider than the largest `Double`, which they leave to a uniform draw.
    var isModellable: Bool {
        if case .float(let d) = self { return d.hasFiniteWidth }
        return true
    }

    /// An internal value drawn uniformly (log-uniformly on log ranges) from the distribution.
    ///
    /// - float: uniform on `[low, high)`, or `exp` of uniform on `[log low, log high)`;
    /// - float with step, int: a uniform grid index;
    /// - log int: `exp` of uniform on `[log(low - 0.5), log(high + 0.5))`, rounded, so each integer
    ///   gets the log-width of its rounding bin;
    /// - categorical: a uniform index.
    ///
    /// A singleton distribution returns its value without drawing.
    func uniformInternalValue(using generator: inout SeededGenerator) -> Double {
        if isSingleton { return snapped(-.infinity) }  // the lowest (only) member
        switch self {
        case .float(let d):
            if let count = d.gridCount {
                return d.gridValue(at: generator.nextInt(below: count))
            }
            if d.log {
                let logLow = Elementary.log(d.low)
                let logHigh = Elementary.log(d.high)
                return d.snapped(Elementary.exp(logLow + generator.nextDouble() * (logHigh - logLow)))
            }
            return d.snapped(d.value(atFraction: generator.nextDouble()))
        case .int(let d):
            if d.log {
                let logLow = Elementary.log(Double(d.low) - 0.5)
                let logHigh = Elementary.log(Double(d.high) + 0.5)
                return Double(d.snapped(Elementary.exp(logLow + generator.nextDouble() * (logHigh - logLow))))
            }
            return Double(d.gridValue(at: generator.nextInt(below: d.gridCount)))
        case .categorical(let d):
            return Double(generator.nextInt(below: d.choices.count))
        }
    }
}
