import Foundation
import LogFormat
import Testing

@testable import AuditDomain

/// The key registry and the authorship rules, judged in memory (docs/authorship.md).
@Suite struct SignerRegistryTests {
    static let key = SignerKey(name: "ht:hnd/vp", seed: Array(repeating: 3, count: 32))
    static let other = SignerKey(name: "ht:khac/vp", seed: Array(repeating: 4, count: 32))

    static func registered(_ key: SignerKey, org: String, validFrom: String = "2026-01-01") throws -> any EventPayload {
        try EventCatalogue.read(type: SignerRegistered.type, payload: [
            "signer": .string(key.name), "org_id": .string(org), "role_vi": .string("Văn phòng"),
            "vkey": .string(key.verifierKey.description), "valid_from": .string(validFrom),
        ]).payload
    }

    static func revoked(_ key: SignerKey) throws -> any EventPayload {
        try EventCatalogue.read(type: SignerRevoked.type, payload: [
            "signer": .string(key.name), "key_id": .string(key.verifierKey.keyIDText), "reason_vi": .string("Mất"),
            "effective_from": .string("2026-02-01"),
        ]).payload
    }

    static let bytes = Array("auditlog/v1 signed event\n{}".utf8)
    static let day = CivilDate("2026-03-01")!

    @Test("a signature counts only with a key registered before, not revoked, valid on the day, over these bytes")
    func signatureRules() throws {
        var registry = SignerRegistry()
        let author = try AuthorSignature.sign(Self.bytes, with: Self.key)
        #expect(registry.problem(author, bytes: Self.bytes, recordedDay: Self.day)?.message.contains("not registered") == true)
        registry.apply(try Self.registered(Self.key, org: "hnd", validFrom: "2026-04-01"), seq: 2)
        #expect(registry.problem(author, bytes: Self.bytes, recordedDay: Self.day)?.message.contains("valid only from 2026-04-01") == true)
        var valid = SignerRegistry()
        valid.apply(try Self.registered(Self.key, org: "hnd"), seq: 2)
        #expect(valid.problem(author, bytes: Self.bytes, recordedDay: Self.day) == nil)
        #expect(valid.problem(author, bytes: Self.bytes + [1], recordedDay: Self.day)?.field == "author.sig")
        // Registered twice: refused, and a second registration never lifts a revocation.
        #expect(valid.refusal(of: try Self.registered(Self.key, org: "hnd"))?.field == "payload.vkey")
        valid.apply(try Self.revoked(Self.key), seq: 3)
        valid.apply(try Self.registered(Self.key, org: "hnd"), seq: 4)
        #expect(valid.problem(author, bytes: Self.bytes, recordedDay: Self.day)?.message.contains("revoked at seq 3") == true)
        #expect(valid.refusal(of: try Self.revoked(Self.key))?.message.contains("already revoked") == true)
        #expect(valid.refusal(of: try Self.revoked(Self.other))?.message.contains("has no registered key") == true)
    }

