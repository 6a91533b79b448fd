// The properties the fuzzer checks on every input. A violated property is a trap (`require`,
// below), which libFuzzer reports as a crash and saves the input for.
import LogFormat

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `precondition` that also says which property failed: in -O builds `precondition` traps
/// without printing its message, and the fuzzer is built -O.
@inline(__always)
func require(_ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) {
    if !condition { failed(message(), file: file, line: line) }
}

/// `preconditionFailure` that prints its message in -O builds too (fatalError does).
@inline(never)
func failed(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError("fuzz property violated: \(message)", file: file, line: line)
}

/// Runs every parser, encoder and decoder of the append path on one input and checks that they
/// agree with each other.
public enum FuzzChecks {
    /// The fixed `recorded_at` of the entries built from fuzzed lines (2026-01-15T03:00:00.000Z).
    static let recordedAt = Instant(millisecondsSinceEpoch: 1_768_446_000_000)
    /// The `event_id` given to lines that carry none.
    static let generatedID = "019bbf98-7b80-708b-a272-95fc2ed1cab8"

    /// Checks one input; traps (precondition) when a property does not hold.
    public static func check(_ input: UnsafeBufferPointer<UInt8>) {
        // 1. The append parser on the raw bytes, with normalisation (append) and without (verify).
        let normalized = Result { () throws(JSONParseError) -> JSONValue in try JSONParser.parse(input, normalize: true) }
        let strict = Result { () throws(JSONParseError) -> JSONValue in try JSONParser.parse(input, normalize: false) }
        switch (normalized, strict) {
        case (.success(let a), .success(let b)):
            require(a == b, "parse(normalize: true) and parse(normalize: false) disagree on NFC input")
        case (.failure, .success):
            failed("parse(normalize: false) accepted what parse(normalize: true) refused")
        case (.success, .failure(let e)):
            require(e.message == "text is not in Unicode NFC",
                         "parse(normalize: false) refused normalisable input for another reason: \(e)")
        case (.failure(let a), .failure(let b)):
            _ = (a, b)
        }

        // 2. A parsed value: its canonical encoding, and what the store would make of it.
        if case .success(let value) = normalized {
            checkValue(value)
        }

        // 3. The verifier's one-pass scanner on the raw bytes: it accepts exactly the canonical
        //    encoding of an object (the property CanonicalScanner's documentation states).
        let scanned = CanonicalScanner.scan(UnsafeRawBufferPointer(input))
        var isCanonicalObject = false
        if case .success(let value) = strict, case .object = value {
            isCanonicalObject = CanonicalEncoder.encode(value).elementsEqual(input)
        }
        switch scanned {
        case .success(let envelope):
            require(isCanonicalObject, "CanonicalScanner accepted bytes that are not the canonical form of an object")
            if case .success(let value) = strict { checkEnvelope(envelope, of: value) }
        case .failure(let e):
            require(!isCanonicalObject, "CanonicalScanner refused a canonical object: \(e)")
        }

        // 4. The entry decoder (what `log`, `prove` and duplicate detection read stored bytes with).
        let decoded = Result { () throws(JSONParseError) -> Entry in try Entry(seq: 1, bytes: Array(input)) }
        switch (decoded, strict) {
        case (.success(let entry), .success(let value)):
            require(JSONValue.object(entry.value) == value, "Entry decoded other fields than the parser")
        case (.success, .failure):
            failed("Entry decoded bytes the strict parser refuses")
        case (.failure, .success(let value)):
            if case .object = value { failed("Entry refused an object the strict parser accepts") }
        case (.failure, .failure):
            break
        }

        // 5. JSON array input, element by element, against the whole-value parse; and a line
        //    that parses alone must parse the same as the only element of an array input.
        let elements = arrayElements(input)
        checkArrayElements(elements, input: input, whole: normalized)
        if case .success(let value) = normalized { checkAsArrayElement(input, value: value) }

        // 6. The real append reader (NDJSON lines or one array, through ChunkReader) against a
        //    reference split of the same bytes, read plainly and read ahead on a second thread.
        //    ChunkReader reads into a 1 MiB buffer, which under AddressSanitizer is an mmap (it
        //    was also zeroed, 256 page faults, when this sampling was set): done on every input it
        //    cut the fuzzer from ~10,000 to ~800 inputs/s. So it runs on one input in eight,
        //    picked by a hash of the bytes (deterministic, so a crash replays).
        if fnv1a(input) % inputSourceSampling == 0 { checkInputSource(input, arrayElements: elements) }

        // 7. NFC helpers on the input taken as text.
        checkNormalization(input)

        // 8. The replays' in-place reader of stored objects (a tampered file hands it any bytes):
        //    where it delimits an object the strict parser accepts, it reads every member as
        //    the parser does, at every depth it delimits.
        if case .success(.object(let object)) = strict {
            ObjectMembers.read(input) { members in
                if let members { checkMembers(members, of: object) }
            }
            // Also with the member `payload` delimited in the same pass, as a replay reads entries.
            ObjectMembers.read(input, nesting: "payload") { members, payload in
                if let members { checkMembers(members, of: object) }
                if let payload {
                    guard case .object(let inner)? = object["payload"] else {
                        return require(false, "ObjectMembers delimited a payload that is not an object")
                    }
                    checkMembers(payload, of: inner)
                }
            }
        }
        //    On any bytes, JSON or not, delimiting `payload` in the same pass finds the outer
        //    members exactly where the plain read finds them (or both refuse).
        ObjectMembers.read(input) { plain in
            ObjectMembers.read(input, nesting: "payload") { members, _ in
                require((plain == nil) == (members == nil), "ObjectMembers with nesting refused otherwise than without")
                guard let plain, let members else { return }
                for key in ["payload", "type", "a", "b"] {
                    require(plain.range(of: key) == members.range(of: key), "ObjectMembers with nesting placed member \(key) elsewhere")
                }
            }
        }

        // 9. The replays' packed forms of an event id and a recorded_at, read straight from
        //    bytes: packed exactly when the text is canonical, and giving the text back.
        let raw = UnsafeRawBufferPointer(input)
        let id = PackedEventID(canonicalUTF8: raw)
        require((id != nil) == EventID.isCanonical(utf8: raw), "PackedEventID and EventID.isCanonical disagree")
        if let id { require(id.description.utf8.elementsEqual(raw), "a packed event id gave back another text") }
        if let instant = Instant(canonicalUTF8: raw) {
            require(instant.description.utf8.elementsEqual(raw), "a canonical recorded_at gave back another text")
        }
    }

