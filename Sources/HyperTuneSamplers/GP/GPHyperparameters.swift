import HyperTuneNumerics

/// The hyperparameters of the Gaussian process, all on a log scale.
struct GPHyperparameters: Sendable, Hashable {
    /// `log ℓᵢ`, one per input dimension.
    var logLengthscales: [Double]
    /// `log σ²`, the signal variance.
    var logSignalVariance: Double
    /// `log σₙ²`, the observation-noise variance.
    var logNoiseVariance: Double

    /// The parameters as one vector: lengthscales, then signal, then noise.
    var vector: [Double] { logLengthscales + [logSignalVariance, logNoiseVariance] }

    /// Reads a vector laid out as ``vector``.
    init(vector: [Double]) {
        logLengthscales = Array(vector.dropLast(2))
        logSignalVariance = vector[vector.count - 2]
        logNoiseVariance = vector[vector.count - 1]
    }

    init(logLengthscales: [Double], logSignalVariance: Double, logNoiseVariance: Double) {
        self.logLengthscales = logLengthscales
        self.logSignalVariance = logSignalVariance
        self.logNoiseVariance = logNoiseVariance
    }

    /// `1/ℓᵢ²`.
    var inverseSquaredLengthscales: [Double] { logLengthscales.map { Elementary.exp(-2 * $0) } }
    /// `σ²`.
    var signalVariance: Double { Elementary.exp(logSignalVariance) }
    /// `σₙ²`.
    var noiseVariance: Double { Elementary.exp(logNoiseVariance) }
}
