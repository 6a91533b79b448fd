import AuditDomain
import EventLog
import LogFormat
import TestSupport
import Testing

@testable import Compliance

/// The compact forms a check keeps its facts and findings in (block lists, symbols, the finding
/// log) against plain arrays and strings.
@Suite struct CompactFactsTests {
    @Test("property: a block list behaves as an array under appends, writes and truncation, across block boundaries", arguments: 0..<4)
    func blockList(seed: UInt64) {
        var rng = SplitMix(seed: seed)
        var list = BlockList<Int>()
        var model: [Int] = []
        let block = Limits.elementsPerBlock
        // Sizes around one, two and three blocks.
        let target = [block - 1, block, block + 1, 2 * block + 7, 3 * block][Int(seed) % 5]
        while model.count < target {
            let v = Int.random(in: 0...1_000_000, using: &rng)
            list.append(v)
            model.append(v)
        }
        for _ in 0..<1_000 {
            let i = Int.random(in: 0..<model.count, using: &rng)
            let v = Int.random(in: 0...1_000_000, using: &rng)
            list[i] = v
            model[i] = v
        }
        #expect(list.count == model.count)
        #expect(Array(list) == model)
        list.sort()
        #expect(Array(list) == model.sorted())
        for newCount in [model.count, model.count - 1, block + 1, block, block - 1, 1, 0] where newCount <= list.count {
            list.truncate(to: newCount)
            #expect(Array(list) == Array(model.sorted().prefix(newCount)))
        }
        list.append(42)
        #expect(Array(list) == [42])
    }

    @Test("a fact is 48 bytes and a finding 24, as the memory budget of a check at 10M events assumes")
    func sizes() {
        #expect(MemoryLayout<Fact>.stride == 48)
        #expect(MemoryLayout<FindingLog.Record>.stride == 24)
    }

    @Test("symbols: one per distinct string, none and unknown equal to no string's")
    func symbols() {
        var table = SymbolTable()
        let a = table.intern("an3:hoi-0")
        let b = table.intern("Hội Nông dân")
        #expect(table.intern("an3:hoi-0") == a && a != b)
        #expect(table[a] == "an3:hoi-0" && table[b] == "Hội Nông dân")
        #expect(table.intern(nil as String?) == .none && table.string(.none) == nil)
        #expect(table.symbol("an3:hoi-0") == a)
        #expect(table.symbol("never added") == .unknown && table.symbol("never added") != .none && table.string(.unknown) == nil)
        let list = table.internList(["x", "an3:hoi-0"])
        #expect(table.list(list) == [table.symbol("x"), a])
        #expect(table.internList([]) == -1 && table.internList(nil) == -1 && table.list(-1).isEmpty)
    }

    @Test("property: the finding log sorts and removes repeats as the report's order asks", arguments: 0..<4)
    func findingLog(seed: UInt64) {
        var rng = SplitMix(seed: seed)
        let kinds = ["late_recording", "orphaned", "holder_inactive", "plan_not_executed"]
        let refs = ["D#R1", "D#R2", "Đ#R10"]
        var log = FindingLog()
        var all: [ComplianceReport.Finding] = []
        for _ in 0..<Int.random(in: 0...3_000, using: &rng) {
            // Few distinct values, so that ties and repeats are common; seqs start at 1.
            let f = ComplianceReport.Finding(
                kind: kinds.randomElement(using: &rng)!, reqRef: Bool.random(using: &rng) ? refs.randomElement(using: &rng) : nil,
                seq: Int.random(in: 0..<4, using: &rng) == 0 ? nil : Int64.random(in: 1...40, using: &rng),
                detail: "lag P\(Int.random(in: 8...12, using: &rng))D")
            log.append(f)
            all.append(f)
        }
        // The order of the report: seq (none as 0), kind, req_ref (none as ""), detail; each once.
        let expected = all.sorted { a, b in
            ((a.seq ?? 0), a.kind, a.reqRef ?? "", a.detail) < ((b.seq ?? 0), b.kind, b.reqRef ?? "", b.detail)
        }.reduce(into: [ComplianceReport.Finding]()) { out, f in if out.last != f { out.append(f) } }
        let findings = log.unique()
        #expect(Array(findings) == expected)
        #expect(Array(ComplianceReport.Findings(expected)) == expected)
    }

    @Test("property: findings made in several logs and added to one give what one log of them all gives", arguments: 0..<4)
    func findingLogsAdded(seed: UInt64) {
        var rng = SplitMix(seed: seed)
        let kinds = ["late_recording", "orphaned", "holder_inactive"]
        let refs = ["D#R1", "D#R2", "Đ#R10"]
        let orgs = ["an3:hoi-0", "an3:hoi-1", "ca1:hoi-2"]
        var whole = FindingLog()
        // Each part has its own tables, in which the same string or detail has another place.
        var parts = Array(repeating: FindingLog(), count: Int.random(in: 1...5, using: &rng))
        var order: [[ComplianceReport.Finding]] = Array(repeating: [], count: parts.count)
        for _ in 0..<Int.random(in: 0...2_000, using: &rng) {
            let detail: FindingDetail = switch Int.random(in: 0..<3, using: &rng) {
            case 0: .lag(days: Int64.random(in: 8...12, using: &rng))
            case 1: .orphaned(org: orgs.randomElement(using: &rng)!, since: CivilDate(days: Int64.random(in: 19_000...19_003, using: &rng)))
            default: .verbatim("lag P\(Int.random(in: 8...12, using: &rng))D")
            }
            let f = ComplianceReport.Finding(
                kind: kinds.randomElement(using: &rng)!, reqRef: Bool.random(using: &rng) ? refs.randomElement(using: &rng) : nil,
                seq: Int.random(in: 0..<4, using: &rng) == 0 ? nil : Int64.random(in: 1...40, using: &rng), detail: detail)
            let part = Int.random(in: 0..<parts.count, using: &rng)
            parts[part].append(f)
            order[part].append(f)
        }
        // The whole log takes them part by part, as a check adds each requirement's findings.
        for part in order { for f in part { whole.append(f) } }
        var added = FindingLog()
        for part in parts { added.append(contentsOf: part) }
        let (records, symbols, details) = added.parts
        let (wholeRecords, wholeSymbols, wholeDetails) = whole.parts
        #expect(records.count == wholeRecords.count)
        for (a, b) in zip(records, wholeRecords) {
            #expect(a.seq == b.seq && a.hasSeq == b.hasSeq)
            #expect(symbols.string(a.kind) == wholeSymbols.string(b.kind) && symbols.string(a.reqRef) == wholeSymbols.string(b.reqRef))
            #expect(details[a.detail] == wholeDetails[b.detail])
        }
        #expect(Array(added.unique()) == Array(whole.unique()))
    }
}
