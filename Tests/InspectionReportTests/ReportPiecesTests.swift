import Compliance
import Testing
@testable import InspectionReport

@Suite("The report's building blocks")
struct ReportPiecesTests {
    @Test("text is escaped for content and attributes; Vietnamese is kept as it is")
    func escaping() {
        #expect(HTMLText.escaped("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;")
        #expect(HTMLText.escaped("Hội Nông dân") == "Hội Nông dân")
        var h = HTMLWriter()
        h.element("td", "<script>", [("title", "\"x\"")])
        #expect(h.text == "<td title=\"&quot;x&quot;\">&lt;script&gt;</td>")
    }

    @Test("SVG numbers have at most one decimal and no exponent")
    func svgNumbers() {
        #expect(SVGNumber.text(0) == "0")
        #expect(SVGNumber.text(12.34) == "12.3")
        #expect(SVGNumber.text(12.36) == "12.4")
        #expect(SVGNumber.text(-0.5) == "-0.5")
        #expect(SVGNumber.text(1e-9) == "0")
        #expect(SVGNumber.text(123456.0) == "123456")
    }

    @Test("a date at any precision falls on its first day")
    func timelineDays() {
        let d = OrganizationTimeline.day
        #expect(d("2024-03-15") == d("2024-03-15T10:00:00.000Z"))
        #expect(d("2024-03") == d("2024-03-01"))
        #expect(d("2024") == d("2024-01-01"))
        #expect(d("2024-03-01/2024-03-31") == d("2024-03-01"))
        #expect(d("not a date") == nil)
        #expect(d("2024-03-15")! - d("2024-03-01")! == 14)
    }

    @Test("a matrix cell counts each verdict and shows the worst, ignoring not applicable")
    func cells() {
        var c = ComplianceMatrix.Cell()
        #expect(c.total == 0 && c.worst == .notApplicable)
        c.add(.satisfied)
        c.add(.notApplicable)
        #expect(c.worst == .satisfied)
        c.add(.late)
        c.add(.late)
        #expect(c.worst == .late && c.count(.late) == 2 && c.total == 4)
        c.add(.violated)
        #expect(c.worst == .violated)
    }

    @Test("requirement references split into directive and requirement")
    func references() {
        #expect(ComplianceMatrix.docKey("seed-004#R3.4") == "seed-004")
        #expect(InspectionReport.reqID("seed-004#R3.4") == "R3.4")
        #expect(ComplianceMatrix.docKey("ct:btv-tu|752-CV/TU|2012#R6") == "ct:btv-tu|752-CV/TU|2012")
    }
}