    static func checkMembers(_ members: ObjectMembers, of object: [String: JSONValue]) {
        for (key, value) in object {
            let range = members.range(of: key)
            require(range.flatMap { members.value(at: $0) } == value, "ObjectMembers read member \(key) otherwise than the parser")
            if case .object(let inner) = value, let range {
                members.withObject(at: range) { nested in
                    if let nested { checkMembers(nested, of: inner) }
                }
            }
        }
    }

    /// One input in `inputSourceSampling` also goes through InputSource (see `check`).
    static let inputSourceSampling: UInt64 = 8

    static func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    /// Canonical encoding round trip, scanner agreement, and the entry the store would write.
    static func checkValue(_ value: JSONValue) {
        let encoded = CanonicalEncoder.encode(value)
        switch Result(catching: { () throws(JSONParseError) -> JSONValue in try JSONParser.parse(encoded, normalize: false) }) {
        case .success(let again):
            require(again == value, "re-parsing the canonical encoding gave another value")
        case .failure(let e):
            failed("the canonical encoding does not re-parse strictly: \(e)")
        }
        require(CanonicalEncoder.encode(value) == encoded, "encoding is not deterministic")
        let isObject: Bool
        if case .object = value { isObject = true } else { isObject = false }
        switch CanonicalScanner.scan(encoded) {
        case .success(let envelope):
            require(isObject, "CanonicalScanner accepted a canonical non-object")
            checkEnvelope(envelope, of: value)
        case .failure(let e):
            require(!isObject, "CanonicalScanner refused the canonical encoding of an object: \(e)")
        }

        // The append line and the stored entry built from it.
        let line: AppendLine
        do throws(LogFormatError) {
            line = try AppendLine(value, line: 1)
        } catch {
            guard case .invalidInput(let lineNumber, _, _) = error else {
                failed("AppendLine threw something other than invalidInput: \(error)")
            }
            require(lineNumber == 1, "AppendLine reported the wrong line")
            return
        }
        require(AppendLine.isDottedType(line.type), "AppendLine accepted a type that is not dotted")
        if case .failure = OccurredAt.parse(line.occurredAt.text) {
            failed("the accepted occurred_at does not parse again")
        }
        if let id = line.eventID { require(EventID.isCanonical(id), "event_id kept in a non-canonical form") }
        guard let subject = line.subject else { return }  // the generic policy refuses it
        let envelope = Entry.envelope(
            seq: 1, eventID: line.eventID ?? generatedID, line: line, subject: subject, subjectVersion: 1,
            recordedAt: recordedAt)
        let bytes = CanonicalEncoder.encode(envelope)
        switch CanonicalScanner.scan(bytes) {
        case .success(let scanned):
            checkEnvelope(scanned, of: envelope)
            require(scanned.unknownKey == nil && scanned.wrongKind == nil && scanned.v == 1 && scanned.seq == 1
                && scanned.subjectVersion == 1 && scanned.payloadIsObject && scanned.metaIsObject != false,
                "the stored entry's envelope would fail verify")
            if let recorded = scanned.recordedAt {
                require(Instant(rfc3339: recorded)?.description == recorded, "recorded_at does not round-trip")
            }
        case .failure(let e):
            failed("verify would refuse the entry built from an accepted line: \(e)")
        }
        do throws(JSONParseError) {
            let entry = try Entry(seq: 1, bytes: bytes)
            require(JSONValue.object(entry.value) == envelope, "the stored entry decodes to other fields")
            require(line.contentMatches(entry.value), "a retry of the same line would be a conflict, not a duplicate")
        } catch {
            failed("the stored entry does not decode: \(error)")
        }
    }

