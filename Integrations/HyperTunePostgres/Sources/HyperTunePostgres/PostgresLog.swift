import Foundation
public import HyperTune
import Logging
import NIOCore
import NIOSSL
import PostgresNIO
import Synchronization

/// HyperTune's operation log in a PostgreSQL database: the backend of ``PostgresStorage``.
///
/// **Tables** (created when missing; one set of studies per database):
/// - `hypertune_log (position bigint primary key, token uuid, record text)`: the operations, one
///   journal record (JSON, with its CRC-32C) a row, numbered 1, 2, 3, ... in commit order. This
///   is the truth; the other tables are derived from it.
/// - `hypertune_studies (study_id, name, directions, user_attributes, system_attributes)` and
///   `hypertune_trials (study_id, number, state, value, values, params, user_attributes,
///   datetime_start, datetime_complete)`: the studies and trials as they are now, kept up to date in
///   the same transaction as the records, for users to query with SQL (`docs/Storage.md`).
///
/// **Transactions.** A write takes `LOCK TABLE hypertune_log IN EXCLUSIVE MODE` (readers are not
/// blocked), reads the records after the caller's position, lets the storage decide, inserts its
/// records at the next positions and commits: writers are serialized by the lock, so positions are
/// dense and commit in order, and a reader (`position > p ORDER BY position`, no lock) always sees
/// a prefix of the log. Every commit is synchronous (durable when the server has `fsync` on).
///
/// **Failures.** When the connection is lost (a network fault, a server restart), the next use
/// reconnects with exponential backoff (50 ms doubling to 2 s) for up to `reconnectTimeout`,
/// then throws ``HyperTune/StorageError`` `io` naming the server (never the password). A read is
/// simply run again. A write lost before its `COMMIT` was sent did not happen: the storage
/// rebuilds its state and runs the operation again. A write lost while its `COMMIT` was in flight
/// may or may not have committed: each write carries a random token, and after reconnecting the
/// log looks for it — found, the write happened and is not run again; not found, it did not and
/// is run again. So an operation is applied once: never twice, never lost.
public final class PostgresLog: OperationLog {
    /// Where the log's server is.
    public let configuration: Configuration
    /// How long an operation waits for a lost server before it throws.
    public let reconnectTimeout: Duration

    private let logger = Logger(label: "HyperTunePostgres", factory: { _ in SwiftLogNoOpLogHandler() })
    private let connection = Mutex<PostgresConnection?>(nil)
    private let connectionIDs = Mutex(0)
    private let tlsContext: NIOSSLContext?

    /// Connects to the server and creates the tables when they do not exist.
    ///
    /// - Throws: ``HyperTune/StorageError`` `io` when the server cannot be reached within
    ///   `reconnectTimeout`, refuses the user, or refuses to create the tables.
    public init(configuration: Configuration, reconnectTimeout: Duration = .seconds(60)) async throws {
        self.configuration = configuration
        self.reconnectTimeout = reconnectTimeout
        tlsContext = try Self.makeTLSContext(configuration)
        try await withReconnection("creating HyperTune's tables") { connection in
            try await self.createTables(on: connection)
        }
    }

    deinit {
        if let connection = connection.withLock({ $0 }) { Self.close(connection) }
    }

    /// Closes the connection (the next operation opens a new one).
    public func close() async {
        let open = connection.withLock { current -> PostgresConnection? in
            defer { current = nil }
            return current
        }
        try? await open?.close()
    }

    // MARK: OperationLog

    public func records(after position: Int) async throws -> [String] {
        try await withReconnection("reading the log") { connection in
            try await self.readRecords(after: position, on: connection)
        }
    }

