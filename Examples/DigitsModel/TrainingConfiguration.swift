import Foundation

/// The hyperparameters of one training run of ``MLPClassifier``.
public struct TrainingConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// A hidden layer's nonlinearity.
    public enum Activation: String, Sendable, Hashable, CaseIterable {
        /// `max(0, x)`, with He-uniform initial weights.
        case relu
        /// `tanh(x)`, with Glorot-uniform initial weights.
        case tanh
    }

    /// How gradients update the weights.
    public enum Optimizer: String, Sendable, Hashable, CaseIterable {
        /// Plain stochastic gradient descent: `w -= lr * g`.
        case sgd
        /// SGD with heavy-ball momentum 0.9: `v = 0.9 v + g`, `w -= lr * v`.
        case momentum
        /// Adam (Kingma and Ba, "Adam: A method for stochastic optimization", ICLR 2015) with
        /// beta1 0.9, beta2 0.999, epsilon 1e-8 and bias correction.
        case adam
    }

    /// The step size.
    public var learningRate: Double
    /// The L2 penalty `l2 / 2 * |W|^2` on the weights (not the biases), added to the mean loss.
    public var l2: Double
    /// Units per hidden layer.
    public var width: Int
    /// Number of hidden layers (at least 1).
    public var depth: Int
    /// The hidden layers' nonlinearity.
    public var activation: Activation
    /// The update rule.
    public var optimizer: Optimizer
    /// Images per mini-batch.
    public var batchSize: Int

    /// A configuration; every argument but the learning rate has a typical untuned value.
    public init(
        learningRate: Double, l2: Double = 0, width: Int = 32, depth: Int = 1, activation: Activation = .relu,
        optimizer: Optimizer = .sgd, batchSize: Int = 32
    ) {
        self.learningRate = learningRate
        self.l2 = l2
        self.width = width
        self.depth = depth
        self.activation = activation
        self.optimizer = optimizer
        self.batchSize = batchSize
    }

    /// The untuned baseline the example compares against: what one writes without tuning —
    /// plain SGD at learning rate 0.01, no regularization, one hidden layer of 32 ReLU units,
    /// mini-batches of 32.
    public static let untuned = TrainingConfiguration(learningRate: 0.01)

    /// `lr=0.01 l2=0 width=32 depth=1 relu sgd batch=32`, numbers to 4 significant digits.
    public var description: String {
        "lr=\(Self.short(learningRate)) l2=\(Self.short(l2)) width=\(width) depth=\(depth) \(activation.rawValue) "
            + "\(optimizer.rawValue) batch=\(batchSize)"
    }

    private static func short(_ value: Double) -> String { String(format: "%.4g", value) }
}
