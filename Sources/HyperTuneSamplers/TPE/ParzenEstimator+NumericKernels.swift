extension ParzenEstimator {
    /// The kernels of one numeric dimension, per component.
    struct NumericKernels: Sendable {
        var dimension: Int
        var discrete: Bool
        var means: [Double]
        var sigmas: [Double]
        var inverseSigmas: [Double]
        /// Continuous: `-log σ - log √(2π) - log Z`; discrete: `-log Z`, with `Z` the kernel's mass
        /// on the modelled interval.
        var logNormalizers: [Double]
        /// The interval's ends, standardized per kernel (`lowerZ <= 0 <= upperZ`).
        var lowerZ: [Double]
        var upperZ: [Double]
    }
}
