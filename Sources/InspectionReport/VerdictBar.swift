import Compliance
import Wording

/// The obligations of a report as one bar, a segment per verdict (worst first), each segment
/// labelled with its symbol and count below the bar so that it reads without colour.
enum VerdictBar {
    static func svg(_ totals: ComplianceMatrix.Cell, words: ReportWords) -> String {
        let width = 680.0
        let total = Double(max(totals.total, 1))
        var x = 0.0
        var bars = ""
        var labels = ""
        var labelX = 0.0
        for v in InspectionReport.verdictOrder where totals.count(v) > 0 {
            let w = width * Double(totals.count(v)) / total
            let label = "\(ReportStyle.symbol(v)) \(Vocabulary.label(.verdict, v.rawValue, words.language)) \(NumberText.integer(totals.count(v), words.language))"
            bars += "<rect x=\"\(SVGNumber.text(x))\" y=\"0\" width=\"\(SVGNumber.text(w))\" height=\"22\" fill=\"\(ReportStyle.fill(v))\" stroke=\"#000\" stroke-width=\"0.6\"><title>\(HTMLText.escaped(label))</title></rect>"
            labels += "<text x=\"\(SVGNumber.text(labelX))\" y=\"38\" font-size=\"11\">\(HTMLText.escaped(label))</text>"
            labelX += Double(label.count) * 6.4 + 14
            x += w
        }
        let height = 44
        return "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(max(width, labelX))) \(height)\" width=\"\(Int(max(width, labelX)))\" height=\"\(height)\" role=\"img\" aria-label=\"\(HTMLText.escaped(words.instancesByVerdict))\">"
            + bars + labels + "</svg></figure>"
    }
}

/// Numbers in SVG attributes: at most one decimal, no exponent, the same text everywhere.
enum SVGNumber {
    static func text(_ x: Double) -> String {
        let tenths = Int((x * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let m = abs(tenths)
        return m % 10 == 0 ? "\(sign)\(m / 10)" : "\(sign)\(m / 10).\(m % 10)"
    }
}
