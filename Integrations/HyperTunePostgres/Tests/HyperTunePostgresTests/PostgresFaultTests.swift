import Foundation
import HyperTune
import HyperTunePostgres
import PostgresNIO
import Testing

/// Faults of the server and the network, with real processes: a server restarted under running
/// workers (on a cluster of the test's own, so other tests are not disturbed), and workers on
/// hosts of their own (network namespaces) reaching the server over TCP.
@Suite("PostgresStorage faults", .enabled(if: TestServer.enabled))
struct PostgresFaultTests {
    @Test("the server restarted (immediate: a crash) twice under two running workers: both finish, nothing lost or twice")
    func serverRestart() async throws {
        _ = try TestServer.requireURL()
        let cluster = try OwnCluster()
        defer { cluster.stop() }
        let url = try await cluster.freshDatabase("restart")
        let workers = try (0..<2).map { try Child.worker([url, "restart", "120", String($0)]) }
        let told = LockedBox<[Int]>([])
        try await withThrowingTaskGroup(of: Int32.self) { group in
            for worker in workers {
                group.addTask {
                    for await line in worker.lines where line.hasPrefix("told ") {
                        told.withLock { $0.append(Int(line.dropFirst(5))!) }
                    }
                    return await worker.exitStatus()
                }
            }
            // Restart when both have told some trials, and again later.
            let deadline = ContinuousClock.now + .seconds(120)
            for threshold in [30, 120] {
                while told.withLock({ $0.count }) < threshold {
                    try #require(ContinuousClock.now < deadline, "the workers told only \(told.withLock { $0.count }) trials")
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(try cluster.control("restart -m immediate") == 0)
            }
            for try await status in group { #expect(status == 0) }
        }
        let numbers = told.withLock { $0 }
        #expect(numbers.count == 240)
        #expect(Set(numbers) == Set(0..<240))
        let trials = try await Study.load(name: "restart", storage: try await PostgresStorage(url: url)).trials
        #expect(trials.map(\.number) == Array(0..<240))
        #expect(trials.allSatisfy { $0.state == .complete })
    }

    @Test("workers on two hosts of their own (network namespaces, veth pairs) share a study over TCP")
    func separateHosts() async throws {
        let url = try await TestServer.freshDatabase("hosts")
        guard getuid() == 0, (try? shell("command -v ip >/dev/null")) == 0 else {
            try #require(!TestServer.isCI, "network namespaces need root and iproute2 (ip)")
            print("SKIPPED: workers on separate hosts need root and iproute2 (ip)")
            return
        }
        let tag = String(getpid() % 10_000)
        var hosts: [(namespace: String, server: String)] = []
        defer { for host in hosts { _ = try? shell("ip netns delete \(host.namespace) 2>/dev/null") } }
        for index in 1...2 {
            let namespace = "ht\(tag)h\(index)"
            let outside = "ht\(tag)o\(index)"
            let subnet = "10.\(200 + index).\(Int(tag)! % 250).0"
            let prefix = subnet.dropLast(2)
            let status = try shell(
                """
                set -e
                ip netns add \(namespace)
                ip link add \(outside) type veth peer name eth\(tag)
                ip link set eth\(tag) netns \(namespace)
                ip addr add \(prefix).1/24 dev \(outside)
                ip link set \(outside) up
                ip netns exec \(namespace) ip addr add \(prefix).2/24 dev eth\(tag)
                ip netns exec \(namespace) ip link set eth\(tag) up
                ip netns exec \(namespace) ip link set lo up
                """)
            hosts.append((namespace, "\(prefix).1"))
            try #require(status == 0, "setting up network namespace \(namespace)")
        }
        let workers = try hosts.enumerated().map { index, host in
            try Child.worker(
                [TestServer.replacingHost(in: url, with: host.server), "hosts", "40", String(index)],
                prefix: ["/usr/bin/env", "ip", "netns", "exec", host.namespace])
        }
        for worker in workers {
            let (lines, status) = await worker.finish()
            #expect(status == 0)
            #expect(lines.filter { $0.hasPrefix("told ") }.count == 40)
        }
        let trials = try await Study.load(name: "hosts", storage: try await PostgresStorage(url: url)).trials
        #expect(trials.map(\.number) == Array(0..<80))
        #expect(trials.allSatisfy { $0.state == .complete })
    }
}

/// A PostgreSQL cluster of one test's own (`Scripts/pg-server`), which it may restart.
struct OwnCluster {
    let directory: String
    let url: String
    let control: String

    init() throws {
        directory = NSTemporaryDirectory() + "hypertune-pg-\(UUID().uuidString.prefix(8))"
        let script = TestServer.packageRoot.appendingPathComponent("Scripts/pg-server").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: script)
        process.arguments = ["start", directory]
        // The server inherits the script's descriptors: read what it printed from DIR/env.
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let text = (try? String(contentsOfFile: directory + "/env", encoding: .utf8)) ?? ""
        try #require(process.terminationStatus == 0, "Scripts/pg-server start failed")
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("export ") {
            let assignment = line.dropFirst("export ".count)
            guard let equals = assignment.firstIndex(of: "=") else { continue }
            values[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...]).trimmingCharacters(
                in: CharacterSet(charactersIn: "'"))
        }
        url = try #require(values["HYPERTUNE_POSTGRES_URL"])
        control = try #require(values["HYPERTUNE_POSTGRES_CTL"])
    }

    func freshDatabase(_ label: String) async throws -> String {
        let name = "ht_\(label)"
        _ = try await TestServer.admin(url) { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: TestServer.logger)
        }
        return TestServer.replacingDatabase(in: url, with: name)
    }

    /// Runs `pg_ctl ARGUMENTS` on the cluster.
    func control(_ arguments: String) throws -> Int32 {
        try shell("\(control) \(arguments) >/dev/null")
    }

    func stop() {
        let script = TestServer.packageRoot.appendingPathComponent("Scripts/pg-server").path
        _ = try? shell("'\(script)' stop '\(directory)'")
    }
}

/// A value behind a lock, for the tests' tasks.
final class LockedBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
