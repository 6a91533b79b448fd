import EventLog
import LogFormat

/// Rebuilds projection records by replaying the log: the state as of business date T (events
/// whose occurred_at begins on or before T) with the knowledge at instant K (events recorded by
/// K, with the corrections and retractions recorded by K applied). Streams the log twice (the
/// corrections first, then every event); memory holds only the records.
public enum ProjectionReplay {
    /// The records of `log` (in a transaction the caller holds) up to `size`. With `parallel`
    /// (every event up to `size` is committed) the entries are decoded on worker threads.
    public static func records(
        _ log: any LogReader, size: Int64, zoneOffsetSeconds: Int, asOf: CivilDate? = nil, knownAt: Instant? = nil,
        parallel: Bool = false, progress: (Int64) -> Void = { _ in }
    ) throws -> MemoryRecordStore {
        try replay(log, size: size, zoneOffsetSeconds: zoneOffsetSeconds, asOf: asOf, knownAt: knownAt, parallel: parallel,
                   progress: progress).records
    }

    /// The records, and the latest business date among the events applied.
    static func replay(
        _ log: any LogReader, size: Int64, zoneOffsetSeconds: Int, asOf: CivilDate?, knownAt: Instant?, parallel: Bool,
        committed: Int64? = nil, progress: (Int64) -> Void
    ) throws -> (records: MemoryRecordStore, maxDay: CivilDate?) {
        var store = MemoryRecordStore()
        var maxDay: CivilDate?
        try forEachEvent(log, size: size, zoneOffsetSeconds: zoneOffsetSeconds, asOf: asOf, knownAt: knownAt,
                         corrections: try corrections(log, size: size, knownAt: knownAt), parallel: parallel,
                         committed: committed, projectedOnly: true, progress: progress) { event in
            try Projector.apply(event, to: &store)
            if maxDay.map({ $0 < event.day }) ?? true { maxDay = event.day }
        }
        return (store, maxDay)
    }

    /// The corrections and retractions among the first `size` events of `log` that were
    /// recorded by `knownAt` (all, when nil).
    public static func corrections(_ log: any LogReader, size: Int64, knownAt: Instant?) throws -> Corrections {
        let limit = knownAt?.description
        var corrections = Corrections()
        try log.forEachEntry(upTo: size, types: Corrections.types) { seq, bytes in
            let e = LoggedEvent(try Entry(seq: seq, bytes: Array(bytes)))
            if limit.map({ e.recordedAt <= $0 }) ?? true { corrections.add(e) }
        }
        return corrections
    }

    /// Calls `body` with each event of the effective view at `knownAt` among the first `size`
    /// events (`corrections` applied, corrections and retractions themselves left out), in seq
    /// order, as the projections read it; with `asOf`, only events whose business date begins
    /// by then. With `parallel` the entries are decoded on worker threads, a chunk ahead of
    /// `body`: those up to `committed` (default `size`), which the workers see as committed; any
    /// after it (an append's own, not yet committed) on this thread. With `types`, only events
    /// of those types (read through the type index, on this thread); with `filter`, only the
    /// events it admits, and events with corrections. With `projectedOnly`, payloads may hold
    /// only what their projection rules read (``EventPayload/init(projecting:)``).
    public static func forEachEvent(
        _ log: any LogReader, size: Int64, zoneOffsetSeconds: Int, asOf: CivilDate? = nil, knownAt: Instant?, corrections: Corrections,
        types: [String]? = nil, filter: EventFilter? = nil, parallel: Bool, committed: Int64? = nil,
        projectedOnly: Bool = false, progress: (Int64) -> Void = { _ in }, _ body: (ProjectedEvent) throws -> Void
    ) throws {
        let reading = Reading(corrections: corrections, limit: knownAt.map { Limit(instant: $0, text: $0.description) }, asOf: asOf,
                              zone: zoneOffsetSeconds, projectedOnly: projectedOnly)
        if let types {
            try log.forEachEntry(upTo: size, types: types) { seq, bytes in
                if let e = try projected(seq, bytes, reading) { try body(e) }
            }
            return
        }
        let shared = parallel ? min(committed ?? size, size) : 0
        if shared > 0, let pipeline = try log.parallelChunks(upTo: shared, { range, worker in
            var events: [ProjectedEvent] = []
            // One allocation per chunk, not a dozen as it grows (the large ones make malloc
            // consolidate its free lists).
            events.reserveCapacity(range.count)
            try worker.forEachEntry(in: range, types: nil) { seq, bytes in
                if let e = try projected(seq, bytes, reading, filter) { events.append(e) }
            }
            return events
        }) {
            pipeline.start()
            defer { pipeline.stop() }
            for index in 0..<pipeline.count {
                let events = try pipeline.result(index)
                // Through the buffer: each event is lent to `body`, not copied out (a copy retains its parts).
                try events.withUnsafeBufferPointer { buffer in for i in buffer.indices { try body(buffer[i]) } }
                pipeline.giveBack(consume events, of: index)  // moved: the worker drops the last reference
                progress(pipeline.range(of: index).upperBound)
            }
            guard shared < size else { return }
            try log.forEachEntry(in: (shared + 1)...size, types: nil) { seq, bytes in
                if let e = try projected(seq, bytes, reading, filter) { try body(e) }
            }
        } else {
            try log.forEachEntry(upTo: size) { seq, bytes in
                if seq % Int64(Limits.progressInterval) == 0 { progress(seq) }
                if let e = try projected(seq, bytes, reading, filter) { try body(e) }
            }
        }
    }

