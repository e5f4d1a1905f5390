extension ParzenEstimator {
    /// The kernels of one categorical dimension, per component.
    struct CategoricalKernels: Sendable {
        var dimension: Int
        var choiceCount: Int
        /// The observed choice of each component, `-1` for the uniform prior.
        var observed: [Int]
        /// `a` in `(1[c = cᵢ] + a) / (1 + k a)`.
        var smoothing: Double
        /// The log mass of the observed choice, of any other choice, and of each choice under the prior.
        var logHit: Double
        var logMiss: Double
        var logUniform: Double
    }
}