    public func append(after position: Int, _ decide: ([String]) throws -> LogAppend) async throws {
        let token = UUID()
        let connection = try await openConnection("writing to the log")
        var commitSent = false
        do {
            try await connection.query("BEGIN", logger: logger)
            try await connection.query("LOCK TABLE hypertune_log IN EXCLUSIVE MODE", logger: logger)
            let newRecords = try await readRecords(after: position, on: connection)
            let batch = try decide(newRecords)
            guard !batch.records.isEmpty else {
                try await connection.query("COMMIT", logger: logger)
                return
            }
            try await insert(batch, after: position + newRecords.count, token: token, on: connection)
            commitSent = true
            try await connection.query("COMMIT", logger: logger)
        } catch {
            switch Self.classify(error) {
            case .connectionLost:
                drop(connection)
                if commitSent {
                    // The commit may have happened: the token says. The check waits for the lost
                    // transaction to end (it holds the table's lock until then).
                    let committed = try await withReconnection("checking whether a write committed") { connection in
                        try await self.holdsToken(token, on: connection)
                    }
                    if committed { return }
                }
                // Before `decide` ran, or without a commit: nothing was appended.
                throw OperationLogInterrupted("the connection to \(configuration.location) was lost: \(Self.describe(error))")
            case .transient:
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw OperationLogInterrupted("\(configuration.location): \(Self.describe(error))")
            case .refused:
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw StorageError(.io, "PostgreSQL \(configuration.location): \(Self.describe(error))")
            case .other:
                // The storage's own error (from `decide`, or a damaged log): nothing appended.
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    // MARK: Statements

    private func createTables(on connection: PostgresConnection) async throws {
        // Workers starting together must not race to create the tables.
        try await connection.query("SELECT pg_advisory_lock(\(Self.schemaLockKey))", logger: logger)
        do {
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS hypertune_log (
                    position bigint PRIMARY KEY,
                    token uuid NOT NULL,
                    record text NOT NULL
                )
                """, logger: logger)
            try await connection.query("CREATE INDEX IF NOT EXISTS hypertune_log_token ON hypertune_log (token)", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS hypertune_studies (
                    study_id bigint PRIMARY KEY,
                    name text NOT NULL,
                    directions text[] NOT NULL,
                    user_attributes jsonb NOT NULL,
                    system_attributes jsonb NOT NULL
                )
                """, logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS hypertune_trials (
                    study_id bigint NOT NULL,
                    number bigint NOT NULL,
                    state text NOT NULL,
                    "values" jsonb,
                    value double precision GENERATED ALWAYS AS (("values" ->> 0)::double precision) STORED,
                    params jsonb NOT NULL,
                    user_attributes jsonb NOT NULL,
                    datetime_start timestamptz,
                    datetime_complete timestamptz,
                    PRIMARY KEY (study_id, number)
                )
                """, logger: logger)
        } catch {
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.schemaLockKey))", logger: logger)
            throw error
        }
        try await connection.query("SELECT pg_advisory_unlock(\(Self.schemaLockKey))", logger: logger)
    }

    /// The advisory lock that serializes creating the tables (an arbitrary constant: "HyperTun").
    private static let schemaLockKey: Int64 = 0x4879_7065_7254_756E

    private func readRecords(after position: Int, on connection: PostgresConnection) async throws -> [String] {
        let rows = try await connection.query(
            "SELECT position, record FROM hypertune_log WHERE position > \(Int64(position)) ORDER BY position", logger: logger)
        var records: [String] = []
        var expected = Int64(position) + 1
        for try await (found, record) in rows.decode((Int64, String).self) {
            guard found == expected else {
                throw StorageError(
                    .corrupt,
                    "PostgreSQL \(configuration.location): hypertune_log has no record \(expected) (the next is \(found)); rows were deleted from it"
                )
            }
            records.append(record)
            expected += 1
        }
        return records
    }

    private func holdsToken(_ token: UUID, on connection: PostgresConnection) async throws -> Bool {
        try await connection.query("BEGIN", logger: logger)
        // Waits for a writer that still holds the log (the lost transaction, until it ends).
        try await connection.query("LOCK TABLE hypertune_log IN SHARE MODE", logger: logger)
        let rows = try await connection.query("SELECT count(*) FROM hypertune_log WHERE token = \(token)", logger: logger)
        var found = false
        for try await count in rows.decode(Int64.self) { found = count > 0 }
        try await connection.query("COMMIT", logger: logger)
        return found
    }

    private func insert(_ batch: LogAppend, after position: Int, token: UUID, on connection: PostgresConnection) async throws {
        let positions = (0..<batch.records.count).map { Int64(position + 1 + $0) }
        try await connection.query(
            """
            INSERT INTO hypertune_log (position, token, record)
            SELECT p, \(token), r FROM unnest(\(positions)::bigint[], \(batch.records)::text[]) AS t(p, r)
            """, logger: logger)
        for (id, info) in batch.studies {
            if let info {
                try await connection.query(
                    """
                    INSERT INTO hypertune_studies (study_id, name, directions, user_attributes, system_attributes)
                    VALUES (\(Int64(id.rawValue)), \(info.name), \(info.directions.map(\.rawValue))::text[],
                            \(TableJSON.attributes(info.userAttributes))::jsonb, \(TableJSON.attributes(info.systemAttributes))::jsonb)
                    ON CONFLICT (study_id) DO UPDATE SET name = EXCLUDED.name, directions = EXCLUDED.directions,
                        user_attributes = EXCLUDED.user_attributes, system_attributes = EXCLUDED.system_attributes
                    """, logger: logger)
            } else {
                try await connection.query("DELETE FROM hypertune_trials WHERE study_id = \(Int64(id.rawValue))", logger: logger)
                try await connection.query("DELETE FROM hypertune_studies WHERE study_id = \(Int64(id.rawValue))", logger: logger)
            }
        }
        guard !batch.trials.isEmpty else { return }
        let trials = batch.trials.sorted { $0.key < $1.key }
        let noDate = Double.nan
        try await connection.query(
            """
            INSERT INTO hypertune_trials (study_id, number, state, "values", params, user_attributes, datetime_start, datetime_complete)
            SELECT s, n, st, CASE WHEN v = '' THEN NULL ELSE v::jsonb END, p::jsonb, u::jsonb,
                   CASE WHEN ds = 'NaN' THEN NULL ELSE to_timestamp(ds) END,
                   CASE WHEN de = 'NaN' THEN NULL ELSE to_timestamp(de) END
            FROM unnest(\(trials.map { Int64($0.key.study.rawValue) })::bigint[], \(trials.map { Int64($0.key.number) })::bigint[],
                        \(trials.map { $0.value.state.rawValue })::text[], \(trials.map { TableJSON.values($0.value.values) ?? "" })::text[],
                        \(trials.map { TableJSON.params($0.value.params) })::text[],
                        \(trials.map { TableJSON.attributes($0.value.userAttributes) })::text[],
                        \(trials.map { $0.value.startDate?.timeIntervalSince1970 ?? noDate })::float8[],
                        \(trials.map { $0.value.endDate?.timeIntervalSince1970 ?? noDate })::float8[])
                 AS t(s, n, st, v, p, u, ds, de)
            ON CONFLICT (study_id, number) DO UPDATE SET state = EXCLUDED.state, "values" = EXCLUDED."values",
                params = EXCLUDED.params, user_attributes = EXCLUDED.user_attributes,
                datetime_start = EXCLUDED.datetime_start, datetime_complete = EXCLUDED.datetime_complete
            """, logger: logger)
    }

    // MARK: Connections

    /// Runs `body` on a connection, reconnecting and running it again when the connection is
    /// lost, for up to ``reconnectTimeout``. Only for what may run twice (reads, idempotent DDL).
    private func withReconnection<R>(_ what: String, _ body: (PostgresConnection) async throws -> R) async throws -> R {
        let deadline = ContinuousClock.now + reconnectTimeout
        while true {
            let connection = try await openConnection(what, deadline: deadline)
            do {
                return try await body(connection)
            } catch let error where Self.classify(error) == .connectionLost {
                drop(connection)
                guard ContinuousClock.now < deadline else {
                    throw StorageError(
                        .io,
                        "PostgreSQL \(configuration.location): the connection was lost while \(what), and the server did not come back within \(reconnectTimeout): \(Self.describe(error))"
                    )
                }
            } catch let error where Self.classify(error) == .refused {
                throw StorageError(.io, "PostgreSQL \(configuration.location), \(what): \(Self.describe(error))")
            }
        }
    }

    /// The open connection, or a new one: tries with exponential backoff until `deadline`.
    private func openConnection(_ what: String, deadline: ContinuousClock.Instant? = nil) async throws -> PostgresConnection {
        if let open = connection.withLock({ $0 }), !open.isClosed { return open }
        let deadline = deadline ?? ContinuousClock.now + reconnectTimeout
        var delay = Duration.milliseconds(50)
        while true {
            do {
                let id = connectionIDs.withLock { id -> Int in
                    id += 1
                    return id
                }
                let opened = try await PostgresConnection.connect(configuration: nioConfiguration(), id: id, logger: logger)
                connection.withLock { $0 = opened }
                return opened
            } catch {
                if Self.classify(error) != .connectionLost {
                    // The server answered and refused (a wrong password, no such database).
                    throw StorageError(
                        .io, "PostgreSQL \(configuration.location) as \(configuration.user), \(what): \(Self.describe(error))")
                }
                guard ContinuousClock.now + delay < deadline else {
                    throw StorageError(
                        .io,
                        "PostgreSQL \(configuration.location): no connection within \(reconnectTimeout) while \(what): \(Self.describe(error))"
                    )
                }
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(2))
            }
        }
    }

    private func drop(_ lost: PostgresConnection) {
        connection.withLock { current in
            if current === lost { current = nil }
        }
        Self.close(lost)
    }

    /// Closes `connection` in the background, keeping it alive until it is closed (PostgresNIO
    /// requires a connection to be closed before it is released).
    private static func close(_ connection: PostgresConnection) {
        let closing: EventLoopFuture<Void> = connection.close()
        closing.whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    private func nioConfiguration() -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS =
            switch (configuration.tls, tlsContext) {
            case (.disable, _), (_, nil): .disable
            case (.prefer, let context?): .prefer(context)
            case (_, let context?): .require(context)
            }
        var nio = PostgresConnection.Configuration(
            host: configuration.host, port: configuration.port, username: configuration.user,
            password: configuration.password, database: configuration.database, tls: tls)
        let seconds = configuration.connectTimeout.components.seconds
        nio.options.connectTimeout = .seconds(max(1, seconds))
        // A transaction left open by a lost client (a network partition) holds the log's lock:
        // the server ends it after 30 s idle, so the other workers go on.
        nio.options.additionalStartupParameters = [
            ("application_name", "HyperTune"), ("idle_in_transaction_session_timeout", "30000"),
        ]
        return nio
    }

    private static func makeTLSContext(_ configuration: Configuration) throws -> NIOSSLContext? {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch configuration.tls {
        case .disable:
            return nil
        case .prefer, .require:
            tls.certificateVerification = .none
        case .verifyCA:
            tls.certificateVerification = .noHostnameVerification
        case .verifyFull:
            tls.certificateVerification = .fullVerification
        }
        if let path = configuration.rootCertificatePath {
            tls.trustRoots = .file(path)
        }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw StorageError(
                .io, "PostgreSQL \(configuration.location): cannot set up TLS (sslmode \(configuration.tls.rawValue)): \(error)")
        }
    }

    // MARK: Errors

    /// What an error means for the operation that met it.
    enum ErrorClass {
        /// The connection is gone, so a new one may succeed: the client side's connection errors,
        /// any error that is neither PostgreSQL's nor HyperTune's (the network's), and the
        /// server's connection exceptions (class 08), operator interventions (class 57: a
        /// shutdown, a restart) and too many connections (53300).
        case connectionLost
        /// The server refused the transaction in a way a new attempt may not meet
        /// (serialization failure, deadlock).
        case transient
        /// The server refused the statement (a permission, a constraint).
        case refused
        /// Not PostgreSQL's: the storage's own error.
        case other
    }

    static func classify(_ error: any Error) -> ErrorClass {
        if error is StorageError || error is CancellationError { return .other }
        guard let error = error as? PSQLError else { return .connectionLost }
        guard error.code == .server else {
            let lost: [PSQLError.Code] = [
                .connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection, .messageDecodingFailure,
                .unexpectedBackendMessage,
            ]
            return lost.contains(error.code) ? .connectionLost : .refused
        }
        let state = error.serverInfo?[.sqlState] ?? ""
        if state.hasPrefix("08") || state.hasPrefix("57") || state == "53300" { return .connectionLost }
        if state == "40001" || state == "40P01" { return .transient }
        return .refused
    }

    /// What went wrong, without the query's bound values or the password.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if error.code == .server, let info = error.serverInfo {
            let message = info[.message] ?? "an error"
            let state = info[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            let detail = info[.detail].map { ": \($0)" } ?? ""
            return "the server says \(message)\(state)\(detail)"
        }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }
}
