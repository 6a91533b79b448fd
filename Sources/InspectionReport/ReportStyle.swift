import Compliance

/// The report's look: one inline style sheet for screen and print (A4, page breaks by section,
/// page numbers in the margins), and the mark of each verdict. Every verdict is told apart by
/// its symbol and its word as well as its colour, so that the report reads the same printed
/// in black and white and to colour-blind readers (the fills are from the Okabe–Ito palette).
enum ReportStyle {
    /// The symbol of a verdict.
    static func symbol(_ v: Verdict) -> String {
        switch v {
        case .satisfied: "✓"
        case .late: "◐"
        case .violated: "✗"
        case .pending: "○"
        case .indeterminate: "?"
        case .notApplicable: "–"
        }
    }

    /// The CSS class of a verdict.
    static func css(_ v: Verdict) -> String { "v-" + String(v.rawValue.map { $0 == "_" ? "-" : $0 }) }

    /// The fill (for bars and timeline marks) of a verdict.
    static func fill(_ v: Verdict) -> String {
        switch v {
        case .satisfied: "#009E73"
        case .late: "#E69F00"
        case .violated: "#D55E00"
        case .pending: "#56B4E9"
        case .indeterminate: "#999999"
        case .notApplicable: "#DDDDDD"
        }
    }

    /// The style sheet; `pageLabel` is the word before the page number in the margin ("Trang").
    static func sheet(pageLabel: String, running: String) -> String {
        """
        @page { size: A4; margin: 16mm 14mm 18mm 14mm;
          @bottom-center { content: "\(pageLabel) " counter(page) " / " counter(pages); font: 8pt "DejaVu Sans", "Liberation Sans", sans-serif; color: #444; }
          @top-right { content: "\(running)"; font: 7.5pt "DejaVu Sans", "Liberation Sans", sans-serif; color: #666; } }
        * { box-sizing: border-box; }
        html { font: 10.5pt/1.45 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #111; background: #fff; }
        body { margin: 0 auto; padding: 24px; max-width: 1180px; }
        body { counter-reset: part; }
        h2.numbered::before { counter-increment: part; content: counter(part) ". "; }
        h1 { font-size: 19pt; line-height: 1.25; margin: 4px 0 10px; }
        h2 { font-size: 14pt; border-bottom: 2px solid #222; padding-bottom: 3px; margin: 28px 0 10px; }
        h3 { font-size: 11.5pt; margin: 18px 0 6px; }
        h4 { font-size: 10.5pt; margin: 10px 0 4px; }
        p { margin: 4px 0 8px; }
        code, .mono { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 8.5pt; overflow-wrap: anywhere; word-break: break-all; }
        .kicker { text-transform: uppercase; letter-spacing: 0.06em; font-size: 8.5pt; color: #555; margin: 0; }
        .dates { font-size: 11pt; }
        table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
        th, td { border: 1px solid #888; padding: 3px 5px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
        th { background: #eee; font-weight: bold; }
        thead { display: table-header-group; }
        tr { break-inside: avoid; }
        td.num, th.num { text-align: right; white-space: nowrap; }
        table.facts th { width: 28%; }
        table.matrix { table-layout: fixed; font-size: 8.5pt; }
        table.matrix td { overflow-wrap: normal; word-break: normal; hyphens: none; }
        table.matrix th.org { width: 30%; }
        table.matrix td { text-align: center; padding: 2px 3px; }
        table.matrix tr.group th { background: #d9d9d9; text-align: left; }
        .cell { display: block; }
        pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 4px 0; }
        .n { display: block; font-size: 7pt; color: #333; }
        .sym { font-weight: bold; }
        .v-satisfied { background: #CCEBE0; }
        .v-late { background: #F8E3B3; }
        .v-violated { background: #F5CDB5; }
        td.v-violated, .badge.v-violated { font-weight: bold; }
        .v-pending { background: #DCEFFB; }
        .v-indeterminate { background: #E6E6E6; }
        td.v-indeterminate, .badge.v-indeterminate { font-style: italic; }
        .v-not-applicable { background: #fff; color: #555; }
        td.v-violated { outline: 2px solid #000; outline-offset: -3px; }
        .badge { display: inline-block; padding: 0 5px; border: 1px solid #444; border-radius: 3px; white-space: nowrap; }
        .finding { border: 1px solid #999; border-left: 6px solid #444; padding: 6px 10px; margin: 10px 0; break-inside: avoid; }
        .finding.v-violated { border-left-color: #D55E00; background: #fff; }
        .finding.v-late { border-left-color: #E69F00; background: #fff; }
        .finding.v-indeterminate { border-left-color: #999; background: #fff; }
        .finding dl { display: grid; grid-template-columns: 9.5em 1fr; gap: 2px 10px; margin: 4px 0; }
        .finding dt { font-weight: bold; }
        .finding dd { margin: 0; min-width: 0; }
        .note { color: #333; font-size: 9pt; }
        .warn { font-weight: bold; }
        .toc ol { margin: 4px 0; padding-left: 20px; }
        figure { margin: 6px 0 12px; }
        figcaption { font-size: 9pt; color: #333; }
        svg { max-width: 100%; height: auto; display: block; }
        .timeline { break-inside: avoid; margin: 8px 0 14px; }
        .proof { break-inside: avoid; border-top: 1px solid #bbb; padding: 4px 0; }
        .proof ol { margin: 2px 0; padding-left: 28px; }
        section.part { break-before: page; }
        @media print {
          body { padding: 0; max-width: none; }
          a { color: inherit; text-decoration: none; }
          h2 { break-after: avoid; }
          h3, h4 { break-after: avoid; }
        }
        """
    }
}
