import Foundation

/// The UCI optical recognition of handwritten digits data: 8x8 images with pixels in 0...16, and
/// their labels 0...9.
///
/// The committed copy is `Examples/Data/digits/digits.csv` (1,797 images; source and licence in the
/// README next to it). Features are kept row-major in one contiguous array, `featureCount` doubles
/// per image, so training loops read them without indirection.
public struct DigitsDataset: Sendable, Hashable {
    /// Pixels per image (8 x 8).
    public static let featureCount = 64
    /// Number of classes (the digits 0...9).
    public static let classCount = 10
    /// The largest pixel value in the raw data.
    public static let maximumPixel = 16

    /// The features, row-major: image `i` is `features[i * featureCount ..< (i + 1) * featureCount]`.
    public let features: [Double]
    /// The label of each image, in `0 ..< classCount`.
    public let labels: [Int]

    /// The number of images.
    public var count: Int { labels.count }

    /// A dataset of the given features and labels.
    ///
    /// - Parameters:
    ///   - features: `labels.count * featureCount` values, row-major.
    ///   - labels: one label per image, each in `0 ..< classCount`.
    /// - Throws: ``DigitsDataError`` `invalidShape` when the sizes do not match or a label is out of range.
    /// - Complexity: O(n) for n images.
    public init(features: [Double], labels: [Int]) throws(DigitsDataError) {
        guard features.count == labels.count * Self.featureCount else {
            throw DigitsDataError(
                .invalidShape,
                "\(features.count) feature values for \(labels.count) labels; expected \(labels.count * Self.featureCount)")
        }
        if let bad = labels.firstIndex(where: { !(0..<Self.classCount).contains($0) }) {
            throw DigitsDataError(.invalidShape, "label \(labels[bad]) of image \(bad) is not in 0...\(Self.classCount - 1)")
        }
        self.features = features
        self.labels = labels
    }

    /// The images at `indices`, in that order.
    ///
    /// - Precondition: every index is in `0 ..< count`.
    /// - Complexity: O(k) for k indices.
    public func subset(_ indices: [Int]) -> DigitsDataset {
        let width = Self.featureCount
        var newFeatures = [Double](repeating: 0, count: indices.count * width)
        newFeatures.withUnsafeMutableBufferPointer { target in
            features.withUnsafeBufferPointer { source in
                for (row, index) in indices.enumerated() {
                    precondition(index >= 0 && index < count, "index \(index) out of 0..<\(count)")
                    for column in 0..<width {
                        target[row * width + column] = source[index * width + column]
                    }
                }
            }
        }
        // The shape and labels come from a valid dataset, so this cannot throw.
        return try! DigitsDataset(features: newFeatures, labels: indices.map { labels[$0] })
    }

    /// The same images with every feature mapped through `standardization`.
    ///
    /// - Complexity: O(n) for n images.
    public func standardized(by standardization: Standardization) -> DigitsDataset {
        try! DigitsDataset(features: standardization.apply(to: features), labels: labels)
    }

