@testable import Compliance
import Testing
@testable import InspectionReport

@Suite("The instances a report keeps for its page")
struct PageInstancesTests {
    private func row(_ assignee: String, province: String) -> ComplianceMatrix.Row {
        ComplianceMatrix.Row(assignee: assignee, name: assignee.uppercased(), province: province, order: 0)
    }

    private func instance(_ assignee: String, _ key: String) -> ComplianceReport.Instance {
        ComplianceReport.Instance(assignee: assignee, key: key, due: nil, verdict: .violated, evidence: [], reason: "late")
    }

    @Test("the first rows in matrix order are kept whatever order they are seen in, the general duties last")
    func keepsTheFirstRowsInOrder() {
        // Matrix order: province, then name; `*` (a duty on no one) after every organisation.
        let rows = [row("*", province: ""), row("d", province: "b"), row("a", province: "b"), row("c", province: "a"),
                    row("b", province: "c")]
        var kept = PageInstances(capacity: 2)
        for (n, r) in rows.enumerated() {
            kept.admit(r)
            kept.add([instance(r.assignee, "k\(n)")], requirement: n)
        }
        // c (province a) and a (province b, before d by name) come first.
        let all = kept.instances(of: ["*", "a", "b", "c", "d"], requirements: rows.count)
        #expect(all.map { $0.map(\.assignee) } == [[], [], ["a"], ["c"], []])
    }

    @Test("a row's instances come back per requirement in the check's order, and only the rows asked for")
    func instancesInTheChecksOrder() {
        var kept = PageInstances(capacity: 3)
        for a in ["x", "y", "z"] { kept.admit(row(a, province: "p")) }
        kept.add([instance("y", "1"), instance("x", "2"), instance("y", "3")], requirement: 0)
        kept.add([instance("z", "4")], requirement: 1)
        kept.add([instance("x", "5"), instance("y", "6")], requirement: 2)
        let page = kept.instances(of: ["x", "y"], requirements: 3)
        #expect(page.map { $0.map(\.key) } == [["1", "2", "3"], [], ["5", "6"]])
    }

    @Test("a row pushed out by one before it loses its instances and is not taken back")
    func pushedOutRowsAreForgotten() {
        var kept = PageInstances(capacity: 1)
        kept.admit(row("m", province: "p"))
        kept.add([instance("m", "1")], requirement: 0)
        kept.admit(row("a", province: "p"))
        kept.add([instance("m", "2"), instance("a", "3")], requirement: 1)
        kept.admit(row("z", province: "p"))
        let page = kept.instances(of: ["a", "m", "z"], requirements: 2)
        #expect(page.map { $0.map(\.key) } == [[], ["3"]])
    }

    @Test("past its limit it keeps nothing and says so; kept by name, every instance of those organisations and no other")
    func overflowThenKeepByName() {
        var bounded = PageInstances(capacity: 3, limit: 2)
        for a in ["x", "y", "z"] { bounded.admit(row(a, province: "p")) }
        bounded.add([instance("x", "1"), instance("y", "2")], requirement: 0)
        #expect(!bounded.overflowed)
        bounded.add([instance("z", "3")], requirement: 1)
        #expect(bounded.overflowed)
        bounded.admit(row("a", province: "p"))
        bounded.add([instance("a", "4")], requirement: 2)
        #expect(bounded.instances(of: ["a", "x", "y", "z"], requirements: 3).allSatisfy { $0.isEmpty })

        // The second run: the page's organisations are known, and no limit applies.
        var named = PageInstances(keeping: ["y", "z"])
        named.admit(row("a", province: "a"))  // a row before them changes nothing now
        named.add([instance("x", "1"), instance("y", "2")], requirement: 0)
        named.add([instance("z", "3"), instance("y", "4"), instance("a", "5")], requirement: 1)
        #expect(!named.overflowed)
        #expect(named.instances(of: ["y", "z"], requirements: 2).map { $0.map(\.key) } == [["2"], ["3", "4"]])
    }

    @Test("an organisation pushed out gives back its instances to the limit")
    func pushedOutInstancesLeaveTheCount() {
        var kept = PageInstances(capacity: 1, limit: 2)
        kept.admit(row("m", province: "p"))
        kept.add([instance("m", "1"), instance("m", "2")], requirement: 0)
        kept.admit(row("a", province: "p"))  // m is forgotten with its two instances
        kept.add([instance("a", "3"), instance("a", "4")], requirement: 1)
        #expect(!kept.overflowed)
        #expect(kept.instances(of: ["a"], requirements: 2).map { $0.map(\.key) } == [[], ["3", "4"]])
    }
}
