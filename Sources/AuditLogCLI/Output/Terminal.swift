import EventLog
import Foundation
import LogFormat

/// Buffered standard output for one command run: listings can be millions of lines.
/// Not `Sendable`: a command writes from its own thread only.
final class StandardOutput {
    private var buffer: [UInt8] = []
    private static let flushThreshold = Limits.outputBufferBytes

    init() { buffer.reserveCapacity(Self.flushThreshold) }

    deinit { flush() }

    /// Writes `text`.
    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.flushThreshold { flush() }
    }

    /// Writes `text` and a newline.
    func line(_ text: String) { write(text + "\n") }

    /// Writes raw bytes from memory someone else owns.
    func write(raw bytes: UnsafeRawBufferPointer) {
        // A large piece (a check requirement of tens of thousands of instances) goes out
        // directly rather than through the buffer, which would grow to its size.
        if bytes.count >= Self.flushThreshold {
            flush()
            Self.writeAll(bytes)
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.flushThreshold { flush() }
    }

    /// Writes raw bytes.
    func write(bytes: [UInt8]) { bytes.withUnsafeBytes { write(raw: $0) } }

    /// Writes what is buffered.
    func flush() {
        buffer.withUnsafeBytes { Self.writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes `bytes` to standard output, up to an error (a closed pipe ends the output).
    private static func writeAll(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(1, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if n <= 0 { break }
            offset += n
        }
    }
}

/// Standard error: one-line messages, and progress on a terminal.
enum Terminal {
    /// Whether standard error is a terminal (progress is shown only then).
    static var stderrIsTTY: Bool { isatty(2) == 1 }

    /// Writes one line to standard error.
    static func err(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }

    /// Shows `message` as a progress line on a terminal, overwritten by the next one.
    static func progress(_ message: String) {
        guard stderrIsTTY else { return }
        let bytes = Array("\r\u{1B}[K\(message)".utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }

    /// Clears the progress line.
    static func endProgress() {
        guard stderrIsTTY else { return }
        let bytes = Array("\r\u{1B}[K".utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}