    /// The envelope the scanner read must be the value's own top-level fields.
    static func checkEnvelope(_ e: CanonicalScanner.Envelope, of value: JSONValue) {
        guard case .object(let fields) = value else {
            failed("an envelope was scanned from a non-object")
        }
        var wrongKind = false
        func integer(_ key: String) -> Int64? {
            guard let v = fields[key] else { return nil }
            guard case .integer(let n) = v else { wrongKind = true; return nil }
            return n
        }
        func string(_ key: String) -> String? {
            guard let v = fields[key] else { return nil }
            guard case .string(let s) = v else { wrongKind = true; return nil }
            return s
        }
        require(e.v == integer("v") && e.seq == integer("seq") && e.subjectVersion == integer("subject_version"),
                     "scanned integer envelope fields differ")
        require(e.eventID == string("event_id") && e.type == string("type") && e.subject == string("subject")
            && e.occurredAt == string("occurred_at") && e.recordedAt == string("recorded_at")
            && e.actor == string("actor"), "scanned string envelope fields differ (escape decoding?)")
        require((e.wrongKind != nil) == wrongKind, "scanner's wrongKind differs")
        if case .object = fields["payload"] {
            require(e.payloadIsObject, "scanner missed an object payload")
        } else {
            require(!e.payloadIsObject, "scanner saw an object payload that is not one")
        }
        if let meta = fields["meta"] {
            var isObject = false
            if case .object = meta { isObject = true }
            require(e.metaIsObject == isObject, "scanner's metaIsObject differs")
        } else {
            require(e.metaIsObject == nil, "scanner saw a meta that is absent")
        }
        let known: Set<String> = [
            "v", "seq", "subject_version", "event_id", "type", "subject", "occurred_at", "recorded_at", "actor",
            "payload", "meta",
        ]
        require(e.unknownKey == fields.keys.sorted().first(where: { !known.contains($0) }), "scanner's unknownKey differs")
    }

