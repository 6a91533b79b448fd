import Testing

@testable import Spreadsheet

/// The event id of an imported row (docs/import.md, "The event id").
@Suite struct ImportEventIDTests {
    @Test("known answers, computed from the documented rule with Python's hashlib (tools-independent)")
    func knownAnswers() {
        // hashlib.sha256(namespace + b"".join(len(s).to_bytes(4, "big") + s for s in [type, *key])),
        // first 16 bytes, version 8 and variant 10 set.
        #expect(ImportEventID.derive(type: "membership.reported", key: ["ht:hoi-nong-dan", "30/09/2026"])
            == "865dadcc-29e9-8d98-8ac7-9653cbf31064")
        #expect(ImportEventID.derive(type: "report.submitted", key: ["BC-07"]) == "fed98b10-9fb6-86ca-959d-f6393cc4d47e")
        #expect(ImportEventID.derive(type: "meeting.held", key: ["Hội nghị", "2026"]) == "71563bb7-f29d-88a8-ad97-f9f64c529594")
    }

    @Test("a UUIDv8 in lower case; the type and each key value count, and the values cannot run into each other")
    func shape() {
        let id = ImportEventID.derive(type: "report.submitted", key: ["a", "bc"])
        let chars = Array(id)
        #expect(id.count == 36 && id == id.lowercased())
        #expect(chars[14] == "8" && "89ab".contains(chars[19]))
        #expect(id != ImportEventID.derive(type: "report.submitted", key: ["ab", "c"]))
        #expect(id != ImportEventID.derive(type: "meeting.held", key: ["a", "bc"]))
        #expect(id != ImportEventID.derive(type: "report.submitted", key: ["bc", "a"]))
        #expect(id == ImportEventID.derive(type: "report.submitted", key: ["a", "bc"]))
    }
}
