import Foundation

/// Where a file committed to the repository is, for code that reads data files (the recorded
/// learning curves, the reference values) and for the tests.
package enum CommittedFile {
    /// The path of `relativePath` (relative to the repository's root): under the current directory
    /// if it is readable there, else under the repository this module was compiled in.
    ///
    /// - Complexity: O(1) file-system checks.
    package static func path(_ relativePath: String) -> String {
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(relativePath).path
        if FileManager.default.isReadableFile(atPath: here) { return here }
        // This file is Benchmarks/Sources/HyperTuneProblems/CommittedFile.swift.
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { root.deleteLastPathComponent() }
        return root.appendingPathComponent(relativePath).path
    }
}
