import Foundation
public import HyperTuneCore
public import HyperTuneStudy

/// A textbook test function with its known minimum, as an objective for end-to-end tests of the
/// samplers. The benchmark suite's catalogue (Benchmarks/Sources/HyperTuneProblems) defines the
/// same functions with the same parameter names (`x0`, `x1`, …) and bounds, so a test here meets the
/// trials the benchmark's seed 0 meets.
public struct TextbookProblem: Sendable {
    /// The name (`"branin"`).
    public let name: String
    /// The minimum over the domain.
    public let minimum: Double
    /// The range of each coordinate `x0`, `x1`, ….
    public let domain: [ClosedRange<Double>]
    /// The function of a point.
    public let function: @Sendable ([Double]) -> Double

    /// Problems are minimized.
    public var direction: StudyDirection { .minimize }

    /// The objective: suggests `x0`, `x1`, … in order on their ranges and returns the function's value.
    public var objective: @Sendable (Trial) async throws -> Double {
        let problem = self
        return { trial in
            try problem.function(problem.domain.indices.map { try trial.suggestFloat("x\($0)", in: problem.domain[$0]) })
        }
    }

    /// How far `value` is above the minimum.
    public func regret(_ value: Double) -> Double { value - minimum }

    /// Branin, 2-D, on `[-5, 10] × [0, 15]`; minimum `5 / (4π)` (Dixon and Szegö, 1978).
    public static let branin = TextbookProblem(name: "branin", minimum: 5 / (4 * Double.pi), domain: [-5...10, 0...15]) { x in
        let b = 5.1 / (4 * Double.pi * Double.pi)
        let c = 5 / Double.pi
        let t = 1 / (8 * Double.pi)
        let u = x[1] - b * x[0] * x[0] + c * x[0] - 6
        return u * u + 10 * (1 - t) * cos(x[0]) + 10
    }

    /// Hartmann 6-D on `[0, 1]⁶`; minimum `-3.3223680114155147` (Hartman, 1973).
    public static let hartmann6 = TextbookProblem(
        name: "hartmann6", minimum: -3.3223680114155147, domain: Array(repeating: 0...1, count: 6)
    ) { x in
        let alpha = [1.0, 1.2, 3.0, 3.2]
        let a: [[Double]] = [
            [10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14],
        ]
        let p: [[Double]] = [
            [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
            [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381],
        ]
        var total = 0.0
        for i in 0..<4 {
            var inner = 0.0
            for j in 0..<6 { inner += a[i][j] * (x[j] - p[i][j]) * (x[j] - p[i][j]) }
            total -= alpha[i] * exp(-inner)
        }
        return total
    }

    /// The problem named `name`.
    public static func named(_ name: String) -> TextbookProblem? {
        [branin, hartmann6].first { $0.name == name }
    }
}
