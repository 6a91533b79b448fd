/// A stored event: its position and the exact canonical bytes that are hashed, with the
/// envelope fields read back from those bytes.
public struct Entry: Sendable {
    /// 1-based position in the log.
    public let seq: Int64
    /// The canonical entry bytes, exactly as stored and hashed.
    public let bytes: [UInt8]
    /// The decoded entry.
    public let value: [String: JSONValue]

    /// Envelope version written by this release.
    public static let envelopeVersion: Int64 = 1

    /// Decodes stored bytes strictly (no normalisation: stored text must already be NFC).
    public init(seq: Int64, bytes: [UInt8]) throws(JSONParseError) {
        guard case .object(let fields) = try JSONParser.parse(bytes, normalize: false) else {
            throw JSONParseError(path: "", message: "entry is not a JSON object")
        }
        self.seq = seq
        self.bytes = bytes
        self.value = fields
    }

    /// The envelope as stored for an appended line.
    public static func envelope(
        seq: Int64, eventID: String, line: AppendLine, subject: String, subjectVersion: Int64, recordedAt: Instant
    ) -> JSONValue {
        var fields: [String: JSONValue] = [
            "v": .integer(envelopeVersion),
            "seq": .integer(seq),
            "event_id": .string(eventID),
            "type": .string(line.type),
            "subject": .string(subject),
            "subject_version": .integer(subjectVersion),
            "occurred_at": .string(line.occurredAt.text),
            "recorded_at": .string(recordedAt.description),
            "actor": .string(line.actor),
            "payload": .object(line.payload),
        ]
        if let meta = line.meta { fields["meta"] = .object(meta) }
        if let author = line.author { fields["author"] = author.json }
        return .object(fields)
    }

    /// `event_id` of the entry ("" when missing).
    public var eventID: String { value["event_id"]?.stringValue ?? "" }
    /// `type` of the entry.
    public var type: String { value["type"]?.stringValue ?? "" }
    /// `subject` of the entry.
    public var subject: String { value["subject"]?.stringValue ?? "" }
    /// `occurred_at` of the entry.
    public var occurredAt: String { value["occurred_at"]?.stringValue ?? "" }
    /// `recorded_at` of the entry.
    public var recordedAt: String { value["recorded_at"]?.stringValue ?? "" }
    /// `actor` of the entry.
    public var actor: String { value["actor"]?.stringValue ?? "" }
    /// The author's signature, when the entry is signed and its `author` reads as one.
    public var author: AuthorSignature? { value["author"].flatMap { try? AuthorSignature($0, line: nil) } }
    /// `subject_version` of the entry.
    public var subjectVersion: Int64 { value["subject_version"]?.integerValue ?? 0 }
}