    /// How many images of each class, indexed by label.
    ///
    /// - Complexity: O(n).
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: Self.classCount)
        for label in labels { counts[label] += 1 }
        return counts
    }

    // MARK: Loading

    /// Parses the CSV text of the digits data: one image per line, 64 integer pixels in 0...16
    /// then the label in 0...9, separated by commas; no header; blank lines are ignored.
    ///
    /// - Parameter text: the file's contents.
    /// - Throws: ``DigitsDataError`` `malformed`, naming the line and the offending field.
    /// - Complexity: O(length of `text`).
    public static func parse(csv text: String) throws(DigitsDataError) -> DigitsDataset {
        var features: [Double] = []
        var labels: [Int] = []
        var lineNumber = 0
        // Byte-level parsing: the file is ASCII, and this is many times faster than splitting
        // Characters (a debug-build test loads it several times).
        let bytes = Array(text.utf8)
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            lineNumber += 1
            try parseLine(bytes[lineStart..<lineEnd], number: lineNumber, features: &features, labels: &labels)
            lineStart = lineEnd + 1
        }
        guard !labels.isEmpty else { throw DigitsDataError(.malformed, "no images in the file") }
        return try DigitsDataset(features: features, labels: labels)
    }

    /// Parses one line into `features` and `labels`; a blank line adds nothing.
    private static func parseLine(
        _ line: ArraySlice<UInt8>, number lineNumber: Int, features: inout [Double], labels: inout [Int]
    ) throws(DigitsDataError) {
        let isBlank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }
        if line.allSatisfy(isBlank) { return }
        let fields = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        guard fields.count == featureCount + 1 else {
            throw DigitsDataError(
                .malformed, "line \(lineNumber): \(fields.count) fields, expected \(featureCount + 1) (64 pixels and a label)")
        }
        for (column, rawField) in fields.enumerated() {
            var field = rawField
            while let first = field.first, isBlank(first) { field = field.dropFirst() }
            while let last = field.last, isBlank(last) { field = field.dropLast() }
            var value = 0
            var valid = !field.isEmpty && field.count <= 6
            for byte in field where valid {
                if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                    value = value * 10 + Int(byte - UInt8(ascii: "0"))
                } else {
                    valid = false
                }
            }
            guard valid else {
                let shown = String(decoding: field, as: UTF8.self)
                throw DigitsDataError(
                    .malformed, "line \(lineNumber), field \(column + 1): \"\(shown)\" is not a small non-negative integer")
            }
            if column < featureCount {
                guard value <= maximumPixel else {
                    throw DigitsDataError(
                        .malformed, "line \(lineNumber), field \(column + 1): pixel \(value) is not in 0...\(maximumPixel)")
                }
                features.append(Double(value))
            } else {
                guard value < classCount else {
                    throw DigitsDataError(
                        .malformed, "line \(lineNumber), field \(column + 1): label \(value) is not in 0...\(classCount - 1)")
                }
                labels.append(value)
            }
        }
    }

    /// Loads the digits CSV at `path`.
    ///
    /// - Throws: ``DigitsDataError`` `notFound` when the file cannot be read, `malformed` when it
    ///   is not digits data.
    /// - Complexity: O(file size).
    public static func load(from path: String) throws(DigitsDataError) -> DigitsDataset {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw DigitsDataError(.notFound, "cannot read \(path): \(error.localizedDescription)")
        }
        do {
            return try parse(csv: text)
        } catch {
            throw DigitsDataError(error.kind, "\(path): \(error.detail)")
        }
    }

    /// The path of the committed CSV relative to the repository's root.
    public static let repositoryPath = "Examples/Data/digits/digits.csv"

    /// Where ``loadCommitted()`` looks, in order: the `DIGITS_CSV` environment
    /// variable if set, ``repositoryPath`` under the current directory and its parents, then the
    /// same path under the repository this file was compiled in (found from `#filePath`).
    ///
    /// - Parameter currentDirectory: where to start the upward search (default: the process's
    ///   current directory).
    public static func candidatePaths(currentDirectory: String? = nil) -> [String] {
        var paths: [String] = []
        if let override = ProcessInfo.processInfo.environment["DIGITS_CSV"], !override.isEmpty {
            paths.append(override)
        }
        var directory = URL(
            fileURLWithPath: currentDirectory ?? FileManager.default.currentDirectoryPath, isDirectory: true)
        for _ in 0..<4 {
            paths.append(directory.appendingPathComponent(repositoryPath).path)
            directory.deleteLastPathComponent()
        }
        // This file is Examples/DigitsModel/DigitsDataset.swift: the root is three levels up.
        let root = URL(fileURLWithPath: sourceFile).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        paths.append(root.appendingPathComponent(repositoryPath).path)
        var seen = Set<String>()
        return paths.filter { seen.insert($0).inserted }
    }

    /// This source file's path at compile time.
    private static let sourceFile = #filePath

    /// Loads the committed digits data from the first of ``candidatePaths(currentDirectory:)``
    /// that exists.
    ///
    /// - Throws: ``DigitsDataError`` `notFound` listing every path tried; `malformed` for a corrupt file.
    /// - Complexity: O(file size).
    public static func loadCommitted() throws(DigitsDataError) -> DigitsDataset {
        let paths = candidatePaths()
        guard let path = paths.first(where: { FileManager.default.isReadableFile(atPath: $0) }) else {
            throw DigitsDataError(
                .notFound,
                "the digits data (\(repositoryPath)) was not found; run from the repository's root or set DIGITS_CSV. Tried:\n  "
                    + paths.joined(separator: "\n  "))
        }
        return try load(from: path)
    }
}
