import HyperTuneCore
import HyperTuneSamplers
import HyperTuneSearchSpace
import HyperTuneStorage
import HyperTuneTestSupport
import Testing

@testable import HyperTuneStudy

/// Issue 16, fault 7: extreme search spaces never trap. Each range is sampled across, or refused
/// with a SearchSpaceError naming the parameter and the values, by every model-based sampler and
/// on every storage.
@Suite("Extreme search spaces")
struct ExtremeSearchSpaceTests {
    static let samplers: [String: @Sendable () -> any Sampler] = [
        "random": { RandomSampler(seed: 1) }, "tpe": { TPESampler(seed: 1) },
        "tpe-univariate": { TPESampler(seed: 1, multivariate: false) },
        "gp": { GPSampler(seed: 1) }, "cmaes": { CMAESSampler(seed: 1) }, "qmc": { QMCSampler(seed: 1) },
    ]

    static func expectRefused(_ kind: SearchSpaceError.Kind, _ name: String, naming value: String, _ suggest: () throws -> Void) {
        #expect {
            try suggest()
        } throws: { error in
            guard let error = error as? SearchSpaceError else { return false }
            return error.kind == kind && error.parameter == name && error.description.contains(value)
        }
    }

    @Test(
        "ranges beyond Double's reach are refused by name; the widest float range is sampled across, past the startup trials",
        arguments: ["random", "tpe", "tpe-univariate", "gp", "cmaes", "qmc"], ["memory", "journal"])
    func extremes(sampler: String, storageKind: String) async throws {
        let directory = try TemporaryDirectory("extreme")
        let storage: any Storage =
            storageKind == "memory" ? InMemoryStorage() : try JournalStorage(path: directory.file("s.journal"), syncPolicy: .never)
        let study = try await Study.create(name: "s", direction: .minimize, sampler: Self.samplers[sampler]!(), storage: storage)
        var widest: [Double] = []
        for number in 0..<16 {
            let trial = try await study.ask()
            Self.expectRefused(.integerBoundTooLarge, "a", naming: "9223372036854775807") {
                _ = try trial.suggestInt("a", in: Int.min...Int.max)
            }
            Self.expectRefused(.integerBoundTooLarge, "b", naming: "9223372036854775807") {
                _ = try trial.suggestInt("b", in: 1...Int.max, log: true)
            }
            Self.expectRefused(.tooManyGridPoints, "c", naming: "1e-300") { _ = try trial.suggestFloat("c", in: 0...1, step: 1e-300) }
            Self.expectRefused(.tooManyGridPoints, "d", naming: "1e+300") { _ = try trial.suggestFloat("d", in: -1e300...1e300, step: 1) }
            let w = try trial.suggestFloat("w", in: -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)
            let x = try trial.suggestFloat("x", in: -1e307...1e307)
            let l = try trial.suggestFloat("l", in: 1e-300...1e300, log: true)
            let n = try trial.suggestInt("n", in: -(1 << 53)...(1 << 53))
            #expect(w.isFinite && x.isFinite && abs(x) <= 1e307 && l >= 1e-300 && l <= 1e300 && abs(n) <= 1 << 53)
            widest.append(w)
            _ = try await study.tell(trial, value: Double(number % 5))
        }
        // Sampled across the range (it once always returned a bound): both signs, far from the ends.
        #expect(widest.contains { $0 < -1e306 } && widest.contains { $0 > 1e306 }, "\(widest)")
        #expect(widest.allSatisfy { abs($0) < Double.greatestFiniteMagnitude }, "\(widest)")
    }
}
