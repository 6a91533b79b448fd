import Dispatch
import Foundation
import Glibc
import Synchronization
import TestSupport
import Testing

@testable import LogFormat

/// An append's input read, parsed and prepared on a second thread must reach the appending
/// thread exactly as the plain reading gives it, in order, and must stop (not hang, not run on)
/// when the appending thread stops.
@Suite struct ReadAheadTests {
    /// A temporary file holding `bytes`, opened as an input.
    final class InputFile {
        let url: URL

        init(_ bytes: [UInt8]) throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("auditlog-readahead-\(UUID().uuidString)")
            try Data(bytes).write(to: url)
        }

        deinit { try? FileManager.default.removeItem(at: url) }

        func source() throws -> InputSource { try InputSource.file(url.path) }
    }

    /// Every (line, value) of `source` read plainly.
    static func plain(_ file: InputFile) throws -> [(Int, Result<JSONValue, JSONParseError>)] {
        let source = try file.source()
        defer { source.close() }
        var out: [(Int, Result<JSONValue, JSONParseError>)] = []
        try source.forEach { out.append(($0, $1)) }
        return out
    }

    /// Every (line, value) of `source` read ahead on the second thread (a batch made in parts
    /// side by side, with `inParts`). Checks on the way that `beforeEachBatch` got every line
    /// appended, once, in order, at most ``Limits/readAheadLines`` at a time, each batch before
    /// its lines.
    static func readAhead(_ file: InputFile, inParts: Bool) throws -> [(Int, Result<JSONValue, JSONParseError>)] {
        let source = try file.source()
        defer { source.close() }
        var out: [(Int, Result<JSONValue, JSONParseError>)] = []
        var announced: [Int] = []  // the lines of the batches so far
        try source.forEach(preparing: { line, value in (line, value) }, inParts: inParts, beforeEachBatch: { batch in
            #expect(!batch.isEmpty && batch.count <= Limits.readAheadLines)
            // The batch before it was appended whole before this one was announced.
            #expect(announced.count == out.count)
            announced += batch.map(\.0)
        }) { line, value in
            #expect(out.count < announced.count && announced[out.count] == line)
            out.append(value)
        }
        // Lines after one that does not parse may have been read with it: announced, never appended.
        #expect(announced.count >= out.count)
        return out
    }

    static func same(_ a: [(Int, Result<JSONValue, JSONParseError>)], _ b: [(Int, Result<JSONValue, JSONParseError>)]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            switch (x.1, y.1) {
            case (.success(let u), .success(let v)): return x.0 == y.0 && u == v
            case (.failure(let u), .failure(let v)): return x.0 == y.0 && u.message == v.message && u.path == v.path
            default: return false
            }
        }
    }

    @Test("property: NDJSON and arrays of many sizes arrive whole and in order, as read plainly", arguments: 0..<4)
    func sameAsPlain(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        // Around the batch sizes (lines and bytes), with blank lines and a bad line at the end.
        let counts = [0, 1, 2, Limits.readAheadLines - 1, Limits.readAheadLines, Limits.readAheadLines + 1,
                      Limits.readAheadLines * Limits.readAheadBatches + 3, 3_000 + Int(rng.next() % 500)]
        for count in counts {
            // Some values large enough that a batch closes on its bytes before its lines.
            let values: [JSONValue] = (0..<count).map { i in
                let big = rng.next() % 97 == 0 ? String(repeating: "Hội ", count: 20_000) : "x"
                return .object(["i": .integer(Int64(i)), "t": .string(big), "r": RandomJSON.value(depth: 2, using: &rng)])
            }
            var ndjson: [UInt8] = []
            for (i, v) in values.enumerated() {
                ndjson += CanonicalEncoder.encode(v) + [0x0A]
                if i % 50 == 7 { ndjson += Array(" \t\n".utf8) }
            }
            let withBadLine = ndjson + Array(#"{"bad":}"#.utf8) + [0x0A] + Array(#"{"after":1}"#.utf8)
            let array = CanonicalEncoder.encode(.array(values))
            for bytes in [ndjson, withBadLine, array] {
                let file = try InputFile(bytes)
                let plain = try Self.plain(file)
                #expect(Self.same(plain, try Self.readAhead(file, inParts: false)), "\(count) values")
                #expect(Self.same(plain, try Self.readAhead(file, inParts: true)), "\(count) values, in parts")
                if bytes == withBadLine { #expect(plain.last.map { if case .failure = $0.1 { true } else { false } } == true) }
            }
        }
    }

    struct Refused: Error, Equatable { let line: Int }

    @Test("an error of the appending thread ends the reading soon after that line, and reaches the caller")
    func stopsOnError() throws {
        let lines = (0..<20_000).map { #"{"i":\#($0)}"# }.joined(separator: "\n")
        let file = try InputFile(Array(lines.utf8))
        for stopAt in [1, 2, 300, 5_000, 19_999] {
            for inParts in [false, true] {
                let prepared = Atomic<Int>(0)
                let source = try file.source()
                defer { source.close() }
                var seen = 0
                #expect(throws: Refused(line: stopAt)) {
                    try source.forEach(preparing: { line, _ in
                        prepared.add(1, ordering: .relaxed)
                        return line
                    }, inParts: inParts) { line, _ in
                        seen += 1
                        if line == stopAt { throw Refused(line: line) }
                    }
                }
                #expect(seen == stopAt)
                // The reader may be ahead by the batches that fit, the one it was filling and one line.
                let bound = stopAt + Limits.readAheadLines * (Limits.readAheadBatches + 2) + 1
                #expect(prepared.load(ordering: .relaxed) <= bound, "stopped at \(stopAt), prepared \(prepared.load(ordering: .relaxed))")
            }
        }
    }

    @Test("a file at the inline limit is read on the calling thread, one byte past it ahead; both as read plainly, both stop on an error")
    func inlineLimit() throws {
        let line = Array(#"{"t":"Hội Liên hiệp Phụ nữ"}"#.utf8) + [0x0A]
        for size in [Limits.inlineInputBytes, Limits.inlineInputBytes + 1] {
            // Whole lines up to `size`, then a last line cut (unterminated) to make it exact.
            var bytes: [UInt8] = []
            while bytes.count + line.count + 9 <= size { bytes += line }
            bytes += Array(#"{"n":""#.utf8) + Array(repeating: UInt8(ascii: "x"), count: size - bytes.count - 8) + Array(#""}"#.utf8)
            #expect(bytes.count == size)
            let file = try InputFile(bytes)
            #expect(Self.same(try Self.plain(file), try Self.readAhead(file, inParts: false)))
            let source = try file.source()
            defer { source.close() }
            let caller = pthread_self()
            var seen = 0
            var onCaller = true
            #expect(throws: Refused(line: 40)) {
                try source.forEach(preparing: { line, _ in (line, pthread_equal(pthread_self(), caller) != 0) }) { line, prepared in
                    seen += 1
                    onCaller = onCaller && prepared.1
                    if line == 40 { throw Refused(line: line) }
                }
            }
            #expect(seen == 40)
            #expect(onCaller == (size <= Limits.inlineInputBytes))
        }
    }

    /// A flag threads can set.
    final class Flag: Sendable {
        private let value = Atomic<Bool>(false)
        func set() { value.store(true, ordering: .releasing) }
        var isSet: Bool { value.load(ordering: .acquiring) }
    }

    /// A pipe whose write end this test holds: `pipe.write(_:)` sends lines, `close()` ends it.
    final class Pipe: Sendable {
        let readEnd: Int32
        let writeEnd: Int32
        private let closed = Atomic<Bool>(false)

        init() {
            var fds: [Int32] = [-1, -1]
            precondition(Glibc.pipe(&fds) == 0, "pipe")
            readEnd = fds[0]
            writeEnd = fds[1]
        }

        func write(_ text: String) {
            var bytes = Array(text.utf8)
            _ = bytes.withUnsafeMutableBytes { Glibc.write(writeEnd, $0.baseAddress, $0.count) }
        }

        /// Closes the write end (once); true if this call closed it.
        @discardableResult
        func close() -> Bool {
            guard closed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return false }
            Glibc.close(writeEnd)
            return true
        }
    }

    @Test("an error while the input pipe has nothing more stops the reading without waiting for its writer")
    func stopsOnIdlePipe() throws {
        let pipe = Pipe()
        pipe.write((1...300).map { #"{"i":\#($0)}"# + "\n" }.joined())
        // The writer stays open; a watchdog closes it much later, should the reading wait for it.
        let watchdogClosed = Flag()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            if done.wait(timeout: .now() + 60) == .timedOut, pipe.close() { watchdogClosed.set() }
        }
        let source = InputSource.descriptor(pipe.readEnd, name: "a pipe")
        defer { source.close() }
        #expect(throws: Refused(line: 1)) {
            try source.forEach(preparing: { line, _ in line }) { line, _ in throw Refused(line: line) }
        }
        done.signal()
        #expect(!watchdogClosed.isSet, "the reading waited for the writer to close")
        pipe.close()
    }

    @Test("lines of a pipe reach the appending thread as they come, not a batch later")
    func slowPipe() throws {
        let pipe = Pipe()
        let seenThird = DispatchSemaphore(value: 0)
        let writerWaitedInVain = Flag()
        Thread.detachNewThread {
            pipe.write(#"{"i":1}"# + "\n" + #"{"i":2}"# + "\n" + #"{"i":3}"# + "\n")
            // The rest only once the third line has been seen (or much later, as a failure).
            if seenThird.wait(timeout: .now() + 60) == .timedOut { writerWaitedInVain.set() }
            pipe.write(#"{"i":4}"# + "\n")
            pipe.close()
        }
        let source = InputSource.descriptor(pipe.readEnd, name: "a pipe")
        defer { source.close() }
        var lines: [Int] = []
        try source.forEach(preparing: { line, _ in line }) { line, _ in
            lines.append(line)
            if line == 3 { seenThird.signal() }
        }
        #expect(lines == [1, 2, 3, 4])
        #expect(!writerWaitedInVain.isSet, "line 3 reached the body only after the input ended")
    }

    @Test("a read that fails reaches the caller as the error it is")
    func readFailure() throws {
        // A directory opens for reading, but reading it fails (EISDIR).
        let fd = open(FileManager.default.temporaryDirectory.path, O_RDONLY)
        #expect(fd >= 0)
        let source = InputSource.descriptor(fd, name: "a directory")
        defer { source.close() }
        var lines = 0
        #expect(throws: LogFormatError.self) {
            try source.forEach(preparing: { line, _ in line }) { _, _ in lines += 1 }
        }
        #expect(lines == 0)
    }
}
