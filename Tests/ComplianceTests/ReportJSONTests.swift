import AuditDomain
import EventLog
import LogFormat
import TestSupport
import Testing

@testable import Compliance

/// The report's requirements and findings written directly must be the bytes the generic
/// encoder writes for them (the check's JSON and NDJSON are made from the former).
@Suite struct ReportJSONTests {
    static let pieces = ["a", "Hội Nông dân", "\"", "\\", "\n", "\t", "\u{01}", "\u{1F}", "/", "€", "2025-Q1", " ", "é", "🇻🇳", ""]

    static func text(_ rng: inout SplitMix) -> String {
        (0..<Int.random(in: 0...5, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
    }

    @Test("property: requirements and findings written directly equal the generic encoder's bytes", arguments: 0..<4)
    func agrees(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        let encoder = SnakeCaseJSONEncoder()
        var findings: [ComplianceReport.Finding] = []
        for _ in 0..<300 {
            let instances = (0..<Int.random(in: 0...4, using: &rng)).map { _ in
                ComplianceReport.Instance(
                    assignee: Self.text(&rng), key: Self.text(&rng), due: Bool.random(using: &rng) ? Self.text(&rng) : nil,
                    verdict: Verdict.allCases.randomElement(using: &rng)!,
                    evidence: (0..<Int.random(in: 0...3, using: &rng)).map { _ in Int64.random(in: -5...Int64(1) << 53, using: &rng) },
                    reason: Self.text(&rng))
            }
            let source: Requirement.ParamSource = Bool.random(using: &rng)
                ? .all(.interpretation) : .perParameter(["schedule": .text, "grace": .operatorDefault, "min_count": .interpretation])
            let result = ComplianceReport.RequirementResult(
                reqRef: Self.text(&rng), template: Self.text(&rng), textVi: Self.text(&rng), verdict: Verdict.allCases.randomElement(using: &rng)!,
                instances: instances, paramSource: source, sourceKind: Self.text(&rng), officialSource: Bool.random(using: &rng))
            #expect(try result.json() == (try encoder.encode(result)))
            let finding = ComplianceReport.Finding(
                kind: Self.text(&rng), reqRef: Bool.random(using: &rng) ? Self.text(&rng) : nil,
                seq: Bool.random(using: &rng) ? Int64.random(in: 0...1_000_000, using: &rng) : nil, detail: Self.text(&rng))
            #expect(finding.json() == (try encoder.encode(finding)))
            findings.append(finding)
        }
        // The compact list of a report encodes as the array of its findings.
        #expect(try encoder.encode(ComplianceReport.Findings(findings)) == (try encoder.encode(findings)))
    }
}