    /// The knowledge instant of a replay, and its text (recorded_at is stored in one fixed
    /// format, so text order is time order).
    private struct Limit: Sendable {
        let instant: Instant
        let text: String
    }

    /// What one replay reads each entry with: the view (`corrections`, `limit`, `asOf`), the
    /// log's zone, and whether payloads need only their projected members. A class: the
    /// closures of each entry's reading capture it, and a struct of these would be copied
    /// (a retain of each part) per entry.
    private final class Reading: Sendable {
        let corrections: Corrections
        let limit: Limit?
        let asOf: CivilDate?
        let zone: Int
        let projectedOnly: Bool

        init(corrections: Corrections, limit: Limit?, asOf: CivilDate?, zone: Int, projectedOnly: Bool) {
            self.corrections = corrections
            self.limit = limit
            self.asOf = asOf
            self.zone = zone
            self.projectedOnly = projectedOnly
        }
    }

    /// The event stored as `bytes` at `seq` as the projections see it in the view of
    /// `reading`, or nil when it does not count there.
    private static func projected(
        _ seq: Int64, _ bytes: UnsafeRawBufferPointer, _ reading: Reading, _ admit: EventFilter? = nil
    ) throws(EventLogError) -> ProjectedEvent? {
        switch direct(seq, bytes, reading, admit) {
        case .event(let e): return e
        case .skipped: return nil
        case .parse: break
        }
        let corrections = reading.corrections
        // An event with corrections is always read: they may make it one the filter wants.
        let parsed = LoggedEvent.read(seq: seq, bytes: bytes, admit: admit.map { filter in
            { type, id, payload in corrections.touches(id) || filter.admits(type: type, payload: payload) }
        })
        let logged: LoggedEvent
        switch parsed {
        case .event(let e): logged = e
        case .skipped: return nil
        case .invalid: throw .io("seq \(seq): stored entry is damaged (not a canonical entry); run `auditlog verify`")
        }
        guard logged.target == nil, reading.limit.map({ logged.recordedAt <= $0.text }) ?? true,
            let effective = corrections.apply(to: logged), let event = ProjectedEvent(effective, zoneOffsetSeconds: reading.zone),
            reading.asOf.map({ event.day <= $0 }) ?? true
        else { return nil }
        return event
    }

    /// What ``direct`` made of an entry.
    private enum DirectReading {
        case event(ProjectedEvent)
        case skipped
        /// Read it through a parsed ``LoggedEvent`` (a correction, an event with corrections, or
        /// bytes that do not read directly).
        case parse
    }

    /// The event in stored entry `bytes` as ``projected`` sees it, with the payload read straight
    /// into its type (no dictionary of its members): the path of every event that has no
    /// corrections, which is nearly every event.
    private static func direct(_ seq: Int64, _ bytes: UnsafeRawBufferPointer, _ reading: Reading, _ admit: EventFilter?) -> DirectReading {
        let entryBytes = bytes.assumingMemoryBound(to: UInt8.self)
        if let envelope = StoredEnvelope(entryBytes), let read = direct(seq, entryBytes, envelope, reading, admit) { return read }
        // The envelope's members delimited, not checked (verify's job): a replay reads six of
        // them. The payload's members are delimited in the same pass.
        return ObjectMembers.read(entryBytes, nesting: "payload") { entry, members in
            guard let entry else { return .parse }
            return direct(seq, entry, members, reading, admit)
        }
    }

