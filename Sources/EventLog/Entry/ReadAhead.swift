import Dispatch
import Foundation
import Synchronization

/// The hand-over between a thread that reads, parses and checks an append's input and the
/// thread that appends it: batches of prepared lines, in input order, at most
/// ``Limits/readAheadBatches`` ahead, so that the two halves of an append run on two cores.
///
/// The reader stops at its next line once the appending thread stops (an error), and
/// ``run(_:_:)`` returns only after the reader has ended: it reads the caller's descriptor,
/// which the caller closes after.
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
    private let ready = DispatchSemaphore(value: 0)
    private let slots = DispatchSemaphore(value: Limits.readAheadBatches)
    private let stopped = Atomic<Bool>(false)

    private init() {}

    /// Runs `read` on a thread of its own, and calls `body` on this one with each line it
    /// emits (line number, prepared value; the size in bytes bounds a batch), in order. An error
    /// of `read` reaches the caller after the lines emitted before it; an error of `body` stops
    /// `read` at its next line.
    static func run(
        _ read: @escaping @Sendable (_ emit: (_ line: Int, _ prepared: Prepared, _ size: Int) throws -> Void) throws -> Void,
        _ body: (_ line: Int, _ prepared: Prepared) throws -> Void
    ) throws {
        let channel = ReadAhead()
        Thread.detachNewThread { channel.produce(read) }
        try channel.consume(body)
    }

    /// The reader's thread.
    private func produce(_ read: (_ emit: (Int, Prepared, Int) throws -> Void) throws -> Void) {
        var batch: [(line: Int, prepared: Prepared)] = []
        var bytes = 0
        let last: Message
        do {
            try read { line, prepared, size in
                if stopped.load(ordering: .acquiring) { throw Stopped() }
                batch.append((line, prepared))
                bytes += size
                if batch.count >= Limits.readAheadLines || bytes >= Limits.readAheadBytes {
                    send(.lines(batch))
                    batch = []
                    bytes = 0
                }
            }
            last = .end
        } catch is Stopped {
            batch = []
            last = .end
        } catch {
            last = .failure(error)
        }
        if !batch.isEmpty { send(.lines(batch)) }
        send(last)
    }

    /// The appending thread.
    private func consume(_ body: (Int, Prepared) throws -> Void) throws {
        var ended = false
        defer { if !ended { stop() } }
        while true {
            switch receive() {
            case .lines(let lines):
                for (line, prepared) in lines { try body(line, prepared) }
            case .end:
                ended = true
                return
            case .failure(let error):
                ended = true
                throw error
            }
        }
    }

    /// Tells the reader to stop, and takes what it hands over until it has ended.
    private func stop() {
        stopped.store(true, ordering: .releasing)
        while true {
            switch receive() {
            case .lines: continue
            case .end, .failure: return
            }
        }
    }

    private func send(_ message: Message) {
        slots.wait()
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
