// swift-format-ignore-file
// (the guides show these regions verbatim, with their comments aligned)
import HyperTune

// Samples of Docs/SearchSpaces.md.

func searchSpacesKinds(_ trial: Trial) throws {
    // snippet: search-spaces/kinds
    let dropout = try trial.suggestFloat("dropout", in: 0...0.5)              // uniform
    let lr = try trial.suggestFloat("lr", in: 1e-5...1e-1, log: true)          // log-uniform
    let momentum = try trial.suggestFloat("momentum", in: 0.5...0.99, step: 0.01) // a grid of floats
    let layers = try trial.suggestInt("layers", in: 1...8)
    let width = try trial.suggestInt("width", in: 16...1024, log: true)
    let batch = try trial.suggestInt("batch", in: 16...256, step: 16)
    let optimizer = try trial.suggestCategorical("optimizer", ["sgd", "adam", "rmsprop"])  // a String
    let heads = try trial.suggestCategorical("heads", [1, 2, 4, 8])                        // an Int
    let bias = try trial.suggestCategorical("bias", [true, false])                         // a Bool
    // end-snippet
    _ = (dropout, lr, momentum, layers, width, batch, optimizer, heads, bias)
}

func searchSpacesConditional(_ trial: Trial) throws -> Double {
    // snippet: search-spaces/conditional
    let model = try trial.suggestCategorical("model", ["linear", "forest", "mlp"])
    switch model {
    case "linear":
        let alpha = try trial.suggestFloat("alpha", in: 1e-6...1, log: true)
        return alpha
    case "forest":
        let trees = try trial.suggestInt("trees", in: 10...500, log: true)
        let depth = try trial.suggestInt("depth", in: 2...16)
        return Double(trees * depth)
    default:
        let layers = try trial.suggestInt("layers", in: 1...4)
        var width = 0
        for layer in 0..<layers {
            width += try trial.suggestInt("width_\(layer)", in: 16...512, log: true)
        }
        return Double(width)
    }
    // end-snippet
}

func searchSpacesErrors(_ trial: Trial) {
    // snippet: search-spaces/errors
    do {
        _ = try trial.suggestFloat("lr", in: 0...1, log: true)
    } catch let error as SearchSpaceError {
        print(error)           // parameter "lr": log scale needs low > 0, got low = 0.0
        print(error.kind)      // logNeedsPositiveLow
        print(error.parameter ?? "-")  // lr
    } catch {
        print(error)
    }
    // end-snippet
}

func searchSpacesEnqueue(_ study: Study) async throws {
    // snippet: search-spaces/enqueue
    try await study.enqueueTrial(["lr": 1e-3, "optimizer": "adam"])   // "layers" is sampled as usual
    try await study.enqueueTrial(["lr": 1e-2, "optimizer": "sgd", "layers": 2])
    // end-snippet
}

func searchSpacesLowHigh(_ trial: Trial, low: Double, high: Double) throws -> Double {
    // snippet: search-spaces/low-high
    let x = try trial.suggestFloat("x", low: low, high: high)   // low > high throws instead of trapping
    // end-snippet
    return x
}
