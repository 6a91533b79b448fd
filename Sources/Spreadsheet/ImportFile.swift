import Foundation
import LogFormat

/// The bytes of a file an import reads whole (the mapping, the CSV file), or of standard input
/// for `-`; at most ``Limits/maxArrayInputBytes``, like a JSON array given to `append`.
public enum ImportFile {
    /// Reads `path` (`-`: standard input); `what` names it in messages (`mapping file`).
    public static func read(_ path: String, what: String) throws(LogFormatError) -> [UInt8] {
        let fd: Int32
        if path == "-" {
            fd = 0
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .notFound("\(what) \(path) not found")
            }
            guard !isDirectory.boolValue else { throw .invalidArgument("\(what) \(path) is a directory, not a file") }
            fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw .io("cannot read \(what) \(path): \(String(cString: strerror(errno)))") }
        }
        defer { if fd != 0 { close(fd) } }
        var bytes: [UInt8] = []
        let chunk = 1 << 20
        while true {
            let n = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: chunk) { buffer in
                let n = Foundation.read(fd, buffer.baseAddress, chunk)
                if n > 0 { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<n])) }
                return n
            }
            if n < 0, errno == EINTR { continue }
            if n < 0 { throw .io("cannot read \(what) \(path == "-" ? "standard input" : path): \(String(cString: strerror(errno)))") }
            if n == 0 { return bytes }
            guard bytes.count <= Limits.maxArrayInputBytes else {
                throw .invalidInput(line: nil, field: "", message: "\(what) \(path == "-" ? "on standard input" : path) is larger than \(Limits.maxArrayInputBytes >> 20) MiB")
            }
        }
    }
}
