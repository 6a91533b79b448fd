import Dispatch
import Foundation
import LogFormat
import SQLiteDatabase
import Synchronization

/// Work split into chunks done on several threads, whose results the caller takes in order: the
/// chunks of consecutive seqs of a log (each worker with its own read-only connection), or any
/// number of independent pieces of work.
///
/// Why: reading a log is mostly decoding entries one by one, which splits cleanly; on two cores
/// it halves the wall time of `verify` and of replays. A check's requirements are judged the same
/// way, each one a chunk. Memory stays bounded: at most ``Limits/chunksInFlight`` results per
/// worker wait for the caller, or, for work by index, the number given. The workers of a log's
/// chunks see the log as committed (each its own read transaction): use those only outside a
/// write transaction, and for seqs the caller knows exist. A caller that gives each result back
/// when done with it (``giveBack(_:of:)``) has it released by the thread that allocated it.
public final class ChunkPipeline<Result: Sendable>: Sendable {
    private enum Outcome: Sendable {
        case done(Result, worker: Int)
        case failed(any Error)
    }

    private let size: Int64
    private let chunkSize: Int64
    private let chunkCount: Int
    /// What each worker thread runs once: its set-up (a log's connection), then the work of a
    /// chunk by index, on that thread.
    private let worker: @Sendable (_ range: @escaping @Sendable (Int) -> ClosedRange<Int64>) throws -> (Int) throws -> Result
    private let nextChunk = Atomic<Int>(0)
    private let started = Atomic<Bool>(false)
    private let stopped = Atomic<Bool>(false)
    /// Workers whose set-up succeeded, and those whose set-up failed.
    private let setUpWorkers = Atomic<Int>(0)
    private let failedWorkers = Atomic<Int>(0)
    /// Signalled once by each worker when its set-up has ended, either way.
    private let setUpEnded = DispatchSemaphore(value: 0)
    private let results = Mutex<[Int: Outcome]>([:])
    /// Signalled once per result stored.
    private let ready = DispatchSemaphore(value: 0)
    /// Chunks a worker may take before the caller has taken earlier ones.
    private let slots: DispatchSemaphore
    private let finished = DispatchGroup()
    private let workers: Int
    /// Results done or being done that the caller has not taken, at most.
    private let slotCount: Int
    /// Which worker made each result the caller holds (by chunk index).
    private let makers = Mutex<[Int: Int]>([:])
    /// Results handed back by the caller, by the worker that made them, to be released there.
    private let returned: Mutex<[[Result]]>

    /// A pipeline over seqs 1...`size` of the log at `path` that runs `work` on each chunk; not
    /// yet started. The store makes them (``LogReader/parallelChunks(upTo:_:)``): the workers
    /// read the event tables.
    convenience init(
        path: String, size: Int64, chunkEntries: Int = Limits.chunkEntries,
        work: @escaping @Sendable (ClosedRange<Int64>, Connection) throws -> Result
    ) {
        self.init(size: size, chunkEntries: chunkEntries, open: {
            try Connection(path: path, mode: .readOnly, busyTimeoutMilliseconds: Limits.busyTimeoutMilliseconds)
        }, work: work)
    }

    /// A pipeline over seqs 1...`size` that runs `work` on each chunk, each worker with what
    /// `open` makes on the worker's own thread (its connection to the log); not yet started. A
    /// worker that cannot open leaves its chunks to the others (``hasAWorker()``).
    convenience init<Reader>(
        size: Int64, chunkEntries: Int = Limits.chunkEntries, open: @escaping @Sendable () throws -> Reader,
        work: @escaping @Sendable (ClosedRange<Int64>, Reader) throws -> Result
    ) {
        precondition(chunkEntries > 0, "a chunk holds at least one entry")
        self.init(size: size, chunkSize: Int64(chunkEntries)) { range in
            let reader = try open()
            return { index in try work(range(index), reader) }
        }
    }

    /// A pipeline that runs `work` on each of the indices 0..<`count`, a chunk each, with at most
    /// `inFlight` results done or being done that the caller has not taken (and as many workers at
    /// most): a bound on memory when a result can be large. Not yet started.
    public convenience init(count: Int, inFlight: Int, work: @escaping @Sendable (Int) throws -> Result) {
        precondition(count >= 0, "a count of chunks is not negative")
        precondition(inFlight > 0, "a pipeline has at least one chunk in flight")
        self.init(size: Int64(count), chunkSize: 1, inFlight: inFlight) { _ in work }
    }

    private init(
        size: Int64, chunkSize: Int64, inFlight: Int? = nil,
        worker: @escaping @Sendable (_ range: @escaping @Sendable (Int) -> ClosedRange<Int64>) throws -> (Int) throws -> Result
    ) {
        self.size = max(size, 0)
        self.chunkSize = chunkSize
        self.worker = worker
        // Not (size + chunkSize - 1) / chunkSize: that could overflow for a damaged max(seq).
        chunkCount = Int(self.size / chunkSize + (self.size % chunkSize == 0 ? 0 : 1))
        let cores = max(1, min(ProcessInfo.processInfo.activeProcessorCount, Limits.maxWorkers))
        workers = min(cores, inFlight ?? cores)
        slotCount = inFlight ?? workers * Limits.chunksInFlight
        // Created at 0 and raised in start(): libdispatch traps when a semaphore is released with
        // a value below the one it was created with, which a stop midway would leave.
        slots = DispatchSemaphore(value: 0)
        returned = Mutex(Array(repeating: [], count: workers))
    }

