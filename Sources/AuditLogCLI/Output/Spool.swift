import EventLog
import Foundation
import LogFormat

/// A temporary file for output that must follow something not known yet (a JSON report's
/// requirements come after its findings, which are complete only once every requirement is
/// judged). It is unlinked as soon as it is made: nothing is left behind, whatever happens.
final class Spool {
    private let fd: Int32
    private var buffer: [UInt8] = []
    /// Bytes gathered before each write to the file, and read back at a time.
    private static let chunk = Limits.spoolChunkBytes

    /// A new, empty spool in `$TMPDIR` (default `/tmp`).
    init() throws {
        let directory = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(directory)/auditlog-spool-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { p in p.baseAddress.map { mkstemp($0) } ?? -1 }
        guard fd >= 0 else { throw CommandError.io("cannot make a temporary file in \(directory): \(String(cString: strerror(errno)))") }
        _ = template.withUnsafeBufferPointer { p in p.baseAddress.map { unlink($0) } }
        self.fd = fd
        buffer.reserveCapacity(Self.chunk)
    }

    deinit { close(fd) }

    /// Appends `bytes`.
    func write(_ bytes: [UInt8]) throws {
        // A large piece (one requirement of tens of thousands of instances) goes straight to the
        // file rather than through the buffer, which would grow to its size.
        if bytes.count >= Self.chunk {
            try flush()
            try bytes.withUnsafeBytes { p in Result { () throws in try writeAll(p) } }.get()
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.chunk { try flush() }
    }

    /// Writes everything appended so far, in order, to `out`.
    func copy(to out: StandardOutput) throws {
        try flush()
        guard lseek(fd, 0, SEEK_SET) == 0 else { throw CommandError.io("cannot read back the temporary file: \(String(cString: strerror(errno)))") }
        var chunk = [UInt8](repeating: 0, count: Self.chunk)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { throw CommandError.io("cannot read back the temporary file: \(String(cString: strerror(errno)))") }
            if n == 0 { return }
            chunk.withUnsafeBytes { out.write(raw: UnsafeRawBufferPointer(rebasing: $0[..<n])) }
        }
    }

    private func flush() throws {
        try buffer.withUnsafeBytes { p in Result { () throws in try writeAll(p) } }.get()
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes all of `bytes` to the file.
    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                throw CommandError.io("cannot write the temporary file: \(n < 0 ? String(cString: strerror(errno)) : "nothing written (disk full?)")")
            }
            offset += n
        }
    }
}
