import Foundation
public import HyperTune

/// A storage in a PostgreSQL database: one study shared by workers on many machines.
///
/// ```swift
/// import HyperTune
/// import HyperTunePostgres
///
/// let storage = try await PostgresStorage(url: "postgres://user:password@db-host:5432/studies")
/// let study = try await Study.create(name: "resnet", direction: .maximize, storage: storage, loadIfExists: true)
/// ```
///
/// It is HyperTune's journal design over a table: every operation is a record in
/// `hypertune_log`, numbered densely in the order the server committed it; each worker keeps the
/// storage's state in memory and reads only the records appended since its last operation, so
/// an operation costs about as much at trial 100,000 as at trial 1,000, and `bestTrial` never
/// reloads the study. See ``PostgresLog`` for the tables, the transactions and what happens on
/// failures, and ``HyperTune/LogStorage`` for the semantics (the journal's).
public typealias PostgresStorage = LogStorage<PostgresLog>

extension LogStorage where Log == PostgresLog {
    /// Connects to the database at `url` (creating HyperTune's tables there when they do not
    /// exist), and reads the studies it holds.
    ///
    /// The URL is libpq's: `postgres://user:password@host:port/database?sslmode=require`.
    /// Without a password in the URL, the `PGPASSWORD` environment variable's is used; without a
    /// user, `PGUSER`'s, then `postgres`. `sslmode` is `disable`, `prefer` (the default: TLS when
    /// the server offers it), `require` (TLS, the certificate not checked, as libpq's),
    /// `verify-ca` or `verify-full` (the certificate checked against the system's roots or
    /// `sslrootcert`, and for `verify-full` the host name). The password is never logged nor put
    /// in an error.
    ///
    /// - Parameters:
    ///   - url: The database's URL.
    ///   - reconnectTimeout: How long an operation waits for the server when the connection is
    ///     lost, reconnecting with exponential backoff, before it throws
    ///     ``HyperTune/StorageError`` `io`.
    /// - Throws: ``PostgresURLError`` for a URL it cannot use (naming the part); ``HyperTune/StorageError``
    ///   `io` when the server cannot be reached within `reconnectTimeout`, or refuses the user.
    public convenience init(url: String, reconnectTimeout: Duration = .seconds(60)) async throws {
        let configuration = try PostgresLog.Configuration(url: url, environment: ProcessInfo.processInfo.environment)
        let log = try await PostgresLog(configuration: configuration, reconnectTimeout: reconnectTimeout)
        try await self.init(log: log)
    }
}
