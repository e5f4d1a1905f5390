import HyperTuneCore

/// A multilayer perceptron classifier for the digits, trained epoch by epoch with mini-batches.
///
/// Architecture: `depth` fully connected hidden layers of `width` units with the configured
/// activation, then a linear layer to the 10 classes and a softmax. Loss: the mean softmax
/// cross-entropy over the mini-batch plus `l2 / 2` times the sum of squared weights (biases are not
/// penalized). Updates: ``TrainingConfiguration/Optimizer``.
///
/// Determinism: the initial weights (He- or Glorot-uniform, zero biases) and the shuffle of the
/// training set before each epoch come from one ``SeededGenerator`` seeded with `seed`, and every
/// sum runs in a fixed order. The same configuration, data and seed therefore give the same weights
/// and accuracies, bit for bit, on every platform: `exp` and `expm1` are computed from IEEE-754
/// arithmetic only (`PortableExponential`), not taken from the platform's libm.
///
/// Speed: parameters, gradients, optimizer state and the activations of a whole mini-batch live in
/// buffers allocated once; the inner loops run over contiguous rows through raw pointers, so a
/// training epoch allocates nothing.
///
/// Not thread-safe: one instance per task.
public final class MLPClassifier {
    /// The hyperparameters.
    public let configuration: TrainingConfiguration
    /// Epochs trained so far.
    public private(set) var epochsTrained = 0

    private let training: DigitsDataset
    private var generator: SeededGenerator
    private var order: [Int]
    private var adamStep = 0
    private var beta1Power = 1.0
    private var beta2Power = 1.0

    /// Units of each layer, input first: [64, width, ..., width, 10].
    private let units: [Int]
    /// Offsets of each layer's weights (inputs x outputs, row-major) and biases in `parameters`.
    private let weightOffsets: [Int]
    private let biasOffsets: [Int]
    /// Offsets of each layer's activations (`capacity` rows) in `activations` and `deltas`.
    private let activationOffsets: [Int]
    /// Rows the activation buffers hold: the larger of the batch size and the evaluation chunk.
    private let capacity: Int

    private let parameterCount: Int
    private let parameters: UnsafeMutablePointer<Double>
    private let gradients: UnsafeMutablePointer<Double>
    private let firstMoment: UnsafeMutablePointer<Double>
    private let secondMoment: UnsafeMutablePointer<Double>
    private let activations: UnsafeMutablePointer<Double>
    private let deltas: UnsafeMutablePointer<Double>

    private static let evaluationChunk = 256
    private static let momentum = 0.9
    private static let beta1 = 0.9
    private static let beta2 = 0.999
    private static let epsilon = 1e-8

