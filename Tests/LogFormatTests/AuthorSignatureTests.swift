import Testing

@testable import LogFormat

/// The `author` member and the bytes an author signs (docs/authorship.md, "What is signed").
@Suite struct AuthorSignatureTests {
    static let line = """
        {"type":"organization.renamed","occurred_at":"2026-01-02","actor":"hnd","subject":"org/hoi-nong-dan",\
        "event_id":"0190f4c2-7b1e-7c3a-9d2e-00000000a001","payload":{"org_id":"hoi-nong-dan","new_name_vi":"Hội Nông dân"},\
        "meta":{"note":"x"}}
        """

    @Test("the signed bytes are the context line and the canonical JSON of the seven members, written out by hand")
    func signedBytesKnownAnswer() throws {
        let value = try JSONParser.parse(Array(Self.line.utf8), normalize: true)
        let appendLine = try AppendLine(value, line: 1)
        let expected = "auditlog/v1 signed event\n"
            + #"{"actor":"hnd","event_id":"0190f4c2-7b1e-7c3a-9d2e-00000000a001","meta":{"note":"x"},"occurred_at":"2026-01-02","#
            + #""payload":{"new_name_vi":"Hội Nông dân","org_id":"hoi-nong-dan"},"subject":"org/hoi-nong-dan","type":"organization.renamed"}"#
        #expect(appendLine.signedBytes(eventID: "0190f4c2-7b1e-7c3a-9d2e-00000000a001", subject: "org/hoi-nong-dan") == Array(expected.utf8))
        // What the log adds to the entry is not signed: the stored entry gives the same bytes.
        guard case .object(var fields) = value else { Issue.record("not an object"); return }
        fields["seq"] = .integer(9)
        fields["recorded_at"] = .string("2026-01-15T03:00:00.000Z")
        fields["subject_version"] = .integer(2)
        fields["v"] = .integer(1)
        #expect(AuthorSignature.signedBytes(of: fields) == Array(expected.utf8))
    }

    @Test("a signature made with a key verifies with its verifier key, and not over other bytes or with another key")
    func signAndVerify() throws {
        let key = SignerKey(name: "ht:hnd/vp", seed: Array(repeating: 7, count: 32))
        let bytes = Array("auditlog/v1 signed event\n{}".utf8)
        let author = try AuthorSignature.sign(bytes, with: key)
        #expect(author.signer == "ht:hnd/vp" && author.keyIDText == key.verifierKey.keyIDText && author.signature.count == 64)
        #expect(author.verifies(bytes, with: key.verifierKey))
        #expect(!author.verifies(bytes + [0x20], with: key.verifierKey))
        let other = SignerKey(name: "ht:hnd/vp", seed: Array(repeating: 8, count: 32))
        #expect(!author.verifies(bytes, with: other.verifierKey))
        // The member round-trips through its JSON form.
        #expect(try AuthorSignature(author.json, line: nil) == author)
    }

    @Test("a malformed author member is refused with its field")
    func malformed() {
        let good: [String: JSONValue] = [
            "signer": .string("a"), "key_id": .string("0a1b2c3d"), "sig": .string(Base64.encode(Array(repeating: 1, count: 64))),
        ]
        let cases: [(JSONValue, String)] = [
            (.string("x"), "author"),
            (.object(good.merging(["extra": .integer(1)]) { $1 }), "author.extra"),
            (.object(good.merging(["signer": .string("a b")]) { $1 }), "author.signer"),
            (.object(good.merging(["key_id": .string("0A1B2C3D")]) { $1 }), "author.key_id"),
            (.object(good.merging(["key_id": .string("0a1b2c")]) { $1 }), "author.key_id"),
            (.object(good.merging(["sig": .string(Base64.encode(Array(repeating: 1, count: 63)))]) { $1 }), "author.sig"),
        ]
        for (value, field) in cases {
            #expect(throws: LogFormatError.self) { try AuthorSignature(value, line: 4) }
            do {
                _ = try AuthorSignature(value, line: 4)
            } catch {
                guard case .invalidInput(let line, let f, _) = error else { Issue.record("\(error)"); continue }
                #expect(line == 4 && f == field, "\(value)")
            }
        }
        #expect((try? AuthorSignature(.object(good), line: nil)) != nil)
    }
}
