import Dispatch
import Foundation
import Synchronization

/// The hand-over between a thread that reads, parses and checks an append's input and the
/// thread that appends it: batches of prepared lines, in input order, at most
/// ``Limits/readAheadBatches`` ahead, so that the two halves of an append run on two cores. A
/// batch is read, then prepared (in parts side by side, when asked), and handed over when it is
/// full, and whenever the input has nothing more yet (a slow pipe's lines reach the appending
/// thread as they come, not a batch later).
///
/// When the appending thread stops (an error) it tells the reader through a pipe the reader
/// waits on beside the input, so the reader ends at once even on a pipe whose writer sends
/// nothing more; ``run(_:_:)`` returns only after the reader has ended (it reads the caller's
/// descriptor, which the caller closes after). A batch the appending thread is done with goes
/// back to the reader, which releases it the next time it hands one over: freeing a batch's
/// lines is work the appending thread, the busier one, need not do. Memory: at most eight
/// batches live (four waiting, one being filled, one being appended, up to two given back),
/// each under 256 lines or about 2 MiB of input with their parsed form.
final class ReadAhead<Prepared: Sendable>: Sendable {
    /// What the reader hands over.
    private enum Message: Sendable {
        case lines([(line: Int, prepared: Prepared)])
        /// The input ended, or the reader stopped because the appending thread had.
        case end
        /// Reading failed after the lines handed over before.
        case failure(any Error)
    }

    /// Thrown inside the reader once the appending thread has stopped.
    private struct Stopped: Error {}

    private let messages = Mutex<[Message]>([])
    /// Batches the appending thread is done with, for the reader to release.
    private let givenBack = Mutex<[[(line: Int, prepared: Prepared)]]>([])
    private let ready = DispatchSemaphore(value: 0)
    private let slots = DispatchSemaphore(value: Limits.readAheadBatches)
    private let stopped = Atomic<Bool>(false)
    /// The pipe that wakes the reader when the appending thread stops: read end, write end.
    private let wake: (read: Int32, write: Int32)

    private init(wake: (read: Int32, write: Int32)) {
        self.wake = wake
    }

    /// The lines the reader has read and not yet handed over (the reader's thread only):
    /// prepared as they come, or, to be prepared in parts, as read.
    private final class Pending<Raw> {
        var prepared: [(line: Int, prepared: Prepared)] = []
        var raw: [(line: Int, raw: Raw)] = []
        var count: Int { prepared.count + raw.count }
        var bytes = 0
    }

    /// Runs `read` on a thread of its own, and calls `body` on this one with each line it
    /// emits (line number, value; the size in bytes bounds a batch) as `prepare` makes it, in
    /// order, a batch in `parts` parts side by side, and `beforeEachBatch` with each batch before
    /// `body` gets its lines. An error of `read` reaches the caller after
    /// the lines emitted before it; an error of `body` ends `read`: at its next line, or at once
    /// if it waits for input.
    ///
    /// `read` gets the descriptor to wait on beside its input (readable once `body` has thrown:
    /// the reading is to end then) and the function to call before it waits for input.
    static func run<Raw: Sendable>(
        _ read: @escaping @Sendable (
            _ wake: Int32, _ waiting: @escaping () -> Void, _ emit: (_ line: Int, _ raw: Raw, _ size: Int) throws -> Void
        ) throws -> Void,
        parts: Int, preparing prepare: @escaping @Sendable (_ line: Int, _ raw: Raw) -> Prepared,
        beforeEachBatch: (_ batch: PreparedBatch<Prepared>) throws -> Void = { _ in },
        _ body: (_ line: Int, _ prepared: Prepared) throws -> Void
    ) throws {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw LogFormatError.io("cannot create a pipe: \(String(cString: strerror(errno)))") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }  // (`pipe2` is not in the Glibc module)
        let channel = ReadAhead(wake: (fds[0], fds[1]))
        defer {
            close(fds[0])
            close(fds[1])
        }
        Thread.detachNewThread { channel.produce(read, parts, prepare) }
        try channel.consume(beforeEachBatch, body)
    }

    /// The reader's thread.
    private func produce<Raw: Sendable>(
        _ read: (_ wake: Int32, _ waiting: @escaping () -> Void, _ emit: (Int, Raw, Int) throws -> Void) throws -> Void,
        _ parts: Int, _ prepare: @escaping @Sendable (Int, Raw) -> Prepared
    ) {
        let pending = Pending<Raw>()
        let handOver = { [self] in
            guard pending.count > 0 else { return }
            send(.lines(parts > 1 ? Self.prepared(pending.raw, parts: parts, prepare) : pending.prepared))
            pending.prepared = []
            pending.raw = []
            pending.bytes = 0
        }
        let last: Message
        do {
            try read(wake.read, handOver) { line, raw, size in
                if stopped.load(ordering: .acquiring) { throw Stopped() }
                if parts > 1 { pending.raw.append((line, raw)) } else { pending.prepared.append((line, prepare(line, raw))) }
                pending.bytes += size
                if pending.count >= Limits.readAheadLines || pending.bytes >= Limits.readAheadBytes { handOver() }
            }
            last = .end
        } catch is Stopped {
            pending.prepared = []
            pending.raw = []
            last = .end
        } catch {
            last = .failure(error)
        }
        handOver()
        send(last)
    }

    /// `batch` made by `prepare`, in order: once the batch is long enough to be worth it, in
    /// `parts` parts that this thread and the system's pool take in turn.
    private static func prepared<Raw: Sendable>(
        _ batch: [(line: Int, raw: Raw)], parts: Int, _ prepare: @escaping @Sendable (Int, Raw) -> Prepared
    ) -> [(line: Int, prepared: Prepared)] {
        guard batch.count >= Limits.readAheadSplitLines, parts > 1 else {
            return batch.map { ($0.line, prepare($0.line, $0.raw)) }
        }
        let made = Mutex<[[(line: Int, prepared: Prepared)]]>(Array(repeating: [], count: parts))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let range = (batch.count * part / parts)..<(batch.count * (part + 1) / parts)
            let lines = batch[range].map { ($0.line, prepare($0.line, $0.raw)) }
            made.withLock { $0[part] = lines }
        }
        return made.withLock { $0.flatMap { $0 } }
    }

    /// The appending thread.
    private func consume(_ beforeEachBatch: (PreparedBatch<Prepared>) throws -> Void, _ body: (Int, Prepared) throws -> Void) throws {
        var ended = false
        defer { if !ended { stop() } }
        while true {
            switch receive() {
            case .lines(let lines):
                try beforeEachBatch(PreparedBatch(lines[...]))
                for (line, prepared) in lines { try body(line, prepared) }
                givenBack.withLock { $0.append(lines) }
            case .end:
                ended = true
                return
            case .failure(let error):
                ended = true
                throw error
            }
        }
    }

    /// Tells the reader to stop (and wakes it if it waits for input), and takes what it hands
    /// over until it has ended.
    private func stop() {
        stopped.store(true, ordering: .releasing)
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
        while true {
            switch receive() {
            case .lines: continue
            case .end, .failure: return
            }
        }
    }

    private func send(_ message: Message) {
        slots.wait()
        // Released here, on the reader's thread, outside the lock.
        let done = givenBack.withLock { batches in
            let taken = batches
            batches = []
            return taken
        }
        _ = consume done
        messages.withLock { $0.append(message) }
        ready.signal()
    }

    private func receive() -> Message {
        ready.wait()
        let message = messages.withLock { $0.removeFirst() }
        slots.signal()
        return message
    }
}
