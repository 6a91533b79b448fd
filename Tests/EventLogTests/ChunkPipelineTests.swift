import Foundation
import LogFormat
import SQLiteDatabase
import Synchronization
import Testing

@testable import EventLog

/// The worker pipeline that `verify` and the replays read a log with, on a real SQLite file.
@Suite struct ChunkPipelineTests {
    /// This thread, as a number.
    static func thread() -> UInt { UInt(bitPattern: Int(bitPattern: UInt(pthread_self()))) }

    /// Where each probe was made and released.
    final class Ledger: Sendable {
        let released = Mutex<[Int64: (made: UInt, released: UInt)]>([:])
    }

    /// One value of a chunk: on release, it notes whether that happened on its maker's thread.
    final class Probe: Sendable {
        let seq: Int64
        let maker = ChunkPipelineTests.thread()
        let ledger: Ledger

        init(seq: Int64, ledger: Ledger) {
            self.seq = seq
            self.ledger = ledger
        }

        deinit {
            let made = maker, seq = seq
            ledger.released.withLock { $0[seq] = (made, ChunkPipelineTests.thread()) }
        }
    }

    @Test("results arrive in seq order, and those given back are released by the worker that made them")
    func orderAndGiveBack() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auditlog-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("pipeline.db").path
        try Connection(path: path, mode: .create, busyTimeoutMilliseconds: 0).execute("CREATE TABLE t(x)")

        let ledger = Ledger()
        let size: Int64 = 10_007, perChunk = 10
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, Limits.maxWorkers))
        do {
            let pipeline = ChunkPipeline(path: path, size: size, chunkEntries: perChunk) { range, _ in
                range.map { Probe(seq: $0, ledger: ledger) }
            }
            pipeline.start()
            defer { pipeline.stop() }
            var next: Int64 = 1
            for index in 0..<pipeline.count {
                let probes = try pipeline.result(index)
                #expect(probes.map(\.seq) == Array(pipeline.range(of: index)))
                #expect(probes.first?.seq == next)
                next += Int64(probes.count)
                pipeline.giveBack(consume probes, of: index)
            }
            #expect(next == size + 1)
        }
        let released = ledger.released.withLock { $0 }
        #expect(released.count == Int(size))
        // Workers release what they were given back before taking their next chunk. Those a
        // worker made but that come back after it has run out are released by the caller: at its
        // last look, at most all the chunks in flight (`workers × chunksInFlight`, done but not
        // taken) and the one the caller holds.
        let chunks = (Int(size) + perChunk - 1) / perChunk
        let elsewhere = Set(released.filter { $0.value.made != $0.value.released }.map { ($0.key - 1) / Int64(perChunk) })
        #expect(elsewhere.count <= workers * (workers * Limits.chunksInFlight + 1), "\(elsewhere.count) of \(chunks) chunks released by the caller")
    }

    /// What a piece of work threw.
    struct Refused: Error, Equatable {
        let index: Int
    }

    /// How many times each index was worked on; how many results were begun and not yet taken,
    /// now and at most.
    final class Tally: Sendable {
        let counts = Mutex<[Int: Int]>([:])
        let outstanding = Mutex<(now: Int, most: Int)>((0, 0))
    }

    @Test("work by index: every index done once, on workers, its result or its error handed out in order")
    func workByIndex() throws {
        let tally = Tally()
        let caller = Self.thread()
        let count = 1_000
        let pipeline = ChunkPipeline(count: count, inFlight: 3) { i -> (index: Int, thread: UInt) in
            tally.counts.withLock { $0[i, default: 0] += 1 }
            if i == 700 { throw Refused(index: i) }
            return (i, ChunkPipelineTests.thread())
        }
        #expect(pipeline.count == count)
        pipeline.start()
        defer { pipeline.stop() }
        for i in 0..<700 {
            let result = try pipeline.result(i)
            #expect(result.index == i && result.thread != caller)
        }
        #expect(throws: Refused(index: 700)) { try pipeline.result(700) }
        pipeline.stop()
        // Workers stop after the chunks they were on: none is done twice, and 700 was done.
        let counts = tally.counts.withLock { $0 }
        #expect(counts.values.allSatisfy { $0 == 1 } && counts[700] == 1)
    }

    @Test("work by index over no indices ends at once")
    func noWork() {
        let pipeline = ChunkPipeline(count: 0, inFlight: 1) { i -> Int in i }
        #expect(pipeline.count == 0)
        pipeline.start()
        pipeline.stop()
    }

    @Test("work by index keeps at most the given number of results begun and not taken", arguments: [1, 2, 5])
    func inFlightBound(inFlight: Int) throws {
        let tally = Tally()
        let pipeline = ChunkPipeline(count: 200, inFlight: inFlight) { i -> Int in
            tally.outstanding.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
            usleep(200)  // long enough for the workers to run ahead if they could
            return i
        }
        pipeline.start()
        defer { pipeline.stop() }
        for i in 0..<pipeline.count {
            #expect(try pipeline.result(i) == i)
            tally.outstanding.withLock { $0.now -= 1 }
            usleep(300)  // the caller writing it out
        }
        // One more may be counted: a worker can begin the next chunk as soon as a result is
        // handed out, before this thread counts that one taken.
        let most = tally.outstanding.withLock { $0.most }
        #expect(most <= inFlight + 1)
        // With the caller slower than the work, the workers did run ahead as far as allowed.
        #expect(most >= inFlight)
    }

    /// What a worker's set-up threw.
    struct NoConnection: Error, Equatable {}

    @Test("a worker that cannot set up leaves its chunks to the others; when none can, the first chunk is its error", arguments: [1, 2])
    func workersThatCannotSetUp(failing: Int) throws {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, Limits.maxWorkers))
        let attempts = Atomic<Int>(0)
        let opened = Atomic<Int>(0)
        // The first `failing` set-ups fail (as a second connection the server refuses would).
        let pipeline = ChunkPipeline(size: 1_000, chunkEntries: 7, open: { () throws -> UInt in
            guard attempts.wrappingAdd(1, ordering: .relaxed).oldValue >= failing else { throw NoConnection() }
            opened.wrappingAdd(1, ordering: .relaxed)
            return ChunkPipelineTests.thread()
        }, work: { range, thread -> [Int64] in
            #expect(thread == ChunkPipelineTests.thread())
            return Array(range)
        })
        defer { pipeline.stop() }
        guard failing < workers else {
            #expect(!pipeline.hasAWorker())
            #expect(throws: NoConnection()) { try pipeline.result(0) }
            return
        }
        #expect(pipeline.hasAWorker())
        pipeline.start()  // a second start does nothing
        var next: Int64 = 1
        for index in 0..<pipeline.count {
            let seqs = try pipeline.result(index)
            #expect(seqs.first == next)
            next += Int64(seqs.count)
        }
        #expect(next == 1_001)
        #expect(opened.load(ordering: .relaxed) == workers - failing)
    }

    @Test("every worker unable to set up: the caller is told once all have tried", arguments: [1, 3])
    func noWorkerSetsUp(chunks: Int) {
        let pipeline = ChunkPipeline(size: Int64(chunks) * 5, chunkEntries: 5, open: { () throws -> Int in throw NoConnection() },
                                     work: { range, _ -> Int in range.count })
        defer { pipeline.stop() }
        #expect(!pipeline.hasAWorker())
        #expect(!pipeline.hasAWorker())  // asked again: the same answer, without waiting
        #expect(throws: NoConnection()) { try pipeline.result(0) }
    }
}
