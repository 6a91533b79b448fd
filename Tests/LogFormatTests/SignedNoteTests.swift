import Foundation
import Testing

@testable import LogFormat

/// C2SP signed-note and tlog-checkpoint: the spec example, the project's KAT checkpoints, and
/// every malformed note of scenario S21.
@Suite struct SignedNoteTests {
    static let specVKey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
    static let specNote = """
        This is an example message.

        — example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=

        """
    static let katVKey = "example.com/audit-log+07499b2d+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4"
    static let kat8 = """
        example.com/audit-log
        8
        XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=

        — example.com/audit-log B0mbLZLyh4863+NGjL2fjfvaQexYZxWZkzppLCjbqmguGY2Euk7E/AquVJOKG0FKm/11L34y0DGNJGXTje/dI5Y3/Q8=

        """
    static let kat6 = """
        example.com/audit-log
        6
        duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=

        — example.com/audit-log B0mbLeRiD/w56/cv6Z9Gs9HEPK1SDKnHyUKdKyCRDmCMDrB9Yj/ASgOMCRp29TZltnS6SWR32psXWYhlAXLwr49V1ws=

        """
    static var katKey: SignerKey { SignerKey(name: "example.com/audit-log", seed: (0..<32).map { UInt8($0) }) }

    @Test("the signed-note spec example verifies with its vkey")
    func specExample() throws {
        let key = try #require(VerifierKey(Self.specVKey))
        #expect(key.description == Self.specVKey)
        let note = try SignedNote.parse(Self.specNote).get()
        #expect(note.text == "This is an example message.\n")
        #expect(note.serialized == Self.specNote)
        #expect((try? note.verify(with: key).get()) != nil)
    }

    @Test("the KAT key derives the published vkey, and both KAT checkpoints verify")
    func katCheckpoints() throws {
        #expect(Self.katKey.verifierKey.description == Self.katVKey)
        let key = try #require(VerifierKey(Self.katVKey))
        let eight = try Checkpoint.parseSigned(Self.kat8, key: key).get()
        #expect(eight.size == 8)
        #expect(Hex.encode(eight.root) == MerkleTests.roots[8])
        let six = try Checkpoint.parseSigned(Self.kat6, key: key).get()
        #expect(six.size == 6 && Hex.encode(six.root) == MerkleTests.roots[6])
        // Our signer produces a note that verifies (bytes are not compared: signatures may be randomised).
        let ours = try SignedNote.sign(text: eight.text, with: Self.katKey)
        #expect(ours.text == "example.com/audit-log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n")
        #expect((try? Checkpoint.parseSigned(ours.serialized, key: key).get()) == eight)
    }

    @Test("a signer key file round-trips and the key id is the vkey's")
    func signerKeyFile() throws {
        let key = SignerKey.generate(name: "example.org/log")
        let parsed = try #require(SignerKey(key.fileText))
        #expect(parsed.verifierKey == key.verifierKey)
        #expect(key.fileText.hasPrefix("PRIVATE+KEY+example.org/log+"))
        #expect(SignerKey(key.fileText.replacingOccurrences(of: "PRIVATE+KEY+example.org", with: "PRIVATE+KEY+example.net")) == nil)
    }

    @Test("an unknown extra signature (a witness) is ignored; a bad one by the trusted key is not")
    func extraSignatures() throws {
        let key = try #require(VerifierKey(Self.katVKey))
        let witnessed = Self.kat8 + "— witness.example/w1 AAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
        #expect((try? Checkpoint.parseSigned(witnessed, key: key).get())?.size == 8)
        // S14: signed by another key that claims the same name and key id.
        let impostor = SignerKey(name: "example.com/audit-log", seed: [UInt8](repeating: 7, count: 32))
        let forged = try SignedNote.sign(text: "example.com/audit-log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n", with: impostor)
        let relabelled = SignedNote(text: forged.text, signatures: forged.signatures.map {
            .init(name: $0.name, keyID: key.keyID, signature: $0.signature)
        })
        #expect(throws: NoteError.self) { try Checkpoint.parseSigned(relabelled.serialized, key: key).get() }
        // Only the other key's signature: no signature by the trusted key.
        #expect(throws: NoteError.self) { try Checkpoint.parseSigned(forged.serialized, key: key).get() }
    }

    @Test("S20: a checkpoint for another origin is refused")
    func wrongOrigin() throws {
        let other = SignerKey(name: "example.com/other-log", seed: (0..<32).map { UInt8($0) })
        let note = try SignedNote.sign(text: Checkpoint(origin: "example.com/other-log", size: 1, root: MerkleHash.emptyRoot).text, with: other)
        let result = Checkpoint.parseSigned(note.serialized, key: try #require(VerifierKey(Self.katVKey)))
        #expect((try? result.get()) == nil)
    }

    @Test("S21: malformed notes and checkpoints are refused", arguments: [
        "example.com/audit-log\n08\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
        "example.com/audit-log\n-1\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
        "example.com/audit-log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQy=\n",
        "example.com/audit-log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQ==\n",
        "example.com/audit-log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\nextension\n",
        "example.com/audit-log\n8\n",
        "example.com/audit log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
    ])
    func malformedCheckpoints(text: String) {
        #expect((try? Checkpoint.parse(text: text).get()) == nil)
    }

    @Test("S21: malformed signed notes are refused")
    func malformedNotes() {
        let good = Self.kat8
        let bad = [
            good.replacingOccurrences(of: "— ", with: "- "),                     // hyphen, not em dash
            good.replacingOccurrences(of: "\n", with: "\r\n"),                   // CRLF
            good.replacingOccurrences(of: "\n\n", with: "\n"),                   // no blank line
            String(good.dropLast()),                                             // no final newline
            good.replacingOccurrences(of: "B0mbLZLy", with: "B0mbL*Ly"),          // bad base64
            good.replacingOccurrences(of: "audit-log B0m", with: "audit-log  B0m"), // two spaces
            "\n\n— example.com/audit-log B0mbLZLy\n",                            // empty text
        ]
        let key = VerifierKey(Self.katVKey)!
        for note in bad {
            #expect((try? Checkpoint.parseSigned(note, key: key).get()) == nil, "\(note.debugDescription)")
        }
        // More than one blank line: the text then holds an empty line, which is no checkpoint.
        #expect((try? Checkpoint.parseSigned(good.replacingOccurrences(of: "=\n\n—", with: "=\n\n\n—"), key: key).get()) == nil)
    }

    @Test("vkeys: '+' inside the base64 part is kept; a wrong key id is refused")
    func vkeyParsing() {
        #expect(VerifierKey(Self.katVKey)?.publicKey.count == 32)
        #expect(VerifierKey(Self.katVKey.replacingOccurrences(of: "+07499b2d+", with: "+07499b2e+")) == nil)
        #expect(VerifierKey("example.com/audit-log+07499b2d") == nil)
        #expect(VerifierKey("") == nil)
    }
}
