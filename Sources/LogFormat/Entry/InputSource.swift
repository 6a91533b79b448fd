import Foundation

/// Where `append` reads from: a file or standard input holding NDJSON (one object per line,
/// streamed) or one JSON array (read whole, at most ``Limits/maxArrayInputBytes``), in UTF-8 with
/// or without a byte-order mark.
public struct InputSource: Sendable {
    private let fd: Int32
    private let name: String
    private let ownsDescriptor: Bool

    /// Standard input.
    public static let standardInput = InputSource(fd: 0, name: "standard input", ownsDescriptor: false)

    /// Opens `path` for reading.
    public static func file(_ path: String) throws(LogFormatError) -> InputSource {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .notFound("input file \(path) not found")
        }
        guard !isDirectory.boolValue else { throw .invalidArgument("input \(path) is a directory, not a file") }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .io("cannot read input file \(path): \(String(cString: strerror(errno)))") }
        return InputSource(fd: fd, name: path, ownsDescriptor: true)
    }

    /// An already open descriptor (a pipe, for instance), closed by ``close()``.
    public static func descriptor(_ fd: Int32, name: String) -> InputSource {
        InputSource(fd: fd, name: name, ownsDescriptor: true)
    }

    /// Bytes held in memory (a batch built by the program), read through an unlinked temporary
    /// file so that any size works the same way as a file.
    public static func bytes(_ bytes: [UInt8], name: String) throws(LogFormatError) -> InputSource {
        var template = Array((NSTemporaryDirectory() + "/auditlog-input-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard fd >= 0 else { throw .io("cannot create a temporary file: \(String(cString: strerror(errno)))") }
        unlink(String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self))
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else {
                _ = Foundation.close(fd)
                throw .io("cannot write a temporary file: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
        lseek(fd, 0, SEEK_SET)
        return InputSource(fd: fd, name: name, ownsDescriptor: true)
    }

    /// Closes the file (standard input is left open).
    public func close() {
        if ownsDescriptor { _ = Foundation.close(fd) }
    }

    /// Calls `body` with each input value and the 1-based line it starts on. A value that does
    /// not parse is passed as a failure and ends the iteration.
    public func forEach(_ body: (_ line: Int, _ value: Result<JSONValue, JSONParseError>) throws -> Void) throws {
        try forEachValue { line, value, _ in try body(line, value) }
    }

    /// ``forEach(_:)`` with each value first made by `prepare` (parsed and checked, say) on a
    /// thread of its own, up to ``Limits/readAheadBatches`` batches of lines ahead of `body`,
    /// which gets them in input order on this thread; with `inParts`, a batch is made in
    /// ``Limits/readAheadParts`` parts side by side (for a `prepare` that costs more than the
    /// appending: an author's signature to verify). Once `body` throws, no line after is prepared
    /// (but for those already made ahead); this returns when the reading thread has ended. A file
    /// of at most ``Limits/inlineInputBytes`` is prepared whole on this thread before `body`.
    /// `beforeEachBatch` gets the lines of each batch (at most ``Limits/readAheadLines``) before
    /// `body` gets the first of them: to look up what they will need all at once.
    public func forEach<Prepared: Sendable>(
        preparing prepare: @escaping @Sendable (_ line: Int, _ value: Result<JSONValue, JSONParseError>) -> Prepared,
        inParts: Bool = false,
        beforeEachBatch: (_ batch: PreparedBatch<Prepared>) throws -> Void = { _ in },
        _ body: (_ line: Int, _ prepared: Prepared) throws -> Void
    ) throws {
        if isSmallFile {
            // Prepared whole on this thread: the lines, then what ended the reading, if anything.
            var prepared: [(line: Int, prepared: Prepared)] = []
            let ending = Result { try forEachValue { line, value, _ in prepared.append((line, prepare(line, value))) } }
            for start in stride(from: 0, to: prepared.count, by: Limits.readAheadLines) {
                let batch = prepared[start..<min(start + Limits.readAheadLines, prepared.count)]
                try beforeEachBatch(PreparedBatch(batch))
                for (line, value) in batch { try body(line, value) }
            }
            return try ending.get()
        }
        guard inParts else {
            return try ReadAhead<Prepared>.run({ wake, waiting, emit in
                try self.forEachValue(wake: wake, waiting: waiting) { line, value, size in try emit(line, value, size) }
            }, parts: 1, preparing: prepare, beforeEachBatch: beforeEachBatch, body)
        }
        // In parts, a line of NDJSON is parsed where it is prepared, side by side with the other
        // lines of its batch, and the reading thread only finds where lines end. The line that
        // does not parse is the last one `body` gets, as when the input is read plainly.
        do {
            try ReadAhead<(prepared: Prepared, failed: Bool)>.run({ wake, waiting, emit in
                try self.forEachInput(wake: wake, waiting: waiting, parsing: false) { line, input, size in
                    try emit(line, input, size)
                    return true
                }
            }, parts: Limits.readAheadParts, preparing: { line, input in
                let value = input.parsed
                if case .failure = value { return (prepare(line, value), true) }
                return (prepare(line, value), false)
            }, beforeEachBatch: { batch in
                try beforeEachBatch(PreparedBatch(batch.lines.map { (line: $0.line, prepared: $0.prepared.prepared) }[...]))
            }) { line, made in
                try body(line, made.prepared)
                if made.failed { throw EndedAtFailure() }
            }
        } catch is EndedAtFailure {
            return
        }
    }

    /// Whether the input is a regular file of at most ``Limits/inlineInputBytes`` (not a pipe,
    /// whose end is not known in advance).
    private var isSmallFile: Bool {
        var status = stat()
        guard fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return false }
        return status.st_size - lseek(fd, 0, SEEK_CUR) <= Limits.inlineInputBytes
    }

    /// Ends a read-ahead after the value that does not parse.
    private struct EndedAtFailure: Error {}

    /// A value of the input, parsed or still the text of its line.
    private enum Input: Sendable {
        case parsed(Result<JSONValue, JSONParseError>)
        case line([UInt8])

        var parsed: Result<JSONValue, JSONParseError> {
            switch self {
            case .parsed(let value): value
            case .line(let bytes): Result { () throws(JSONParseError) -> JSONValue in try JSONParser.parse(bytes, normalize: true) }
            }
        }
    }

    /// ``forEach(_:)``, with the size in bytes of each value's text; reading ends early when
    /// `wake` becomes readable, and `waiting` is called before waiting for input.
    private func forEachValue(
        wake: Int32 = -1, waiting: @escaping () -> Void = {},
        _ body: (_ line: Int, _ value: Result<JSONValue, JSONParseError>, _ size: Int) throws -> Void
    ) throws {
        try forEachInput(wake: wake, waiting: waiting, parsing: true) { line, input, size in
            let value = input.parsed
            try body(line, value, size)
            if case .failure = value { return false }
            return true
        }
    }

    /// The values of the input with the size of each one's text, a line of NDJSON parsed or, if
    /// not `parsing`, as its text (the elements of an array are parsed); ends when the input
    /// does, when `body` returns false, or early when `wake` becomes readable; `waiting` is
    /// called before waiting for input.
    private func forEachInput(
        wake: Int32 = -1, waiting: @escaping () -> Void = {}, parsing: Bool,
        _ body: (_ line: Int, _ input: Input, _ size: Int) throws -> Bool
    ) throws {
        var reader = ChunkReader(fd: fd, name: name, wake: wake, waiting: waiting)
        try reader.skipByteOrderMark()
        // Peek at the first non-blank byte to tell an array from NDJSON.
        guard let first = try reader.firstNonBlankByte() else { return }
        if first == UInt8(ascii: "[") {
            let all = try reader.readAll(limit: Limits.maxArrayInputBytes)
            try all.withUnsafeBufferPointer { buffer in
                try JSONParser.forEachArrayElement(buffer, normalize: true) { element, line, size in
                    _ = try body(line, .parsed(element), size)
                }
            }
            return
        }
        var lineNumber = 0
        while let line = try reader.nextLine(limit: Limits.maxInputLineBytes) {
            lineNumber += 1
            switch line {
            case .tooLong:
                let failure = JSONParseError(path: "", message: "line is longer than \(Limits.maxInputLineBytes) bytes")
                _ = try body(lineNumber, .parsed(.failure(failure)), 0)
                return
            case .bytes(let bytes):
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                let input: Input = parsing
                    ? .parsed(Result { () throws(JSONParseError) -> JSONValue in try JSONParser.parse(bytes, normalize: true) })
                    : .line(Array(bytes))
                guard try body(lineNumber, input, bytes.count) else { return }
            }
        }
    }
}

/// Buffered reading of a file descriptor by lines, without holding the whole input.
struct ChunkReader {
    let fd: Int32
    let name: String
    /// A descriptor that, once readable, ends the reading as if the input had ended (a reading
    /// thread told to stop while the input has nothing for it); -1 for none.
    private let wake: Int32
    /// Called before waiting for input that is not there yet (to hand over what was read).
    private let waiting: () -> Void
    private var buffer: [UInt8] = []
    private var start = 0
    private var eof = false
    private static let chunk = 1 << 20

    init(fd: Int32, name: String, wake: Int32 = -1, waiting: @escaping () -> Void = {}) {
        self.fd = fd
        self.name = name
        self.wake = wake
        self.waiting = waiting
    }

    enum Line {
        case bytes(ArraySlice<UInt8>)
        case tooLong
    }

    private mutating func fill() throws(LogFormatError) {
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        if wake >= 0, !inputOrWakeReady() {
            eof = true
            return
        }
        // Read into memory that is not zeroed first: a zeroed megabyte per read was a tenth of
        // the CPU time of a one-event append.
        let n = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.chunk) { chunk in
            let n = read(fd, chunk.baseAddress, Self.chunk)
            if n > 0 { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[..<n])) }
            return n
        }
        if n < 0 { throw .io("cannot read \(name): \(String(cString: strerror(errno)))") }
        if n == 0 { eof = true }
    }

    /// Waits until the input can be read (true) or `wake` can (false), calling `waiting` first
    /// if neither is ready now. A failed wait is left to `read` to report.
    private func inputOrWakeReady() -> Bool {
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
        var ready = poll(&fds, 2, 0)
        if ready == 0 {
            waiting()
            ready = poll(&fds, 2, -1)
        }
        while ready < 0, errno == EINTR { ready = poll(&fds, 2, -1) }
        return ready < 0 || fds[1].revents == 0
    }

    /// Drops the UTF-8 byte-order mark (EF BB BF) at the start of the input, which Excel and
    /// some editors write before UTF-8 text; the input is read as if it were not there.
    mutating func skipByteOrderMark() throws(LogFormatError) {
        while buffer.count - start < 3, !eof { try fill() }
        if buffer.count - start >= 3, buffer[start] == 0xEF, buffer[start + 1] == 0xBB, buffer[start + 2] == 0xBF {
            start += 3
        }
    }

    mutating func firstNonBlankByte() throws(LogFormatError) -> UInt8? {
        var i = start
        while true {
            while i < buffer.count {
                let b = buffer[i]
                if b != 0x20 && b != 0x09 && b != 0x0A && b != 0x0D { return b }
                i += 1
            }
            if eof { return nil }
            let consumed = i - start
            try fill()
            i = start + consumed
        }
    }

    mutating func readAll(limit: Int) throws(LogFormatError) -> [UInt8] {
        while !eof {
            try fill()
            guard buffer.count - start <= limit else {
                throw .invalidInput(line: nil, field: "", message: "a JSON array input is limited to \(limit >> 20) MiB; use NDJSON for larger inputs")
            }
        }
        return Array(buffer[start...])
    }

    mutating func nextLine(limit: Int) throws(LogFormatError) -> Line? {
        var searchFrom = start
        while true {
            if let newline = buffer[searchFrom...].firstIndex(of: 0x0A) {
                let line = buffer[start..<newline]
                start = newline + 1
                return line.count > limit ? .tooLong : .bytes(line)
            }
            if buffer.count - start > limit { return .tooLong }
            if eof {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                return .bytes(line)
            }
            searchFrom = buffer.count
            let offset = searchFrom - start
            try fill()
            searchFrom = start + offset
        }
    }
}
