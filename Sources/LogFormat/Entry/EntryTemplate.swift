/// The canonical bytes of an appended entry, encoded before its seq, event id and subject
/// version are known: exactly ``CanonicalEncoder/encode(_:)`` of
/// ``Entry/envelope(seq:eventID:line:subject:subjectVersion:recordedAt:)`` once
/// ``bytes(seq:eventID:subjectVersion:)`` fills those three in.
///
/// Why: an append assigns seqs, ids and versions one line at a time on the thread that writes
/// to the database, but everything else in the entry (the payload above all) can be encoded on
/// the thread that reads and checks the input, ahead of it; the writing thread then only
/// splices. In the canonical form the envelope's keys stand in byte order (`actor`, `author`,
/// `event_id`, `meta`, `occurred_at`, `payload`, `recorded_at`, `seq`, `subject`,
/// `subject_version`, `type`, `v`), so the three open values fall between fixed runs of bytes.
public struct EntryTemplate: Sendable {
    /// The fixed runs, one after another: up to `"event_id":`, up to `"seq":`, up to
    /// `"subject_version":`, and the rest.
    private let fixed: [UInt8]
    /// Where the second, third and fourth runs begin in `fixed`.
    private let eventIDEnd: Int
    private let seqEnd: Int
    private let versionEnd: Int

    /// The template of the entry `line` becomes with `subject`, recorded at `recordedAt` (its
    /// RFC 3339 text, as ``Instant/description`` writes it).
    public init(line: AppendLine, subject: String, recordedAt: String) {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        func key(_ name: StaticString, first: Bool = false) {
            if !first { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            name.withUTF8Buffer { out.append(contentsOf: $0) }
            out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }
        out.append(UInt8(ascii: "{"))
        key("actor", first: true)
        CanonicalEncoder.writeString(line.actor, into: &out)
        if let author = line.author {
            key("author")
            CanonicalEncoder.write(author.json, into: &out)
        }
        key("event_id")
        eventIDEnd = out.count
        if let meta = line.meta {
            key("meta")
            CanonicalEncoder.write(.object(meta), into: &out)
        }
        key("occurred_at")
        CanonicalEncoder.writeString(line.occurredAt.text, into: &out)
        key("payload")
        CanonicalEncoder.write(.object(line.payload), into: &out)
        key("recorded_at")
        CanonicalEncoder.writeString(recordedAt, into: &out)
        key("seq")
        seqEnd = out.count
        key("subject")
        CanonicalEncoder.writeString(subject, into: &out)
        key("subject_version")
        versionEnd = out.count
        key("type")
        CanonicalEncoder.writeString(line.type, into: &out)
        key("v")
        CanonicalEncoder.writeInteger(Entry.envelopeVersion, into: &out)
        out.append(UInt8(ascii: "}"))
        fixed = out
    }

    /// The entry's canonical bytes with `seq`, `eventID` and `subjectVersion`.
    public func bytes(seq: Int64, eventID: String, subjectVersion: Int64) -> [UInt8] {
        var out: [UInt8] = []
        // The id (a UUID: 36 bytes and its quotes) and two integers of at most 16 digits.
        out.reserveCapacity(fixed.count + eventID.utf8.count + 2 + 2 * 17)
        fixed.withUnsafeBufferPointer { runs in
            out.append(contentsOf: UnsafeBufferPointer(rebasing: runs[..<eventIDEnd]))
            CanonicalEncoder.writeString(eventID, into: &out)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: runs[eventIDEnd..<seqEnd]))
            CanonicalEncoder.writeInteger(seq, into: &out)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: runs[seqEnd..<versionEnd]))
            CanonicalEncoder.writeInteger(subjectVersion, into: &out)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: runs[versionEnd...]))
        }
        return out
    }
}
