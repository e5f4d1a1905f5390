import HyperTuneCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Android)
import Android
#endif

/// The journal's file: an open descriptor and the system calls the journal needs, each turning a
/// failure into a ``HyperTuneCore/StorageError`` (`io`) that names the file, the call and the system's reason.
///
/// Locks are `flock(2)` locks: they belong to the open file description, so two descriptors on
/// the same file exclude each other even inside one process, and a lock dies with its process
/// (a killed worker never leaves the journal locked). The descriptor is opened close-on-exec, so
/// a child process never inherits it or its lock.
final class JournalFile: Sendable {
    let path: String
    let descriptor: Int32

    /// Opens `path` for reading and appending, creating it (and syncing its directory, so the new
    /// name survives a crash) when it does not exist.
    init(path: String) throws(StorageError) {
        self.path = path
        var created = true
        var descriptor = Self.retrying { open(path, O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0o644) }
        if descriptor < 0 && errno == EEXIST {
            created = false
            descriptor = Self.retrying { open(path, O_RDWR | O_APPEND | O_CLOEXEC) }
        }
        guard descriptor >= 0 else { throw Self.failure("open", path: path) }
        self.descriptor = descriptor
        if created { Self.syncDirectory(of: path) }
    }

    deinit { close(descriptor) }

    /// Takes the file's lock, shared (readers) or exclusive (writers), waiting for it.
    func lock(exclusive: Bool) throws(StorageError) {
        let status = Self.retrying { flock(descriptor, exclusive ? LOCK_EX : LOCK_SH) }
        guard status == 0 else { throw Self.failure("flock", path: path) }
    }

    /// Releases the file's lock.
    func unlock() {
        _ = Self.retrying { flock(descriptor, LOCK_UN) }
    }

    /// The file's size in bytes.
    func size() throws(StorageError) -> Int {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Self.failure("fstat", path: path) }
        return Int(info.st_size)
    }

    /// Reads `count` bytes at `offset`, appending them to `buffer`; fewer when the file ends first.
    func read(at offset: Int, count: Int, into buffer: inout [UInt8]) throws(StorageError) {
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: count))
        var done = 0
        while done < count {
            let got = buffer.withUnsafeMutableBytes { raw in
                pread(descriptor, raw.baseAddress! + start + done, count - done, off_t(offset + done))
            }
            if got < 0 {
                if errno == EINTR { continue }
                buffer.removeLast(count)
                throw Self.failure("pread", path: path)
            }
            if got == 0 { break }
            done += got
        }
        buffer.removeLast(count - done)
    }

    /// Appends `bytes` at the end of the file.
    func append(_ bytes: [UInt8]) throws(StorageError) {
        var done = 0
        while done < bytes.count {
            let written = bytes.withUnsafeBytes { raw in write(descriptor, raw.baseAddress! + done, bytes.count - done) }
            if written < 0 {
                if errno == EINTR { continue }
                throw Self.failure("write", path: path)
            }
            done += written
        }
    }

    /// Cuts the file to `size` bytes.
    func truncate(to size: Int) throws(StorageError) {
        let status = Self.retrying { ftruncate(descriptor, off_t(size)) }
        guard status == 0 else { throw Self.failure("ftruncate", path: path) }
    }

    /// Makes what was written so far durable: `fdatasync` on Linux (data and the file's size),
    /// `F_FULLFSYNC` on Apple platforms (where `fsync` does not flush the drive's cache).
    func sync() throws(StorageError) {
        #if canImport(Darwin)
        if fcntl(descriptor, F_FULLFSYNC) == 0 { return }
        guard Self.retrying({ fsync(descriptor) }) == 0 else { throw Self.failure("fsync", path: path) }
        #else
        guard Self.retrying({ fdatasync(descriptor) }) == 0 else { throw Self.failure("fdatasync", path: path) }
        #endif
    }

    private static func syncDirectory(of path: String) {
        let directory: String
        if let slash = path.lastIndex(of: "/") {
            directory = slash == path.startIndex ? "/" : String(path[..<slash])
        } else {
            directory = "."
        }
        let descriptor = retrying { open(directory, O_RDONLY | O_CLOEXEC) }
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    private static func retrying(_ call: () -> Int32) -> Int32 {
        while true {
            let result = call()
            if result >= 0 || errno != EINTR { return result }
        }
    }

    private static func failure(_ call: String, path: String) -> StorageError {
        let code = errno
        let reason = strerror(code).map { String(cString: $0) } ?? "error \(code)"
        return StorageError(.io, "journal \(path): \(call) failed: \(reason) (errno \(code))")
    }
}
