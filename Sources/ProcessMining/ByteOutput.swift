#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// write(2), by a name the methods below do not hide.
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, bytes, count)
}

/// Buffered writes to an open file descriptor (standard output, or a file the export made).
/// Not `Sendable`: one export writes from one thread.
public final class ByteOutput {
    private let descriptor: Int32
    private let name: String
    private var buffer: [UInt8] = []
    private static let flushThreshold = 1 << 20

    /// Writes to `descriptor`, called `name` in messages.
    public init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.name = name
        buffer.reserveCapacity(Self.flushThreshold)
    }

    /// Standard output.
    public static func standardOutput() -> ByteOutput { ByteOutput(descriptor: 1, name: "standard output") }

    /// Appends `bytes`.
    public func write(_ bytes: [UInt8]) throws(OCELExportError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Appends the UTF-8 of `text`.
    public func write(_ text: String) throws(OCELExportError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Writes out what is buffered.
    public func flush() throws(OCELExportError) {
        defer { buffer.removeAll(keepingCapacity: true) }
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { raw in
                systemWrite(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { throw .outputClosed }
                throw .io("cannot write \(name): \(String(cString: strerror(errno)))")
            }
            offset += n
        }
    }
}
