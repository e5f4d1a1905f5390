import HyperTuneSearchSpace

extension BenchmarkProblem {
    /// A mixed problem, 5-D: a float, a step float, an integer and two categoricals (strings and
    /// Booleans), where the categorical choice moves the float's optimum.
    ///
    /// Parameters: `x ∈ [-5, 5]` (float), `z ∈ [0, 10]` step 0.5, `n ∈ [0, 20]` (integer),
    /// `activation ∈ {relu, tanh, sigmoid, gelu}`, `bias ∈ {true, false}`. With `k` the activation's
    /// index, centres `c = (1.5, -2, 3, -3.25)` and offsets `o = (0.5, 1, 2, 0)`:
    /// `f = o_k + (x - c_k)² + ¼ (z - 7.5)² + 0.1 (n - 13)² + (bias ? 0 : 0.3)`.
    /// Minimum 0 at `activation = gelu`, `x = -3.25`, `z = 7.5`, `n = 13`, `bias = true`; every
    /// optimum is off the centre of its range by construction.
    public static let mixed = BenchmarkProblem(
        name: "mixed", summary: "mixed float, step float, int and categoricals, 5-D",
        searchSpace: SearchSpace([
            "x": .float(try! FloatDistribution(-5...5)),
            "z": .float(try! FloatDistribution(0...10, step: 0.5)),
            "n": .int(try! IntDistribution(0...20)),
            "activation": .categorical(try! CategoricalDistribution(["relu", "tanh", "sigmoid", "gelu"])),
            "bias": .categorical(try! CategoricalDistribution([true, false])),
        ]),
        optimumValue: 0, optimum: ["x": -3.25, "z": 7.5, "n": 13, "activation": "gelu", "bias": true]
    ) { trial in
        let activations = ["relu", "tanh", "sigmoid", "gelu"]
        let centres = [1.5, -2, 3, -3.25]
        let offsets = [0.5, 1, 2, 0]
        let x = try trial.suggestFloat("x", in: -5...5, step: nil, log: false)
        let z = try trial.suggestFloat("z", in: 0...10, step: 0.5, log: false)
        let n = try trial.suggestInt("n", in: 0...20, step: 1, log: false)
        let activation = try trial.suggestCategorical("activation", activations)
        let bias = try trial.suggestCategorical("bias", [true, false])
        let k = activations.firstIndex(of: activation)!
        let dx = x - centres[k]
        let dz = z - 7.5
        let dn = Double(n - 13)
        return offsets[k] + dx * dx + 0.25 * dz * dz + 0.1 * dn * dn + (bias ? 0 : 0.3)
    }
}