    typealias Element = (line: Int, value: Result<JSONValue, JSONParseError>)

    static func arrayElements(_ input: UnsafeBufferPointer<UInt8>) -> [Element] {
        var out: [Element] = []
        do {
            try JSONParser.forEachArrayElement(input, normalize: true) { element, line, _ in out.append((line, element)) }
        } catch {
            failed("forEachArrayElement threw although its body never does: \(error)")
        }
        return out
    }

    static func firstNonBlank(_ input: UnsafeBufferPointer<UInt8>) -> UInt8? {
        input.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
    }

    static func checkArrayElements(
        _ elements: [Element], input: UnsafeBufferPointer<UInt8>, whole: Result<JSONValue, JSONParseError>
    ) {
        var lastLine = 0
        for (i, element) in elements.enumerated() {
            require(element.line >= lastLine, "array element lines go backwards")
            lastLine = element.line
            if case .failure = element.value {
                require(i == elements.count - 1, "forEachArrayElement went on after a failure")
            }
        }
        let sawFailure = elements.contains { if case .failure = $0.value { true } else { false } }
        guard firstNonBlank(input) == UInt8(ascii: "[") else {
            require(elements.count == 1 && sawFailure, "a non-array input did not give exactly one failure")
            return
        }
        switch whole {
        case .success(.array(let items)):
            require(!sawFailure, "forEachArrayElement refused an array the whole-value parser accepts")
            require(elements.count == items.count, "forEachArrayElement gave another number of elements")
            for (element, item) in zip(elements, items) {
                guard case .success(let v) = element.value, v == item else {
                    failed("forEachArrayElement gave another element value")
                }
            }
        case .success:
            failed("the whole-value parser read a non-array from input starting with '['")
        case .failure(let e):
            // The one allowed difference: each element may nest Limits.maxDepth levels on its
            // own (the array's level does not count), which the whole value cannot.
            require(
                sawFailure || e.message.hasPrefix("nested deeper than"),
                "forEachArrayElement accepted an array the whole-value parser refuses: \(e)")
        }
    }

    /// `[` + line + `]` read as array input gives exactly the line's value (the array's own
    /// level does not count against the nesting limit).
    static func checkAsArrayElement(_ input: UnsafeBufferPointer<UInt8>, value: JSONValue) {
        var wrapped: [UInt8] = [UInt8(ascii: "[")]
        wrapped.append(contentsOf: input)
        wrapped.append(UInt8(ascii: "]"))
        let elements = wrapped.withUnsafeBufferPointer { arrayElements($0) }
        require(elements.count == 1, "[line] gave \(elements.count) array elements")
        switch elements[0].value {
        case .success(let element):
            require(element == value, "[line] gave another value than the line alone")
        case .failure(let e):
            failed("[line] was refused although the line alone parses: \(e)")
        }
    }

    /// What `InputSource.forEach` must report for `input`, computed without ChunkReader.
    static func referenceLines(_ input: UnsafeBufferPointer<UInt8>, arrayElements: [Element]) -> [Element] {
        guard let first = firstNonBlank(input) else { return [] }
        if first == UInt8(ascii: "[") { return arrayElements }
        var out: [Element] = []
        var lineNumber = 0
        var start = 0
        while start < input.count {
            let end = input[start...].firstIndex(of: 0x0A) ?? input.count
            lineNumber += 1
            let line = UnsafeBufferPointer(rebasing: input[start..<end])
            start = end + 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let parsed = Result { () throws(JSONParseError) -> JSONValue in try JSONParser.parse(line, normalize: true) }
            out.append((lineNumber, parsed))
            if case .failure = parsed { break }
        }
        return out
    }

