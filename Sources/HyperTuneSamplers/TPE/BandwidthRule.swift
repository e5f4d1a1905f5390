import HyperTuneNumerics

/// How an estimator picks the bandwidths of its numeric kernels (before the floor and ceiling of
/// ``ParzenEstimator/Parameters``).
enum BandwidthRule: Sendable, Equatable {
    /// Scott's rule per dimension: `1.059 · min(sd, IQR/1.34) · n^(-1/(d+4))`, with `d` the number of
    /// dimensions modelled jointly (1 in univariate mode).
    case scott
    /// One width for every kernel, shrinking with the number of observations only:
    /// `0.2 · n^(-1/(d+4)) · range` (the magnitude used by Optuna's multivariate TPE).
    case fixedMagnitude
    /// Each kernel as wide as the larger gap to its neighbours among the sorted means, the prior's
    /// and the interval ends (Bergstra et al. 2011).
    case neighbours
}
