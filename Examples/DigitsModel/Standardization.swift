/// A per-feature affine map `(x - mean) / scale`, fitted on training data and applied to every split.
///
/// Features that are constant in the fitting data (several border pixels are always 0) get scale 1,
/// so they map to 0 instead of dividing by zero.
public struct Standardization: Sendable, Hashable {
    /// The mean of each feature in the fitting data.
    public let mean: [Double]
    /// The population standard deviation of each feature in the fitting data (1 where it is 0).
    public let scale: [Double]

    /// Fits the map on `dataset`.
    ///
    /// - Complexity: O(n d) for n images of d features.
    public init(fitting dataset: DigitsDataset) {
        let width = DigitsDataset.featureCount
        let count = Double(max(dataset.count, 1))
        var mean = [Double](repeating: 0, count: width)
        var squares = [Double](repeating: 0, count: width)
        dataset.features.withUnsafeBufferPointer { features in
            for row in 0..<dataset.count {
                for column in 0..<width { mean[column] += features[row * width + column] }
            }
            for column in 0..<width { mean[column] /= count }
            for row in 0..<dataset.count {
                for column in 0..<width {
                    let centred = features[row * width + column] - mean[column]
                    squares[column] += centred * centred
                }
            }
        }
        self.mean = mean
        self.scale = squares.map { sum in
            let deviation = (sum / count).squareRoot()
            return deviation > 1e-12 ? deviation : 1
        }
    }

    /// `features` (row-major, ``DigitsDataset/featureCount`` per row) with the map applied.
    ///
    /// - Complexity: O(length of `features`).
    public func apply(to features: [Double]) -> [Double] {
        let width = DigitsDataset.featureCount
        var result = features
        result.withUnsafeMutableBufferPointer { values in
            for index in values.indices {
                let column = index % width
                values[index] = (values[index] - mean[column]) / scale[column]
            }
        }
        return result
    }
}