    @Test("a signature the reading thread verified with the registered key is not checked again; with another key it is")
    func verifiedOnTheReadingThread() throws {
        var registry = SignerRegistry()
        registry.apply(try Self.registered(Self.key, org: "hnd"), seq: 2)
        let author = try AuthorSignature.sign(Self.bytes, with: Self.key)
        let registered = Self.key.verifierKey.description
        // Told it verified with the registered key: other bytes pass (the caller vouched for them).
        #expect(registry.problem(author, bytes: Self.bytes + [1], recordedDay: Self.day, verifiedWith: registered) == nil)
        // Another key's text: checked, and these bytes are not what was signed.
        #expect(registry.problem(author, bytes: Self.bytes + [1], recordedDay: Self.day,
                                 verifiedWith: Self.other.verifierKey.description)?.field == "author.sig")
        // What depends on the registry is still judged: a revoked key does not count.
        registry.apply(try Self.revoked(Self.key), seq: 3)
        #expect(registry.problem(author, bytes: Self.bytes, recordedDay: Self.day, verifiedWith: registered)?.message
            .contains("revoked at seq 3") == true)
    }

    @Test("the reading thread's policy records the key a good signature verifies with, and nothing for a bad one")
    func readingPolicy() throws {
        var registry = SignerRegistry()
        registry.apply(try Self.registered(Self.key, org: "hnd"), seq: 2)
        let policy = DomainPolicy(zoneOffsetSeconds: 7 * 3600, signatureKeys: SignatureKeys(registry))
        let line = Line.make("organization.renamed", "2026-01-02", #"{"org_id":"hnd","new_name_vi":"Hội Nông dân"}"#,
                             eventID: "0190f4c2-7b1e-7c3a-9d2e-000000000001")
        let signed = try LineSigner.signed(try JSONParser.parse(Array(line.utf8), normalize: true), lineNumber: 1, key: Self.key,
                                           policy: DomainPolicy(zoneOffsetSeconds: 7 * 3600))
        func verifiedKey(_ bytes: [UInt8]) throws -> String? {
            var appended = try AppendLine(try JSONParser.parse(bytes, normalize: true), line: 1)
            try policy.check(&appended, lineNumber: 1)
            return (appended.policyContext as? CataloguedLine)?.verifiedKey
        }
        #expect(try verifiedKey(signed) == Self.key.verifierKey.description)
        let altered = String(decoding: signed, as: UTF8.self).replacingOccurrences(of: "Hội Nông dân", with: "Hội Khác")
        #expect(try verifiedKey(Array(altered.utf8)) == nil)
        let byOther = try LineSigner.signed(try JSONParser.parse(Array(line.utf8), normalize: true), lineNumber: 1, key: Self.other,
                                            policy: DomainPolicy(zoneOffsetSeconds: 7 * 3600))
        #expect(try verifiedKey(byOther) == nil)
    }

    @Test("the listing by organisation and date shows a revocation only once it takes effect")
    func listing() throws {
        var registry = SignerRegistry()
        registry.apply(try Self.registered(Self.key, org: "hnd"), seq: 2)
        registry.apply(try Self.registered(Self.other, org: "khac", validFrom: "2026-03-01"), seq: 3)
        registry.apply(try Self.revoked(Self.key), seq: 4)
        #expect(registry.keys().map(\.signer) == ["ht:hnd/vp", "ht:khac/vp"])
        #expect(registry.keys(org: "khac").map(\.signer) == ["ht:khac/vp"])
        #expect(registry.keys(asOf: CivilDate("2026-01-15")).map { ($0.signer, $0.revoked == nil) }.elementsEqual([("ht:hnd/vp", true)]) { $0 == $1 })
        #expect(registry.keys(asOf: CivilDate("2026-02-01")).first?.revoked?.seq == 4)
    }

    @Test("a rule lets in a clerk, the target's signer, and the responsible body or its successor; nobody unsigned")
    func ruleRefusals() throws {
        var registry = SignerRegistry()
        registry.apply(try Self.registered(Self.key, org: "hnd"), seq: 2)
        registry.apply(try Self.registered(Self.other, org: "khac"), seq: 3)
        var rules = AuthorshipRules()
        rules.apply(try EventCatalogue.read(type: AuthorshipRuleSet.type, payload: [
            "event_type": .string("report.submitted"), "mode": .string("enforce"), "clerks": .array([.string("ht:clerk")]),
        ]).payload, seq: 4)
        let rule = try #require(rules.rule(for: "report.submitted"))
        #expect(rules.rule(for: "organization.renamed") == nil)
        let mine = try AuthorSignature.sign(Self.bytes, with: Self.key)
        let theirs = try AuthorSignature.sign(Self.bytes, with: Self.other)
        let clerk = AuthorSignature(signer: "ht:clerk", keyID: 1, signature: Array(repeating: 0, count: 64))
        func context(successorOf: Bool = false, target: String? = nil) -> AuthorshipRules.Context {
            .init(responsible: ["hnd"], targetSigner: target) { owner, org in owner == org || (successorOf && org == "khac") }
        }
        #expect(try AuthorshipRules.refusal(rule, author: nil, registry: registry, context: context())?.contains("unsigned") == true)
        #expect(try AuthorshipRules.refusal(rule, author: mine, registry: registry, context: context()) == nil)
        #expect(try AuthorshipRules.refusal(rule, author: theirs, registry: registry, context: context()) != nil)
        #expect(try AuthorshipRules.refusal(rule, author: theirs, registry: registry, context: context(successorOf: true)) == nil)
        #expect(try AuthorshipRules.refusal(rule, author: theirs, registry: registry, context: context(target: "ht:khac/vp")) == nil)
        #expect(try AuthorshipRules.refusal(rule, author: clerk, registry: registry, context: context()) == nil)
        // Attested whatever the mode: the same test, with the rule's clerks.
        #expect(try AuthorshipRules.attests(mine, rule: nil, registry: registry, context: context()))
        #expect(try !AuthorshipRules.attests(clerk, rule: nil, registry: registry, context: context()))
        #expect(try AuthorshipRules.attests(clerk, rule: rule, registry: registry, context: context()))
    }
}
