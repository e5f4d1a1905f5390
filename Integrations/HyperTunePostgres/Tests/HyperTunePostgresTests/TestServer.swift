import Foundation
import HyperTune
import HyperTunePostgres
import Logging
import PostgresNIO
import Testing

/// The PostgreSQL server the tests use: the one `.ci/run` (or `Scripts/pg-server start`) started,
/// named by `HYPERTUNE_POSTGRES_URL`. Without it the tests fail in CI (`CI=true`) and are skipped
/// with a loud message elsewhere.
enum TestServer {
    static let environment = ProcessInfo.processInfo.environment
    static let url = environment["HYPERTUNE_POSTGRES_URL"]
    static let isCI = environment["CI"] == "true"

    /// Whether the tests that need a server run: with a server, or in CI (where they fail without one).
    static let enabled: Bool = {
        if url == nil && !isCI {
            FileHandle.standardError.write(
                Data(
                    """
                    ************************************************************************
                    HyperTunePostgres: HYPERTUNE_POSTGRES_URL is not set, so the tests that
                    need a PostgreSQL server are SKIPPED. Start one with
                      eval "$(Integrations/HyperTunePostgres/Scripts/pg-server start /tmp/hypertune-pg)"
                    ************************************************************************

                    """.utf8))
        }
        return url != nil || isCI
    }()

    /// The server's URL, or a failure (in CI).
    static func requireURL() throws -> String {
        try #require(url, "HYPERTUNE_POSTGRES_URL is not set: CI must start a PostgreSQL server (.ci/run does)")
    }

    /// A new, empty database on the server, and its URL (the server's URL with its path replaced).
    static func freshDatabase(_ label: String) async throws -> String {
        let url = try requireURL()
        let name = "ht_\(label)_\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await admin(url) { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
        return replacingDatabase(in: url, with: name)
    }

    static func replacingDatabase(in url: String, with name: String) -> String {
        var components = URLComponents(string: url)!
        components.path = "/" + name
        return components.string!
    }

    static func replacingHost(in url: String, with host: String) -> String {
        var components = URLComponents(string: url)!
        components.host = host
        return components.string!
    }

    static let logger = Logger(label: "HyperTunePostgresTests", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Runs `body` on a plain connection to the database of `url`, for checks by SQL.
    static func admin<R>(_ url: String, _ body: (PostgresConnection) async throws -> R) async throws -> R {
        let configuration = try PostgresLog.Configuration(url: url)
        let connection = try await PostgresConnection.connect(
            configuration: PostgresConnection.Configuration(
                host: configuration.host, port: configuration.port, username: configuration.user,
                password: configuration.password, database: configuration.database, tls: .disable),
            id: 1, logger: logger)
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// The directory of this package (for its scripts and its worker).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
}

/// A child process (a worker, a script) whose standard output is read line by line as it comes.
final class Child: Sendable {
    let lines: AsyncStream<String>
    private let process: Process
    private let done: AsyncStream<Int32>

    /// Starts `arguments[0]` (a path) with the other arguments.
    init(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        let (lines, emit) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .unbounded)
        let (done, finish) = AsyncStream.makeStream(of: Int32.self, bufferingPolicy: .unbounded)
        self.lines = lines
        self.done = done
        self.process = process
        try process.run()
        let handle = output.fileHandleForReading
        Thread {
            var buffer = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                while let newline = buffer.firstIndex(of: 0x0A) {
                    emit.yield(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
                    buffer.removeSubrange(buffer.startIndex...newline)
                }
            }
            emit.finish()
            process.waitUntilExit()
            finish.yield(process.terminationReason == .uncaughtSignal ? -process.terminationStatus : process.terminationStatus)
            finish.finish()
        }.start()
    }

    /// The worker executable of this package, started with `arguments`.
    static func worker(_ arguments: [String], prefix: [String] = []) throws -> Child {
        try Child(prefix + [try workerPath()] + arguments)
    }

    /// Where `swift build` put `hypertune-postgres-worker` (beside the test bundle).
    static func workerPath() throws -> String {
        var directories = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        if let executable = Bundle.main.executableURL { directories.append(executable.deletingLastPathComponent()) }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        for directory in directories {
            let candidate = directory.appendingPathComponent("hypertune-postgres-worker").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw POSIXError(.ENOENT)
    }

    /// Sends SIGKILL.
    func kill() { Foundation.kill(process.processIdentifier, SIGKILL) }

    /// The exit code, or minus the signal that ended the process.
    func exitStatus() async -> Int32 {
        var status: Int32 = 0
        for await value in done { status = value }
        return status
    }

    /// Every line, once the process has ended, and its status.
    func finish() async -> (lines: [String], status: Int32) {
        var all: [String] = []
        for await line in lines { all.append(line) }
        return (all, await exitStatus())
    }
}

/// Runs a shell command, returning its status (the tests' network set-up, a server restart).
@discardableResult
func shell(_ command: String) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}
