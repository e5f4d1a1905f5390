import Foundation

/// The JSON every suite writes, HyperTune's runner and the Python peer alike (schema 1). A file
/// holds one library's results of one or more suites; `table` merges any number of files.
struct Report: Codable {
    var schema = 1
    /// `"HyperTune"` or the peer's name (`"Optuna"`).
    var library: String
    /// The library's version (a git commit for HyperTune, the package version for a peer).
    var version: String
    var machine: Machine
    /// When the file was written (ISO 8601).
    var date: String
    var quality: Quality?
    var overhead: Overhead?
    var driverOverhead: [DriverOverheadResult]?
    /// The pruner suite (`PrunerSuite.swift`).
    var pruners: Pruners?

    struct Machine: Codable {
        var cpus: Int
        var cpu: String
        var memoryGiB: Double
        var os: String
        /// The 1-minute load average when the suite started (other work on the machine skews timings).
        var loadAverage: Double?

        static func current() -> Machine {
            let info = ProcessInfo.processInfo
            var model = "unknown"
            if let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
                let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
                let colon = line.firstIndex(of: ":")
            {
                model = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))
                .flatMap { $0.split(separator: " ").first }.flatMap { Double($0) }
            return Machine(
                cpus: info.activeProcessorCount, cpu: model,
                memoryGiB: (Double(info.physicalMemory) / 1_073_741_824 * 10).rounded() / 10,
                os: info.operatingSystemVersionString, loadAverage: load)
        }
    }

    struct Quality: Codable {
        var budget: Int
        var checkpoints: [Int]
        var regretFloor: Double
        var runs: [QualityRun]
    }

    struct QualityRun: Codable {
        var sampler: String
        var problem: String
        var seed: Int
        var budget: Int
        /// Best-so-far regret (noise-free value against the known optimum) at each checkpoint.
        /// (No wall-clock time: it would change the file on every re-run of the same results; the
        /// overhead suite measures time.)
        var regret: [Double]
    }

    struct Overhead: Codable {
        var parameters: Int
        var repeats: Int
        var results: [OverheadResult]
    }

    struct OverheadResult: Codable {
        var sampler: String
        /// Completed trials in the study before the timed window.
        var completed: Int
        /// Trials timed per repeat.
        var window: Int
        /// Median over repeats of the mean time per trial inside `ask` and the `suggest*` calls.
        var suggestMicroseconds: Double
        /// Median over repeats of the mean time per trial of `ask`, `suggest*` and `tell` (the
        /// objective's own computation excluded).
        var trialMicroseconds: Double
        var suggestRuns: [Double]
        var trialRuns: [Double]
    }

    struct DriverOverheadResult: Codable {
        var trials: Int
        var repeats: Int
        var medianMicrosecondsPerTrial: Double
        /// Median over repeats of the mean time per trial over the last 1,000 trials, if measured.
        var medianMicrosecondsPerTrialLast1000: Double?
        var allMicrosecondsPerTrial: [Double]
    }

    static func make(library: String = "HyperTune") -> Report {
        Report(
            library: library, version: gitCommit(), machine: .current(), date: ISO8601DateFormatter().string(from: Date()))
    }

    /// Writes the report compactly: sorted keys, no spaces, and each object of an array on a line
    /// of its own (one run per line), so that a file stays small and a re-run that changes one run
    /// changes one line. `peer_optuna.py` writes the same layout.
    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Report.oneObjectPerLine(encoder.encode(self)).write(to: url)
        FileHandle.standardError.write(Data("wrote \(path)\n".utf8))
    }

    /// Compact JSON with a line break before every object that is an element of an array.
    static func oneObjectPerLine(_ json: Data) -> Data {
        var out = Data(capacity: json.count + json.count / 64)
        var inString = false
        var escaped = false
        var previous: UInt8 = 0
        for byte in json {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "{"), previous == UInt8(ascii: "[") || previous == UInt8(ascii: ",") {
                out.append(UInt8(ascii: "\n"))
            }
            out.append(byte)
            previous = byte
        }
        out.append(UInt8(ascii: "\n"))
        return out
    }

    static func read(_ path: String) throws -> Report {
        try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

/// The repository's current commit (short), or `"unknown"`.
func gitCommit() -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "rev-parse", "--short", "HEAD"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    do {
        try process.run()
        process.waitUntilExit()
    } catch {
        return "unknown"
    }
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines)
    return process.terminationStatus == 0 && !output.isEmpty ? output : "unknown"
}

func progress(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