    /// A deleted temporary file the inputs are written to, so InputSource reads a real descriptor.
    nonisolated(unsafe) static var scratchFD: Int32 = -1

    static func checkInputSource(_ input: UnsafeBufferPointer<UInt8>, arrayElements: [Element]) {
        if scratchFD < 0 {
            var template = Array("/tmp/auditlog-fuzz-XXXXXX".utf8CString)
            scratchFD = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            require(scratchFD >= 0, "cannot create a scratch file")
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        }
        require(ftruncate(scratchFD, 0) == 0, "ftruncate")
        var written = 0
        while written < input.count {
            let n = pwrite(scratchFD, input.baseAddress! + written, input.count - written, off_t(written))
            require(n > 0, "pwrite")
            written += n
        }
        let got = readScratch("InputSource.forEach") { source, out in try source.forEach { out.append(($0, $1)) } }
        // A UTF-8 byte-order mark at the very start is skipped by the reader (what Excel writes):
        // the reference reads the bytes after it, an array's elements included.
        let bom = input.count >= 3 && input[0] == 0xEF && input[1] == 0xBB && input[2] == 0xBF
        let body = bom ? UnsafeBufferPointer(rebasing: input[3...]) : input
        let expected = referenceLines(body, arrayElements: bom ? Self.arrayElements(body) : arrayElements)
        require(got.count == expected.count, "InputSource gave \(got.count) values, the reference split \(expected.count)")
        for (g, e) in zip(got, expected) {
            require(g.line == e.line, "InputSource numbered a line \(g.line), the reference \(e.line)")
            require(g.value == e.value, "InputSource parsed line \(g.line) differently from the reference")
        }

        // The same input read ahead on a second thread, as an append reads it.
        let prepared = readScratch("InputSource.forEach(preparing:)") { source, out in
            try source.forEach(preparing: { line, value in (line, value) }) { _, element in out.append(element) }
        }
        require(prepared.count == got.count, "read ahead gave \(prepared.count) values, read plainly \(got.count)")
        for (p, g) in zip(prepared, got) {
            require(p.line == g.line && p.value == g.value, "read ahead gave line \(p.line) otherwise than read plainly")
        }
    }

    /// What `read` gathers from a fresh input over the scratch file, from its start; `what`
    /// names the reading in the failure should it throw.
    static func readScratch(_ what: String, _ read: (InputSource, inout [Element]) throws -> Void) -> [Element] {
        require(lseek(scratchFD, 0, SEEK_SET) == 0, "lseek")
        let fd = dup(scratchFD)
        require(fd >= 0, "dup")
        let source = InputSource.descriptor(fd, name: "fuzz input")
        defer { source.close() }
        var out: [Element] = []
        do {
            try read(source, &out)
        } catch {
            failed("\(what) threw on a readable file: \(error)")
        }
        return out
    }

    static func checkNormalization(_ input: UnsafeBufferPointer<UInt8>) {
        guard let text = String(validating: input, as: UTF8.self) else { return }
        let nfc = UnicodeNormalization.nfc(text)
        require(UnicodeNormalization.isNFC(nfc), "nfc() gave text that isNFC() refuses")
        require(UnicodeNormalization.nfc(nfc).utf8.elementsEqual(nfc.utf8), "nfc() is not idempotent")
        require(nfc == text, "nfc() changed a string's canonical equivalence class")
        if UnicodeNormalization.isCertainlyNFC(UnsafeRawBufferPointer(input)) {
            require(nfc.utf8.elementsEqual(input), "isCertainlyNFC is true for text that is not NFC")
        }
        require(UnicodeNormalization.isNFC(text) == nfc.utf8.elementsEqual(text.utf8), "isNFC disagrees with nfc()")
    }
}
