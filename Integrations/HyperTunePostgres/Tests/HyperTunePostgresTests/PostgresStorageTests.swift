import Foundation
import HyperTune
import HyperTunePostgres
import HyperTuneStorageConformance
import PostgresNIO
import Testing

@Suite("PostgresStorage URL")
struct PostgresURLTests {
    @Test("a URL's parts, the environment's password and user, and the defaults")
    func parts() throws {
        let full = try PostgresLog.Configuration(url: "postgres://ann:s%40cret@db.example:6543/studies?sslmode=require&connect_timeout=3")
        #expect(full.host == "db.example" && full.port == 6543 && full.user == "ann" && full.password == "s@cret")
        #expect(full.database == "studies" && full.tls == .require && full.connectTimeout == .seconds(3))
        let bare = try PostgresLog.Configuration(url: "postgresql://db", environment: ["PGPASSWORD": "pw", "PGUSER": "bob"])
        #expect(bare.port == 5432 && bare.user == "bob" && bare.password == "pw" && bare.database == "bob" && bare.tls == .prefer)
        #expect(!full.location.contains("cret"))
    }

    @Test(
        "a URL it cannot use is an error naming the part",
        arguments: [
            ("mysql://db/x", "scheme"), ("postgres:///x", "host"), ("postgres://db/x?sslmode=always", "sslmode"),
            ("postgres://db/x?connect_timeout=soon", "connect_timeout"), ("postgres://db/x?pool=3", "\"pool\""),
            ("postgres://db:70000/x", "port"),
        ])
    func errors(_ url: String, _ part: String) {
        #expect {
            _ = try PostgresLog.Configuration(url: url)
        } throws: { error in
            (error as? PostgresURLError)?.message.contains(part) == true
        }
    }
}

@Suite("PostgresStorage", .enabled(if: TestServer.enabled))
struct PostgresStorageTests {
    @Test("passes the storage conformance suite", arguments: StorageConformance.checks)
    func conformance(_ check: StorageConformance.Check) async throws {
        let url = try await TestServer.freshDatabase("conformance")
        let storage = try await PostgresStorage(url: url)
        try await check.run(on: storage)
        await storage.log.close()
    }

    @Test("a study runs, resumes in a new storage, and its trials are readable by SQL")
    func studyAndSQL() async throws {
        let url = try await TestServer.freshDatabase("sql")
        let study = try await Study.create(
            name: "sql", direction: .minimize, sampler: RandomSampler(seed: 1), storage: try await PostgresStorage(url: url))
        try await study.optimize(nTrials: 30) { trial in
            let x = try trial.suggestFloat("x", in: -2...2)
            let kind = try trial.suggestCategorical("kind", ["a", "b"])
            return x * x + (kind == "a" ? 0 : 1)
        }
        let resumed = try await Study.load(name: "sql", storage: try await PostgresStorage(url: url))
        let trials = try await resumed.trials
        #expect(trials.count == 30 && trials.allSatisfy { $0.state == .complete })
        let best = try await resumed.bestTrial
        let rows = try await TestServer.admin(url) { connection in
            var rows: [(Int64, String, Double, Double)] = []
            let result = try await connection.query(
                """
                SELECT t.number, t.state, t.value, (t.params ->> 'x')::double precision
                FROM hypertune_trials t JOIN hypertune_studies s USING (study_id)
                WHERE s.name = 'sql' ORDER BY t.value LIMIT 30
                """, logger: TestServer.logger)
            for try await row in result.decode((Int64, String, Double, Double).self) { rows.append(row) }
            return rows
        }
        #expect(rows.count == 30)
        #expect(rows.first?.0 == Int64(best.number) && rows.first?.2 == best.value)
        #expect(rows.allSatisfy { $0.1 == "complete" })
        #expect(rows.first?.3 == best.params["x"]?.doubleValue)
    }

    @Test("names with quotes and unicode, and a 1 MB attribute, round-trip; copies go both ways")
    func awkwardValues() async throws {
        let url = try await TestServer.freshDatabase("awkward")
        let storage = try await PostgresStorage(url: url)
        let name = "it's \"quoted\"; DROP TABLE hypertune_log; -- ünïcødé 🎯"
        let big = String(repeating: "🎯x'\"\\", count: 1_000_000 / 8)
        let study = try await Study.create(name: name, direction: .maximize, storage: storage)
        try await study.setUserAttribute("big", .string(big))
        let trial = try await study.ask()
        _ = try trial.suggestCategorical("choice 'ü'", ["a'b", "c\"d", "€"])
        try await trial.setUserAttribute("note", .string(big))
        _ = try await study.tell(trial, value: 1)
        let fresh = try await PostgresStorage(url: url)
        let loaded = try await Study.load(name: name, storage: fresh)
        #expect(try await loaded.userAttributes["big"] == .string(big))
        let record = try #require(try await loaded.trials.first)
        #expect(record.userAttributes["note"] == .string(big))
        #expect(record.params.keys.sorted() == ["choice 'ü'"])
        // The tables are intact (the name was data, not SQL), and a copy goes both ways.
        let memory = InMemoryStorage()
        try await Study.copy(name: name, from: fresh, to: memory)
        try await Study.copy(name: name, from: memory, to: fresh, as: name + " (copy)")
        let copied = try await Study.load(name: name + " (copy)", storage: try await PostgresStorage(url: url)).trials
        #expect(copied.map(\.params) == [record.params] && copied.first?.userAttributes["note"] == .string(big))
    }

