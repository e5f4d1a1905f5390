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

    /// Whether the file was opened for reading only (the file or its file system is not writable).
    let isReadOnly: Bool
    /// The device and inode of the open file, to notice when the path names another file.
    private let identity: (device: UInt64, inode: UInt64)

    /// Opens `path` for reading and appending, creating it (and syncing its directory, so the new
    /// name survives a crash) when it does not exist. An existing file that cannot be opened for
    /// writing (permissions, a read-only file system) is opened for reading only, as is any file
    /// when `readOnly` is true.
    init(path: String, readOnly: Bool = false) throws(StorageError) {
        self.path = path
        var created = false
        var readOnlyOpen = readOnly
        var descriptor: Int32 = -1
        if !readOnly {
            created = true
            descriptor = Self.retrying { open(path, O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0o644) }
            if descriptor < 0 && errno == EEXIST {
                created = false
                descriptor = Self.retrying { open(path, O_RDWR | O_APPEND | O_CLOEXEC) }
                if descriptor < 0 && [EACCES, EPERM, EROFS].contains(errno) { readOnlyOpen = true }
            } else if descriptor < 0 && [EACCES, EPERM, EROFS].contains(errno) && access(path, F_OK) == 0 {
                // The directory is not writable (O_CREAT needs it) but the file exists.
                created = false
                descriptor = Self.retrying { open(path, O_RDWR | O_APPEND | O_CLOEXEC) }
                if descriptor < 0 && [EACCES, EPERM, EROFS].contains(errno) { readOnlyOpen = true }
            }
        }
        if readOnlyOpen { descriptor = Self.retrying { open(path, O_RDONLY | O_CLOEXEC) } }
        guard descriptor >= 0 else { throw Self.failure("open", path: path) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let failure = Self.failure("fstat", path: path)
            close(descriptor)
            throw failure
        }
        self.descriptor = descriptor
        self.isReadOnly = readOnlyOpen
        self.identity = (UInt64(info.st_dev), UInt64(info.st_ino))
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
        try status().size
    }

    /// What tells one state of the file from another without reading it: its size, inode and
    /// modification time.
    struct Status: Equatable {
        var size: Int
        var inode: UInt64
        var seconds: Int
        var nanoseconds: Int
    }

    /// The file's size, inode and modification time.
    func status() throws(StorageError) -> Status {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Self.failure("fstat", path: path) }
        #if canImport(Darwin)
        let modified = info.st_mtimespec
        #else
        let modified = info.st_mtim
        #endif
        return Status(
            size: Int(info.st_size), inode: UInt64(info.st_ino), seconds: Int(modified.tv_sec), nanoseconds: Int(modified.tv_nsec))
    }

    /// Checks that `path` still names the open file: a file deleted, renamed or replaced under a
    /// running worker would otherwise take records no other process ever reads.
    ///
    /// - Throws: ``HyperTuneCore/StorageError`` (`io`) when the path names no file or another file.
    func checkIdentity() throws(StorageError) {
        var info = stat()
        let found = Self.retrying { stat(path, &info) } == 0
        if !found && errno != ENOENT { throw Self.failure("stat", path: path) }
        guard found, UInt64(info.st_dev) == identity.device, UInt64(info.st_ino) == identity.inode else {
            throw StorageError(
                .io,
                "journal \(path): the file at this path is no longer the file this storage opened (it was \(found ? "replaced" : "deleted or renamed") while the storage was open); records written now would be lost to every other process, so the storage stops: open the journal again"
            )
        }
    }

    /// Throws unless the file was opened for writing.
    func checkWritable() throws(StorageError) {
        guard isReadOnly else { return }
        throw StorageError(
            .io,
            "journal \(path) is open read-only (the file or its file system is not writable): it can be read, loaded and exported, but not written"
        )
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