    /// A freshly initialized network for `training`.
    ///
    /// - Parameters:
    ///   - configuration: the hyperparameters.
    ///   - training: the training images (standardized; see ``DigitsData``).
    ///   - seed: seeds the initial weights and the shuffles.
    /// - Precondition: a positive finite learning rate, `l2 >= 0`, and width, depth and batch size
    ///   of at least 1; a non-empty training set.
    /// - Complexity: O(P) for P parameters.
    public init(configuration: TrainingConfiguration, training: DigitsDataset, seed: UInt64) {
        precondition(
            configuration.learningRate > 0 && configuration.learningRate.isFinite,
            "learning rate must be positive and finite, got \(configuration.learningRate)")
        precondition(configuration.l2 >= 0 && configuration.l2.isFinite, "l2 must be >= 0, got \(configuration.l2)")
        precondition(configuration.width >= 1, "width must be >= 1, got \(configuration.width)")
        precondition(configuration.depth >= 1, "depth must be >= 1, got \(configuration.depth)")
        precondition(configuration.batchSize >= 1, "batch size must be >= 1, got \(configuration.batchSize)")
        precondition(training.count > 0, "the training set is empty")
        self.configuration = configuration
        self.training = training
        self.generator = SeededGenerator(seed: seed)
        self.order = Array(0..<training.count)

        let units =
            [DigitsDataset.featureCount] + Array(repeating: configuration.width, count: configuration.depth)
            + [DigitsDataset.classCount]
        self.units = units
        var weightOffsets: [Int] = []
        var biasOffsets: [Int] = []
        var count = 0
        for layer in 0..<(units.count - 1) {
            weightOffsets.append(count)
            count += units[layer] * units[layer + 1]
            biasOffsets.append(count)
            count += units[layer + 1]
        }
        self.weightOffsets = weightOffsets
        self.biasOffsets = biasOffsets
        self.parameterCount = count

        let capacity = max(configuration.batchSize, Self.evaluationChunk)
        self.capacity = capacity
        var activationOffsets: [Int] = []
        var rows = 0
        for width in units {
            activationOffsets.append(rows)
            rows += capacity * width
        }
        self.activationOffsets = activationOffsets

        parameters = .allocate(capacity: count)
        gradients = .allocate(capacity: count)
        firstMoment = .allocate(capacity: count)
        secondMoment = .allocate(capacity: count)
        activations = .allocate(capacity: rows)
        deltas = .allocate(capacity: rows)
        for buffer in [parameters, gradients, firstMoment, secondMoment] { buffer.initialize(repeating: 0, count: count) }
        activations.initialize(repeating: 0, count: rows)
        deltas.initialize(repeating: 0, count: rows)

        // Initial weights: uniform in [-limit, limit], He (sqrt(6 / fan-in)) before ReLU,
        // Glorot (sqrt(6 / (fan-in + fan-out))) before tanh and for the output layer.
        for layer in 0..<(units.count - 1) {
            let (inputs, outputs) = (units[layer], units[layer + 1])
            let isHidden = layer < units.count - 2
            let limit =
                isHidden && configuration.activation == .relu
                ? (6 / Double(inputs)).squareRoot() : (6 / Double(inputs + outputs)).squareRoot()
            let weights = parameters + weightOffsets[layer]
            for index in 0..<(inputs * outputs) {
                weights[index] = limit * (2 * generator.nextDouble() - 1)
            }
        }
    }

    deinit {
        for buffer in [parameters, gradients, firstMoment, secondMoment] { buffer.deallocate() }
        activations.deallocate()
        deltas.deallocate()
    }

    /// Every weight and bias, layer by layer (weights row-major by input, then biases).
    public var parameterValues: [Double] { Array(UnsafeBufferPointer(start: parameters, count: parameterCount)) }

    /// Trains one epoch: shuffles the training set, then one update per mini-batch.
    ///
    /// - Complexity: O(n P) for n training images and P parameters.
    public func trainEpoch() {
        generator.shuffle(&order)
        let batchSize = configuration.batchSize
        order.withUnsafeBufferPointer { order in
            var start = 0
            while start < order.count {
                let rows = min(batchSize, order.count - start)
                let batch = UnsafeBufferPointer(rebasing: order[start..<(start + rows)])
                loadInputs(training, rows: batch)
                forward(rows: rows)
                backward(rows: rows, labels: training.labels, indices: batch)
                update()
                start += rows
            }
        }
        epochsTrained += 1
    }

    /// The predicted class of each image of `dataset`.
    ///
    /// - Complexity: O(n P) for n images.
    public func predictions(on dataset: DigitsDataset) -> [Int] {
        var result = [Int](repeating: 0, count: dataset.count)
        let classes = DigitsDataset.classCount
        var indices = [Int](repeating: 0, count: capacity)
        var start = 0
        while start < dataset.count {
            let rows = min(capacity, dataset.count - start)
            for row in 0..<rows { indices[row] = start + row }
            indices.withUnsafeBufferPointer { indices in
                loadInputs(dataset, rows: UnsafeBufferPointer(rebasing: indices[0..<rows]))
            }
            forward(rows: rows)
            let output = activations + activationOffsets[units.count - 1]
            for row in 0..<rows {
                let probabilities = output + row * classes
                var best = 0
                for label in 1..<classes where probabilities[label] > probabilities[best] { best = label }
                result[start + row] = best
            }
            start += rows
        }
        return result
    }

