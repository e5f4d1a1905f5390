import Foundation

/// A PostgreSQL URL that ``PostgresStorage`` cannot use; the message names the part (never the
/// password).
public struct PostgresURLError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What is wrong, and with which part of the URL.
    public var message: String

    /// An error with its message.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

extension PostgresLog {
    /// Where and how to connect: what a URL says, completed from the environment.
    public struct Configuration: Sendable, Equatable {
        /// How a connection uses TLS (libpq's `sslmode`).
        public enum TLSMode: String, Sendable, Equatable, CaseIterable {
            /// Never.
            case disable
            /// When the server offers it (libpq's `allow` means the same here).
            case prefer
            /// Always; the certificate is not checked (as libpq's `require`).
            case require
            /// Always; the certificate is checked against the trusted roots, not the host name.
            case verifyCA = "verify-ca"
            /// Always; the certificate and the host name are checked.
            case verifyFull = "verify-full"
        }

        /// The server's host name or address.
        public var host: String
        /// The server's port.
        public var port: Int
        /// The user to connect as.
        public var user: String
        /// The user's password (from the URL or `PGPASSWORD`); never printed.
        public var password: String?
        /// The database.
        public var database: String
        /// How connections use TLS.
        public var tls: TLSMode
        /// A file of trusted root certificates (PEM) for `verify-ca` and `verify-full`
        /// (`sslrootcert`); the system's roots when `nil`.
        public var rootCertificatePath: String?
        /// How long one connection attempt may take (`connect_timeout`, in seconds).
        public var connectTimeout: Duration

        /// Reads `url` (`postgres://user:password@host:port/database?sslmode=...`), taking the
        /// password from `PGPASSWORD` and the user from `PGUSER` in `environment` when the URL has
        /// none.
        ///
        /// - Throws: ``PostgresURLError`` naming the part it cannot read.
        public init(url: String, environment: [String: String] = [:]) throws(PostgresURLError) {
            guard let components = URLComponents(string: url) else {
                throw PostgresURLError("the PostgreSQL URL is not a URL (expected postgres://user:password@host:port/database)")
            }
            guard let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme.lowercased()) else {
                throw PostgresURLError(
                    "the PostgreSQL URL's scheme is \"\(components.scheme ?? "")\"; expected postgres:// or postgresql://")
            }
            guard let host = components.host, !host.isEmpty else {
                throw PostgresURLError("the PostgreSQL URL names no host (expected postgres://user:password@host:port/database)")
            }
            self.host = host
            port = components.port ?? 5432
            guard (1...65535).contains(port) else { throw PostgresURLError("the PostgreSQL URL's port \(port) is not in 1...65535") }
            user = components.user ?? environment["PGUSER"] ?? "postgres"
            password = components.password ?? environment["PGPASSWORD"]
            let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
            database = path.isEmpty ? user : path
            tls = .prefer
            rootCertificatePath = nil
            connectTimeout = .seconds(10)
            for item in components.queryItems ?? [] {
                switch item.name {
                case "sslmode":
                    let value = item.value ?? ""
                    if value == "allow" {
                        tls = .prefer
                    } else if let mode = TLSMode(rawValue: value) {
                        tls = mode
                    } else {
                        throw PostgresURLError(
                            "the PostgreSQL URL's sslmode \"\(value)\" is not one of disable, allow, prefer, require, verify-ca, verify-full"
                        )
                    }
                case "sslrootcert":
                    rootCertificatePath = item.value
                case "connect_timeout":
                    guard let seconds = item.value.flatMap(Int.init), seconds > 0 else {
                        throw PostgresURLError(
                            "the PostgreSQL URL's connect_timeout \"\(item.value ?? "")\" is not a positive number of seconds")
                    }
                    connectTimeout = .seconds(seconds)
                case "application_name", "user", "password", "dbname", "host", "port":
                    switch item.name {
                    case "user": user = item.value ?? user
                    case "password": password = item.value
                    case "dbname": database = item.value ?? database
                    default: break
                    }
                default:
                    throw PostgresURLError(
                        "the PostgreSQL URL's parameter \"\(item.name)\" is not one HyperTunePostgres reads (sslmode, sslrootcert, connect_timeout, user, password, dbname, application_name)"
                    )
                }
            }
        }

        /// `host:port/database`, for messages (no user, no password).
        public var location: String { "\(host):\(port)/\(database)" }
    }
}
