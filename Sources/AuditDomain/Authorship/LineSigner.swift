import EventLog
import LogFormat

/// Signs input lines offline, for `auditlog sign` (docs/authorship.md, "Signing a line"): each
/// line is put into the form the log will store (NFC, the catalogue's canonical payload, the
/// derived subject) by the same policy `append` uses, then signed with the author's key.
public enum LineSigner {
    /// Hands `each` the lines of `input`, each signed with `key` under `policy`, as canonical
    /// JSON, in input order; throws at the first line that cannot be signed (the caller keeps
    /// what it was handed until the end, so that nothing is written for a refused input).
    public static func sign(_ input: InputSource, key: SignerKey, policy: any EntryPolicy, each: ([UInt8]) throws -> Void) throws(LogFormatError) {
        var count = 0
        do {
            try input.forEach { lineNumber, parsed in
                let value: JSONValue
                switch parsed {
                case .success(let v): value = v
                case .failure(let e): throw LogFormatError.invalidInput(line: lineNumber, field: e.path, message: e.message)
                }
                try each(try signed(value, lineNumber: lineNumber, key: key, policy: policy))
                count += 1
            }
        } catch let error as LogFormatError {
            throw error
        } catch {
            throw .io("\(error)")
        }
        guard count > 0 else { throw .invalidInput(line: nil, field: "", message: "the input holds no events") }
    }

    /// One line signed: its members as the log will store them, and `author`.
    static func signed(_ value: JSONValue, lineNumber: Int, key: SignerKey, policy: any EntryPolicy) throws(LogFormatError) -> [UInt8] {
        guard case .object(let given) = value, given["author"] == nil else {
            throw .invalidInput(line: lineNumber, field: "author", message: "the line is already signed")
        }
        var line = try AppendLine(value, line: lineNumber)
        guard let eventID = line.eventID else {
            throw .invalidInput(line: lineNumber, field: "event_id", message: "required to sign: the signature binds the event's id")
        }
        try policy.check(&line, lineNumber: lineNumber)
        guard let subject = line.subject else { throw .invalidInput(line: lineNumber, field: "subject", message: "required") }
        let author = try AuthorSignature.sign(line.signedBytes(eventID: eventID, subject: subject), with: key)
        var fields: [String: JSONValue] = [
            "type": .string(line.type), "occurred_at": .string(line.occurredAt.text), "actor": .string(line.actor),
            "subject": .string(subject), "payload": .object(line.payload), "event_id": .string(eventID), "author": author.json,
        ]
        if let meta = line.meta { fields["meta"] = .object(meta) }
        if let expected = line.expectedVersion { fields["expected_version"] = .integer(expected) }
        return CanonicalEncoder.encode(.object(fields))
    }
}
