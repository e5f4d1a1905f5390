import HyperTuneCore
import HyperTuneSamplers
import HyperTuneStudyTestSupport
import HyperTuneTestSupport
import Testing

/// Every sampler of the package, in the configurations worth telling apart, passes every check of
/// ``SamplerConformance``. A new sampler (or configuration) is one more line in `subjects`.
///
/// `BruteForceSampler` is not a subject: it enumerates, so it refuses the unstepped float
/// parameters the checks suggest (a ``HyperTuneCore/SamplerError``, tested in its own suite).
@Suite("Sampler conformance")
struct SamplerConformanceTests {
    static let subjects: [SamplerConformance.Subject] = [
        .init("Random") { RandomSampler(seed: $0) },
        .init("Grid") { GridSampler(SamplerConformance.gridValues, seed: $0) },
        .init("TPE") { TPESampler(seed: $0, startupTrials: 5) },
        .init("TPE univariate") { TPESampler(seed: $0, startupTrials: 5, multivariate: false) },
        .init("TPE multivariate, no groups, no liar") { TPESampler(seed: $0, startupTrials: 5, group: false, constantLiar: false) },
        .init("TPE Scott bandwidths") { TPESampler(seed: $0, configuration: tpe(.scott)) },
        .init("TPE fixed-magnitude bandwidths") { TPESampler(seed: $0, configuration: tpe(.fixedMagnitude)) },
        .init("GP") { GPSampler(seed: $0, startupTrials: 5, candidates: 64, localSearchStarts: 2) },
        .init("CMA-ES") { CMAESSampler(seed: $0, startupTrials: 2) },
        .init("CMA-ES separable") { CMAESSampler(seed: $0, startupTrials: 2, separable: true) },
        .init("QMC Sobol") { QMCSampler(seed: $0) },
        .init("QMC Halton, unscrambled") { QMCSampler(seed: $0, scrambled: false, sequence: .halton) },
        .init("Partial fixed over TPE") { PartialFixedSampler(fixed: ["int": 3], base: TPESampler(seed: $0, startupTrials: 5)) },
    ]

    static func tpe(_ bandwidth: TPESampler.Bandwidth) -> TPESampler.Configuration {
        var configuration = TPESampler.Configuration()
        configuration.startupTrials = 5
        configuration.bandwidth = bandwidth
        return configuration
    }

    @Test("each sampler passes each check", arguments: subjects, SamplerConformance.checks)
    func conforms(_ subject: SamplerConformance.Subject, _ check: SamplerConformance.Check) async throws {
        try await check.run(on: subject)
    }
}