    /// Number of chunks, in seq order.
    public var count: Int { chunkCount }

    /// The seqs of chunk `index` (of a pipeline over `count` indices: index + 1 alone).
    public func range(of index: Int) -> ClosedRange<Int64> { Self.range(of: index, size: size, chunkSize: chunkSize) }

    /// The seqs of chunk `index` of seqs 1...`size` in chunks of `chunkSize`: the same whether a
    /// worker or the caller reads it.
    static func range(of index: Int, size: Int64, chunkSize: Int64) -> ClosedRange<Int64> {
        let first = Int64(index) * chunkSize + 1
        return first...(first + min(chunkSize - 1, size - first))  // no overflow near Int64.max
    }

    /// Starts the workers, once: a second call does nothing.
    public func start() {
        guard !started.exchange(true, ordering: .relaxed) else { return }
        for _ in 0..<slotCount { slots.signal() }
        for worker in 0..<workers {
            finished.enter()
            Thread.detachNewThread { [self] in
                defer { finished.leave() }
                run(worker)
            }
        }
    }

    /// Whether at least one worker has set up (opened its connection): starts the workers if
    /// they are not yet, and waits until one has, or until every one has failed. A worker that
    /// cannot set up leaves its chunks to the others; when none can, the first chunk's outcome
    /// is the last one's error.
    func hasAWorker() -> Bool {
        start()
        while true {
            if setUpWorkers.load(ordering: .acquiring) > 0 { return true }
            if failedWorkers.load(ordering: .acquiring) == workers { return false }
            setUpEnded.wait()
        }
    }

    /// Stops the workers after the chunks they are on, and waits until every one has ended.
    public func stop() {
        stopped.store(true, ordering: .relaxed)
        for _ in 0..<workers { slots.signal() }
        finished.wait()
        // What is left (results not taken, results given back once the workers had run out) is
        // released now, on this thread, rather than whenever the last worker lets go of `self`.
        results.withLock { $0.removeAll() }
        returned.withLock { $0 = Array(repeating: [], count: workers) }
    }

    /// The result of chunk `index`, waiting until a worker has done it; take chunks in order,
    /// each once. Throws what the work on it threw.
    public func result(_ index: Int) throws -> Result {
        while true {
            let outcome = results.withLock { $0.removeValue(forKey: index) }
            switch outcome {
            case .done(let r, let worker)?:
                makers.withLock { $0[index] = worker }
                slots.signal()
                return r
            case .failed(let e)?:
                throw e
            case nil:
                ready.wait()
            }
        }
    }

    /// Gives back the result of chunk `index` once the caller is done with it, so that the
    /// worker that made it releases it. Why: memory freed by the thread that allocated it goes
    /// back to that thread's malloc arena without a lock; freed here, every allocation of a
    /// decoded chunk would contend for the worker's arena.
    public func giveBack(_ result: consuming Result, of index: Int) {
        guard let worker = makers.withLock({ $0.removeValue(forKey: index) }) else { return }
        let given = consume result
        returned.withLock { $0[worker].append(given) }
    }

    private func run(_ worker: Int) {
        let work: (Int) throws -> Result
        do {
            let (size, chunkSize) = (self.size, self.chunkSize)
            work = try self.worker { Self.range(of: $0, size: size, chunkSize: chunkSize) }
        } catch {
            // The other workers take this one's chunks (a second connection refused, say). When
            // none could set up, no chunk was taken: the error is the outcome of the first one,
            // so that the caller sees it.
            let failed = failedWorkers.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue
            setUpEnded.signal()
            guard failed == workers else { return }
            let index = nextChunk.wrappingAdd(1, ordering: .relaxed).oldValue
            if index < chunkCount { store(index, .failed(error)) }
            return
        }
        setUpWorkers.wrappingAdd(1, ordering: .acquiringAndReleasing)
        setUpEnded.signal()
        while !stopped.load(ordering: .relaxed) {
            // Released here, on the thread that allocated them.
            var old = returned.withLock { lists in
                var taken: [Result] = []
                swap(&taken, &lists[worker])
                return taken
            }
            old.removeAll()
            slots.wait()
            if stopped.load(ordering: .relaxed) { return }
            let index = nextChunk.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < chunkCount else { return }
            do {
                store(index, .done(try work(index), worker: worker))
            } catch {
                store(index, .failed(error))
            }
        }
    }

    private func store(_ index: Int, _ outcome: Outcome) {
        results.withLock { $0[index] = outcome }
        ready.signal()
    }
}