    /// ``direct`` over an envelope found at its places (``StoredEnvelope``), the payload delimited
    /// alone; nil when the entry is to be read by delimiting it whole (a payload of too many
    /// members, or what follows the payload not as expected). The same reading as the other
    /// ``direct(_:_:_:_:_:)``, member for member.
    private static func direct(
        _ seq: Int64, _ e: UnsafeBufferPointer<UInt8>, _ envelope: StoredEnvelope, _ reading: Reading, _ admit: EventFilter?
    ) -> DirectReading? {
        let raw = UnsafeRawBufferPointer(e)
        guard let kind = EventCatalogue.kind(utf8: UnsafeRawBufferPointer(rebasing: raw[envelope.type])),
            let id = PackedEventID(canonicalUTF8: UnsafeRawBufferPointer(rebasing: raw[envelope.eventID]))
        else { return nil }
        guard kind != EventCorrected.self, kind != EventRetracted.self, !reading.corrections.touches(id) else { return .parse }
        return ObjectMembers.read(e, objectAt: envelope.payloadStart) { members, end -> DirectReading? in
            // recorded_at is the member after the payload.
            var at = end
            guard let members, StoredEnvelope.expect(e, &at, ",\"recorded_at\":\"") else { return nil }
            if let admit, !admit.admits(type: kind.type, payload: members) { return .skipped }
            guard e.count - at > 24, e[at + 24] == UInt8(ascii: "\""),
                let recorded = Instant(canonicalUTF8: UnsafeRawBufferPointer(rebasing: raw[at..<(at + 24)]))
            else { return nil }
            let occurredAt = String(decoding: UnsafeRawBufferPointer(rebasing: raw[envelope.occurredAt]), as: UTF8.self)
            guard case .success(let occurred) = OccurredAt.parse(occurredAt) else { return .parse }
            if let limit = reading.limit, recorded > limit.instant { return .skipped }
            let day = CivilDate(firstDayOf: occurred, zoneOffsetSeconds: reading.zone)
            if let asOf = reading.asOf, day > asOf { return .skipped }
            guard let value = EventCatalogue.decode(type: kind, members: members, projectedOnly: reading.projectedOnly) else { return .parse }
            let actor = String(decoding: UnsafeRawBufferPointer(rebasing: raw[envelope.actor]), as: UTF8.self)
            return .event(ProjectedEvent(seq: seq, id: id, type: kind.type, occurredAt: occurredAt, recorded: .instant(recorded),
                                         actor: actor, payload: value, day: day))
        }
    }

    /// ``direct`` over the envelope's members and (when they were delimited with it) the payload's.
    private static func direct(
        _ seq: Int64, _ entry: ObjectMembers, _ members: ObjectMembers?, _ reading: Reading, _ admit: EventFilter?
    ) -> DirectReading {
        // The id and recorded_at read straight into their packed forms; any other form of them
        // (a damaged entry) goes to the parser.
        func plain(_ key: String) -> UnsafeRawBufferPointer? { entry.range(of: key).flatMap(entry.plainBytes(at:)) }
        guard let range = entry.range(of: "payload"), let kind = plain("type").flatMap(EventCatalogue.kind(utf8:)),
            let id = plain("event_id").flatMap(PackedEventID.init(canonicalUTF8:))
        else { return .parse }
        guard kind != EventCorrected.self, kind != EventRetracted.self, !reading.corrections.touches(id) else { return .parse }
        let payload = entry.bytes(in: range)
        if let admit, !(members.map { admit.admits(type: kind.type, payload: $0) }
            ?? admit.admits(type: kind.type, payload: UnsafeRawBufferPointer(payload))) { return .skipped }
        guard let recorded = plain("recorded_at").flatMap(Instant.init(canonicalUTF8:)), let occurredAt = entry.text("occurred_at"),
            let actor = entry.text("actor"),
            case .success(let occurred) = OccurredAt.parse(occurredAt)
        else { return .parse }
        if let limit = reading.limit, recorded > limit.instant { return .skipped }
        let day = CivilDate(firstDayOf: occurred, zoneOffsetSeconds: reading.zone)
        if let asOf = reading.asOf, day > asOf { return .skipped }
        let value = if let members { EventCatalogue.decode(type: kind, members: members, projectedOnly: reading.projectedOnly) }
            else { EventCatalogue.decode(type: kind, stored: payload, projectedOnly: reading.projectedOnly) }
        guard let value else { return .parse }
        // The catalogue's own type name: the event then holds no copy of it.
        return .event(ProjectedEvent(seq: seq, id: id, type: kind.type, occurredAt: occurredAt, recorded: .instant(recorded),
                                     actor: actor, payload: value, day: day))
    }

    /// Drops and rebuilds the projection tables of `session` (inside a write transaction the
    /// caller holds) from its log, up to `size`. The events up to `committed` (default `size`)
    /// are decoded on worker threads, which see only what is committed; an append passes the
    /// log's size before it, and its own events are read on this thread.
    public static func rebuildTables(
        _ session: LogSession, size: Int64, zoneOffsetSeconds: Int, committed: Int64? = nil, progress: (Int64) -> Void = { _ in }
    ) throws {
        let tables = try ProjectionTables(session.tables)
        try tables.clear()
        let (records, maxDay) = try replay(session.log, size: size, zoneOffsetSeconds: zoneOffsetSeconds, asOf: nil, knownAt: nil,
                                           parallel: true, committed: committed, progress: progress)
        try tables.write(records, maxDay: maxDay)
        try tables.flush(seq: size)
    }
}
