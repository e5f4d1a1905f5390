import Foundation

/// The Mann-Whitney U test (the Wilcoxon rank-sum test) of two independent samples, one-sided in
/// both directions: does the first sample tend to hold smaller values than the second, or larger?
///
/// The benchmark suite uses it per problem on the log10 regrets of two samplers over the same
/// seeds (lower is better): ``pValueLess`` small means the first sampler is better.
///
/// Method (Mann and Whitney, "On a test of whether one of two random variables is stochastically
/// larger than the other", Annals of Mathematical Statistics 18(1), 1947):
/// - the samples are pooled and ranked, tied values sharing the mean of their ranks (midranks);
///   `U = R₁ - n₁(n₁ + 1)/2`, with `R₁` the first sample's rank sum, counts the pairs `(x, y)` with
///   `x > y`, a tie counting 1/2;
/// - under the null hypothesis (both samples from one distribution) every split of the pooled
///   ranks into groups of `n₁` and `n₂` is equally likely. When there are at most 100 values in
///   all, the p-values are exact: the splits are counted by rank sum with a dynamic program over
///   the doubled midranks (integers), which stays exact with ties;
/// - larger samples use the normal approximation with the tie-corrected variance
///   `n₁n₂/12 · (N + 1 - Σ(t³ - t)/(N(N - 1)))`, without continuity correction.
///
/// - Complexity: O(n₁ N³) for N = n₁ + n₂ ≤ 100 (exact: N values, n₁ counts, sums up to N²);
///   O(N log N) beyond.
public struct MannWhitneyTest: Sendable, Hashable {
    /// The U statistic of the first sample: the number of pairs `(x, y)` with `x > y`, plus half
    /// the number of ties.
    public let u: Double
    /// `P(U ≤ u)` under the null hypothesis: small when the first sample tends to be smaller.
    public let pValueLess: Double
    /// `P(U ≥ u)` under the null hypothesis: small when the first sample tends to be larger.
    public let pValueGreater: Double
    /// Whether the p-values are exact (at most 100 values in all) or a normal approximation.
    public let isExact: Bool

    /// The largest pooled size tested exactly.
    public static let exactLimit = 100

    /// Tests `first` against `second`.
    ///
    /// - Precondition: both samples are non-empty and hold no NaN.
    public init(_ first: [Double], _ second: [Double]) {
        precondition(!first.isEmpty && !second.isEmpty, "Mann-Whitney needs two non-empty samples")
        precondition(!(first + second).contains { $0.isNaN }, "Mann-Whitney samples cannot hold NaN")
        let n1 = first.count
        let n2 = second.count
        let total = n1 + n2
        // Doubled midranks (integers): a run of equal values at 0-based positions i...j gets i + j + 2.
        let pooled = (first.map { ($0, true) } + second.map { ($0, false) }).sorted { $0.0 < $1.0 }
        var doubledRanks = [Int](repeating: 0, count: total)
        var tieTerm = 0.0
        var start = 0
        while start < total {
            var end = start
            while end + 1 < total && pooled[end + 1].0 == pooled[start].0 { end += 1 }
            for position in start...end { doubledRanks[position] = start + end + 2 }
            let t = Double(end - start + 1)
            tieTerm += t * t * t - t
            start = end + 1
        }
        var observed = 0
        for position in 0..<total where pooled[position].1 { observed += doubledRanks[position] }
        u = Double(observed) / 2 - Double(n1 * (n1 + 1)) / 2

        if total <= Self.exactLimit {
            // counts[k][s]: the number of ways to choose k of the values seen so far with doubled
            // rank sum s (Doubles: C(100, 50) ≈ 1e29 exceeds Int; every count up to 2^53 is exact).
            let maxSum = doubledRanks.reduce(0, +)
            var counts = [[Double]](repeating: [Double](repeating: 0, count: maxSum + 1), count: n1 + 1)
            counts[0][0] = 1
            for rank in doubledRanks {
                for k in stride(from: min(n1, total), through: 1, by: -1) {
                    for s in stride(from: maxSum, through: rank, by: -1) where counts[k - 1][s - rank] != 0 {
                        counts[k][s] += counts[k - 1][s - rank]
                    }
                }
            }
            let all = counts[n1].reduce(0, +)
            var atMost = 0.0
            var atLeast = 0.0
            for (sum, count) in counts[n1].enumerated() where count != 0 {
                if sum <= observed { atMost += count }
                if sum >= observed { atLeast += count }
            }
            pValueLess = atMost / all
            pValueGreater = atLeast / all
            isExact = true
        } else {
            let mean = Double(n1 * n2) / 2
            let variance = Double(n1 * n2) / 12 * (Double(total + 1) - tieTerm / (Double(total) * Double(total - 1)))
            guard variance > 0 else {
                pValueLess = 1
                pValueGreater = 1
                isExact = false
                return
            }
            let z = (u - mean) / variance.squareRoot()
            pValueLess = 0.5 * erfc(-z / 2.0.squareRoot())
            pValueGreater = 0.5 * erfc(z / 2.0.squareRoot())
            isExact = false
        }
    }
}
