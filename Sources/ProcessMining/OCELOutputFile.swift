#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The file an export writes: refused when its name exists, written under a temporary name in
/// the same directory, and given its name only when complete — by link(2), which fails rather
/// than replace a file made meanwhile. A failed export leaves nothing behind.
public final class OCELOutputFile {
    /// The name the file gets.
    public let path: String
    /// Where it is written meanwhile (an empty file until then).
    public let temporaryPath: String
    /// The temporary file, open for writing.
    public let descriptor: Int32
    private var done = false

    /// Makes the temporary file for `path`; refuses when `path` exists.
    public init(path: String) throws(OCELExportError) {
        var status = stat()
        if lstat(path, &status) == 0 { throw .exists(path) }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array("\(directory).\(name).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .io("cannot create a file beside \(path): \(String(cString: strerror(errno)))") }
        // mkstemp makes it readable by its owner only; give it the mode a new file gets here.
        let mask = umask(0)
        umask(mask)
        fchmod(fd, 0o666 & ~mask)
        self.path = path
        self.temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        self.descriptor = fd
    }

    deinit {
        close(descriptor)
        if !done { unlink(temporaryPath) }
    }

    /// Syncs the file and gives it its name; refuses (and removes it) when the name exists by now.
    public func commit() throws(OCELExportError) {
        defer {
            unlink(temporaryPath)
            done = true
        }
        guard fsync(descriptor) == 0 else { throw .io("cannot write \(path): \(String(cString: strerror(errno)))") }
        guard link(temporaryPath, path) == 0 else {
            if errno == EEXIST { throw .exists(path) }
            throw .io("cannot create \(path): \(String(cString: strerror(errno)))")
        }
    }
}