    @Test("sslmode=require connects with TLS; a wrong password is an error without the password")
    func tlsAndPassword() async throws {
        let url = try await TestServer.freshDatabase("tls")
        let tls = url + "?sslmode=require"
        let storage = try await PostgresStorage(url: tls)
        _ = try await storage.createStudy(name: "tls", directions: [.minimize])
        let encrypted = try await TestServer.admin(url) { connection in
            let rows = try await connection.query(
                "SELECT count(*) FROM pg_stat_ssl JOIN pg_stat_activity USING (pid) WHERE ssl AND application_name = 'HyperTune'",
                logger: TestServer.logger)
            var count: Int64 = 0
            for try await value in rows.decode(Int64.self) { count = value }
            return count
        }
        #expect(encrypted >= 1)
        var components = URLComponents(string: url)!
        components.password = "not-the-password-\(UUID().uuidString.prefix(6))"
        let wrong = components.string!
        await #expect {
            _ = try await PostgresStorage(url: wrong, reconnectTimeout: .seconds(5))
        } throws: { error in
            let text = "\(error)"
            return (error as? StorageError)?.kind == .io && !text.contains(components.password!) && text.contains("28P01")
        }
        // Without a password in the URL, PGPASSWORD's is used.
        let password = try #require(URLComponents(string: url)?.password)
        components.password = nil
        let configuration = try PostgresLog.Configuration(url: components.string!, environment: ["PGPASSWORD": password])
        let viaEnvironment = try await LogStorage(log: try await PostgresLog(configuration: configuration))
        #expect(try await viaEnvironment.studyID(named: "tls") != nil)
    }

    @Test("8 processes × 250 trials on one study: 2,000 complete trials numbered 0…1999")
    func eightProcesses() async throws {
        let url = try await TestServer.freshDatabase("eight")
        let workers = try (0..<8).map { try Child.worker([url, "eight", "250", String($0)]) }
        for (index, worker) in workers.enumerated() {
            let (lines, status) = await worker.finish()
            #expect(status == 0, "worker \(index) exited with \(status)")
            #expect(lines.filter { $0.hasPrefix("told ") }.count == 250)
        }
        let trials = try await Study.load(name: "eight", storage: try await PostgresStorage(url: url)).trials
        #expect(trials.count == 2_000)
        #expect(trials.map(\.number) == Array(0..<2_000))
        #expect(trials.allSatisfy { $0.state == .complete })
    }

    @Test("a worker SIGKILLed at 16 seeded moments: every trial it was told finished is complete")
    func killedWorker() async throws {
        let url = try await TestServer.freshDatabase("killed")
        var generator = SeededGenerator(seed: 17)
        var told = Set<Int>()
        for run in 0..<16 {
            let worker = try Child.worker([url, "killed", "6", String(run)])
            let linesBeforeKill = generator.nextInt(in: 1...10)
            var seen = 0
            for await line in worker.lines {
                if line.hasPrefix("told ") { told.insert(Int(line.dropFirst(5))!) }
                seen += 1
                if seen == linesBeforeKill { worker.kill() }
            }
            _ = await worker.exitStatus()
        }
        let trials = try await Study.load(name: "killed", storage: try await PostgresStorage(url: url)).trials
        let complete = Set(trials.filter { $0.state == .complete }.map(\.number))
        #expect(told.count >= 10)
        #expect(told.isSubset(of: complete), "lost \(told.subtracting(complete))")
        #expect(trials.map(\.number) == Array(0..<trials.count))
    }

    @Test("a killed worker's beating trial is failed and enqueued again by another process's sweep")
    func staleTrial() async throws {
        let url = try await TestServer.freshDatabase("stale")
        let worker = try Child.worker([url, "stale", "0", "1", "--heartbeat", "0.2", "--hang"])
        for await line in worker.lines where line.hasPrefix("running ") { break }
        worker.kill()
        _ = await worker.exitStatus()
        let storage = try await PostgresStorage(url: url)
        let study = try #require(try await storage.studyID(named: "stale"))
        // The sweep fails it once its last beat is older than the grace period (polled, not slept on).
        var failed: [TrialRecord] = []
        let deadline = ContinuousClock.now + .seconds(30)
        while failed.isEmpty && ContinuousClock.now < deadline {
            failed = try await storage.failStaleTrials(in: study, gracePeriod: .milliseconds(600), requeue: true)
            if failed.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(failed.map(\.number) == [0])
        let trials = try await storage.snapshot(of: study).trials()
        #expect(trials.map(\.state) == [.fail, .waiting])
        #expect(trials.last?.fixedParams["x"] == trials.first?.params["x"])
    }
}