    /// The share of `dataset`'s images classified correctly, in [0, 1].
    ///
    /// - Complexity: O(n P) for n images.
    public func accuracy(on dataset: DigitsDataset) -> Double {
        guard dataset.count > 0 else { return 0 }
        let predicted = predictions(on: dataset)
        var correct = 0
        for (prediction, label) in zip(predicted, dataset.labels) where prediction == label { correct += 1 }
        return Double(correct) / Double(dataset.count)
    }

    // MARK: Forward and backward passes

    /// Copies the images at `rows` of `dataset` into the input layer's activations.
    private func loadInputs(_ dataset: DigitsDataset, rows: UnsafeBufferPointer<Int>) {
        let width = DigitsDataset.featureCount
        let input = activations + activationOffsets[0]
        dataset.features.withUnsafeBufferPointer { features in
            for (row, index) in rows.enumerated() {
                (input + row * width).update(from: features.baseAddress! + index * width, count: width)
            }
        }
    }

    /// Computes every layer's activations for the first `rows` rows of the input layer; the output
    /// layer holds softmax probabilities.
    private func forward(rows: Int) {
        let layers = units.count - 1
        for layer in 0..<layers {
            let (inputs, outputs) = (units[layer], units[layer + 1])
            let input = activations + activationOffsets[layer]
            let output = activations + activationOffsets[layer + 1]
            let weights = parameters + weightOffsets[layer]
            let biases = parameters + biasOffsets[layer]
            for row in 0..<rows {
                let x = input + row * inputs
                let y = output + row * outputs
                y.update(from: biases, count: outputs)
                for k in 0..<inputs {
                    let xk = x[k]
                    if xk == 0 { continue }  // ReLU zeros: nothing to add
                    let w = weights + k * outputs
                    for j in 0..<outputs { y[j] += xk * w[j] }
                }
            }
            let count = rows * outputs
            if layer < layers - 1 {
                switch configuration.activation {
                case .relu:
                    for index in 0..<count where output[index] < 0 { output[index] = 0 }
                case .tanh:
                    for index in 0..<count { output[index] = Self.tanh(output[index]) }
                }
            } else {
                for row in 0..<rows { Self.softmax(output + row * outputs, count: outputs) }
            }
        }
    }

    /// Accumulates the gradient of the mini-batch loss into `gradients`.
    private func backward(rows: Int, labels: [Int], indices: UnsafeBufferPointer<Int>) {
        let layers = units.count - 1
        let classes = DigitsDataset.classCount
        let scale = 1 / Double(rows)
        // Output delta: (p - onehot) / rows, the gradient of the mean cross-entropy wrt the logits.
        let outputDelta = deltas + activationOffsets[layers]
        let probabilities = activations + activationOffsets[layers]
        for row in 0..<rows {
            let label = labels[indices[row]]
            for j in 0..<classes {
                outputDelta[row * classes + j] = (probabilities[row * classes + j] - (j == label ? 1 : 0)) * scale
            }
        }
        let l2 = configuration.l2
        for layer in stride(from: layers - 1, through: 0, by: -1) {
            let (inputs, outputs) = (units[layer], units[layer + 1])
            let input = activations + activationOffsets[layer]
            let delta = deltas + activationOffsets[layer + 1]
            let weights = parameters + weightOffsets[layer]
            let weightGradient = gradients + weightOffsets[layer]
            let biasGradient = gradients + biasOffsets[layer]
            // dW = input^T delta + l2 W; db = column sums of delta.
            for index in 0..<(inputs * outputs) { weightGradient[index] = l2 * weights[index] }
            for j in 0..<outputs { biasGradient[j] = 0 }
            for row in 0..<rows {
                let x = input + row * inputs
                let d = delta + row * outputs
                for j in 0..<outputs { biasGradient[j] += d[j] }
                for k in 0..<inputs {
                    let xk = x[k]
                    if xk == 0 { continue }
                    let g = weightGradient + k * outputs
                    for j in 0..<outputs { g[j] += xk * d[j] }
                }
            }
            guard layer > 0 else { break }
            // delta_previous = (delta W^T) * activation'(input).
            let previous = deltas + activationOffsets[layer]
            let activation = configuration.activation
            for row in 0..<rows {
                let x = input + row * inputs
                let d = delta + row * outputs
                let p = previous + row * inputs
                for k in 0..<inputs {
                    let a = x[k]
                    switch activation {
                    case .relu:
                        p[k] = a > 0 ? Self.dot(d, weights + k * outputs, count: outputs) : 0
                    case .tanh:
                        p[k] = Self.dot(d, weights + k * outputs, count: outputs) * (1 - a * a)
                    }
                }
            }
        }
    }

