/// Limited-memory BFGS minimization of a smooth function, optionally within box bounds.
///
/// The search direction is the L-BFGS two-loop recursion over the last `memory` pairs of steps and
/// gradient changes (Liu and Nocedal, "On the limited memory BFGS method for large scale
/// optimization", Mathematical Programming 45, 1989; Nocedal and Wright, *Numerical Optimization*,
/// 2nd ed. 2006, algorithm 7.4), scaled by `sᵀy / yᵀy`.
///
/// Bounds are handled by a projected variant in the spirit of L-BFGS-B (Byrd, Lu, Nocedal and Zhu,
/// "A limited memory algorithm for bound constrained optimization", SIAM J. Sci. Comput. 16(5),
/// 1995) and of Bertsekas's projected Newton method (SIAM J. Control Optim. 20(2), 1982): variables
/// at a bound whose gradient pushes outward are held fixed for the iteration, the quasi-Newton
/// direction is computed on the free variables, and the line search backtracks along the projected
/// path `P(x + α d)` until the Armijo condition `f(x(α)) <= f(x) + c₁ gᵀ(x(α) - x)` holds. It is
/// simpler than L-BFGS-B's generalized Cauchy point and subspace minimization, and converges to the
/// same stationary points on the small smooth problems it is used for here (hyperparameter fits,
/// acquisition polishing). Curvature pairs with `sᵀy <= 1e-10 yᵀy` are skipped, which keeps the
/// implicit Hessian approximation positive definite.
///
/// Every operation is deterministic: the same inputs give bit-identical iterates on every platform.
package enum LBFGS {
    /// Stopping rules and limits.
    package struct Configuration: Sendable, Hashable {
        /// The number of curvature pairs kept.
        package var memory = 10
        /// The largest number of iterations.
        package var maxIterations = 200
        /// The largest number of function evaluations (line-search trials included).
        package var maxEvaluations = 1_000
        /// Stop when the largest component of the projected gradient is at most this.
        package var gradientTolerance = 1e-6
        /// Stop when an iteration decreases `f` by at most this fraction of `max(|f|, 1)`.
        package var relativeFunctionTolerance = 1e-12
        /// The sufficient-decrease constant c₁ of the Armijo condition.
        package var armijo = 1e-4

        /// The defaults: memory 10, 200 iterations, 1,000 evaluations, gradient tolerance 1e-6.
        package init() {}
    }

    /// Why the minimization stopped.
    package enum Termination: Sendable, Hashable {
        /// The projected gradient fell below the tolerance.
        case gradientTolerance
        /// An iteration made (almost) no progress.
        case functionTolerance
        /// The line search found no decrease (the point is stationary to working precision).
        case lineSearchFailed
        /// The iteration or evaluation budget ran out.
        case budgetExhausted
        /// The function or its gradient was not finite at the start.
        case nonFiniteStart
    }

    /// The outcome of a minimization.
    package struct Result: Sendable {
        /// The best point found (within the bounds).
        package var point: [Double]
        /// `f(point)`.
        package var value: Double
        /// The gradient at `point`.
        package var gradient: [Double]
        /// The number of iterations made.
        package var iterations: Int
        /// The number of function evaluations.
        package var evaluations: Int
        /// Why it stopped.
        package var termination: Termination
    }

    /// Minimizes `function` from `start`, within `lower...upper` componentwise when bounds are given.
    ///
    /// - Parameters:
    ///   - start: the first point; projected onto the bounds.
    ///   - lower: the lower bounds (`-inf` for none), or `nil` for none at all.
    ///   - upper: the upper bounds (`inf` for none), or `nil` for none at all.
    ///   - configuration: stopping rules.
    ///   - function: returns `f(x)` and writes `∇f(x)` into its second argument (same length as `x`).
    ///     Non-finite values are treated as "too far": the line search backs off from them.
    /// - Complexity: O(memory × d) per iteration plus the function's evaluations.
    package static func minimize(
        from start: [Double], lower: [Double]? = nil, upper: [Double]? = nil,
        configuration: Configuration = Configuration(),
        _ function: (_ x: [Double], _ gradient: inout [Double]) -> Double
    ) -> Result {
        let d = start.count
        let low = lower ?? [Double](repeating: -.infinity, count: d)
        let high = upper ?? [Double](repeating: .infinity, count: d)
        precondition(low.count == d && high.count == d, "bounds of lengths \(low.count), \(high.count) for \(d) variables")
        func project(_ x: inout [Double]) {
            for i in 0..<d { x[i] = min(max(x[i], low[i]), high[i]) }
        }
        var x = start
        project(&x)
        var g = [Double](repeating: 0, count: d)
        var f = function(x, &g)
        var evaluations = 1
        guard f.isFinite, g.allSatisfy(\.isFinite) else {
            return Result(point: x, value: f, gradient: g, iterations: 0, evaluations: 1, termination: .nonFiniteStart)
        }
        // Curvature pairs, oldest first, in a ring of `memory` slots.
        let m = max(configuration.memory, 1)
        var sList = [[Double]](repeating: [Double](repeating: 0, count: d), count: m)
        var yList = sList
        var rhoList = [Double](repeating: 0, count: m)
        var pairCount = 0
        var newest = -1
        var alphas = [Double](repeating: 0, count: m)
        var direction = [Double](repeating: 0, count: d)
        var free = [Bool](repeating: true, count: d)
        var trial = x
        var trialGradient = g
        var iterations = 0

        while true {
            // Free variables and the projected gradient.
            var projectedNorm = 0.0
            for i in 0..<d {
                let atLower = x[i] <= low[i] && g[i] > 0
                let atUpper = x[i] >= high[i] && g[i] < 0
                free[i] = !(atLower || atUpper)
                if free[i] { projectedNorm = max(projectedNorm, abs(g[i])) }
            }
            if projectedNorm <= configuration.gradientTolerance {
                return Result(
                    point: x, value: f, gradient: g, iterations: iterations, evaluations: evaluations, termination: .gradientTolerance)
            }
            if iterations >= configuration.maxIterations || evaluations >= configuration.maxEvaluations {
                return Result(
                    point: x, value: f, gradient: g, iterations: iterations, evaluations: evaluations, termination: .budgetExhausted)
            }

            // Two-loop recursion on the free variables.
            for i in 0..<d { direction[i] = free[i] ? -g[i] : 0 }
            var index = newest
            for _ in 0..<pairCount {
                var a = 0.0
                for i in 0..<d where free[i] { a += sList[index][i] * direction[i] }
                a *= rhoList[index]
                alphas[index] = a
                for i in 0..<d where free[i] { direction[i] -= a * yList[index][i] }
                index = (index - 1 + m) % m
            }
            if pairCount > 0 {
                let s = sList[newest]
                let y = yList[newest]
                var sy = 0.0
                var yy = 0.0
                for i in 0..<d {
                    sy += s[i] * y[i]
                    yy += y[i] * y[i]
                }
                let gamma = sy / yy
                for i in 0..<d { direction[i] *= gamma }
            }
            index = (newest - pairCount + 1 + m) % m
            for _ in 0..<pairCount {
                var b = 0.0
                for i in 0..<d where free[i] { b += yList[index][i] * direction[i] }
                b *= rhoList[index]
                let correction = alphas[index] - b
                for i in 0..<d where free[i] { direction[i] += correction * sList[index][i] }
                index = (index + 1) % m
            }
            var slope = 0.0
            for i in 0..<d where free[i] { slope += g[i] * direction[i] }
            if !(slope < 0) {
                // Not a descent direction (an ill-conditioned memory): restart from steepest descent.
                pairCount = 0
                newest = -1
                slope = 0
                for i in 0..<d {
                    direction[i] = free[i] ? -g[i] : 0
                    slope -= direction[i] * direction[i]
                }
            }

            // Backtracking along the projected path.
            var step = 1.0
            if pairCount == 0 {
                var norm = 0.0
                for i in 0..<d { norm = max(norm, abs(direction[i])) }
                step = min(1, 1 / norm)
            }
            var accepted = false
            var trialValue = f
            for _ in 0..<40 {
                var decrease = 0.0
                var moved = false
                for i in 0..<d {
                    trial[i] = min(max(x[i] + step * direction[i], low[i]), high[i])
                    decrease += g[i] * (trial[i] - x[i])
                    if trial[i] != x[i] { moved = true }
                }
                if !moved { break }
                trialValue = function(trial, &trialGradient)
                evaluations += 1
                if trialValue.isFinite, trialGradient.allSatisfy(\.isFinite),
                    trialValue <= f + configuration.armijo * decrease
                {
                    accepted = true
                    break
                }
                if evaluations >= configuration.maxEvaluations { break }
                // Quadratic interpolation of f along the ray, kept within [0.1, 0.5] of the step.
                var next = 0.5 * step
                if trialValue.isFinite {
                    let curvature = trialValue - f - step * slope
                    if curvature > 0 { next = min(max(-slope * step * step / (2 * curvature), 0.1 * step), 0.5 * step) }
                }
                step = next
            }
            iterations += 1
            guard accepted else {
                return Result(
                    point: x, value: f, gradient: g, iterations: iterations, evaluations: evaluations, termination: .lineSearchFailed)
            }

            // Curvature pair.
            var sy = 0.0
            var yy = 0.0
            for i in 0..<d {
                let s = trial[i] - x[i]
                let y = trialGradient[i] - g[i]
                sy += s * y
                yy += y * y
            }
            if sy > 1e-10 * yy, yy > 0 {
                let slot = (newest + 1) % m
                for i in 0..<d {
                    sList[slot][i] = trial[i] - x[i]
                    yList[slot][i] = trialGradient[i] - g[i]
                }
                rhoList[slot] = 1 / sy
                newest = slot
                pairCount = min(pairCount + 1, m)
            }
            let previous = f
            swap(&x, &trial)
            swap(&g, &trialGradient)
            f = trialValue
            if previous - f <= configuration.relativeFunctionTolerance * max(abs(f), abs(previous), 1) {
                return Result(
                    point: x, value: f, gradient: g, iterations: iterations, evaluations: evaluations, termination: .functionTolerance)
            }
        }
    }
}