    /// Applies the configured update rule to every parameter.
    private func update() {
        let rate = configuration.learningRate
        let count = parameterCount
        let (p, g, m, v) = (parameters, gradients, firstMoment, secondMoment)
        switch configuration.optimizer {
        case .sgd:
            for index in 0..<count { p[index] -= rate * g[index] }
        case .momentum:
            let mu = Self.momentum
            for index in 0..<count {
                m[index] = mu * m[index] + g[index]
                p[index] -= rate * m[index]
            }
        case .adam:
            let (beta1, beta2, epsilon) = (Self.beta1, Self.beta2, Self.epsilon)
            adamStep += 1
            beta1Power *= beta1
            beta2Power *= beta2
            let correction1 = 1 / (1 - beta1Power)
            let correction2 = 1 / (1 - beta2Power)
            for index in 0..<count {
                let gradient = g[index]
                m[index] = beta1 * m[index] + (1 - beta1) * gradient
                v[index] = beta2 * v[index] + (1 - beta2) * gradient * gradient
                p[index] -= rate * (m[index] * correction1) / ((v[index] * correction2).squareRoot() + epsilon)
            }
        }
    }

    // MARK: Kernels

    /// `Σ a[k] b[k]` for `k < count`, with four interleaved partial sums combined as
    /// `(s0 + s1) + (s2 + s3)` (a fixed order, so the result does not depend on vectorization).
    @inline(__always)
    private static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double {
        var (s0, s1, s2, s3) = (0.0, 0.0, 0.0, 0.0)
        var k = 0
        while k + 4 <= count {
            s0 += a[k] * b[k]
            s1 += a[k + 1] * b[k + 1]
            s2 += a[k + 2] * b[k + 2]
            s3 += a[k + 3] * b[k + 3]
            k += 4
        }
        while k < count {
            s0 += a[k] * b[k]
            k += 1
        }
        return (s0 + s1) + (s2 + s3)
    }

    /// `tanh(x) = expm1(2x) / (expm1(2x) + 2)`, saturated beyond |x| = 20 (where it is ±1 in doubles).
    @inline(__always)
    private static func tanh(_ x: Double) -> Double {
        if x > 20 { return 1 }
        if x < -20 { return -1 }
        let t = PortableExponential.expm1(2 * x)
        return t / (t + 2)
    }

    /// Replaces `count` logits by their softmax, shifted by the maximum so `exp` cannot overflow.
    @inline(__always)
    private static func softmax(_ values: UnsafeMutablePointer<Double>, count: Int) {
        var largest = values[0]
        for index in 1..<count where values[index] > largest { largest = values[index] }
        if !largest.isFinite {
            // Diverged training: a uniform distribution keeps the loss finite and the run going.
            for index in 0..<count { values[index] = 1 / Double(count) }
            return
        }
        var sum = 0.0
        for index in 0..<count {
            let e = PortableExponential.exp(values[index] - largest)
            values[index] = e
            sum += e
        }
        for index in 0..<count { values[index] /= sum }
    }
}
