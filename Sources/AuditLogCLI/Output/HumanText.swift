import Wording

/// The words of the human formats (table, Markdown) in one language: the labels of the log's
/// codes, numbers and dates as people write them (docs/reference.md, "Languages"). The machine
/// formats (JSON, NDJSON, CSV) never go through it: they keep the codes and ISO dates.
struct HumanText: Sendable {
    /// The language of the words.
    let language: Language

    /// `vi` or `en`, as the language asks.
    func pick(vi: String, en: String) -> String { language.pick(vi: vi, en: en) }

    /// The label of `code` of `kind` (`chu_tich` → `Chủ tịch`).
    func label(_ kind: Vocabulary.Kind, _ code: String) -> String { Vocabulary.label(kind, code, language) }

    /// A count with its thousands grouped (`152.340`).
    func number(_ n: Int64) -> String { NumberText.integer(n, language) }

    /// A count with its thousands grouped (`152.340`).
    func number(_ n: Int) -> String { NumberText.integer(n, language) }

    /// `part` of `whole` as a percentage with two decimals (`37,16 %`); nil when `whole` is 0.
    func percent(_ part: Int64, of whole: Int64) -> String? { NumberText.percent(part, of: whole, language) }

    /// A date of the log at the precision recorded (`15/03/2024`, `tháng 03/2024`, `năm 2024`).
    func date(_ iso: String) -> String { DateText.date(iso, language) }

    /// A date value of the log (`CivilDate`, `RecordedDate`) at the precision recorded.
    func date(_ date: some CustomStringConvertible) -> String { DateText.date(date.description, language) }

    /// A reporting period's key (`2024-H1` → `6 tháng đầu năm 2024`), or text with the dates in
    /// it rewritten.
    func period(_ key: String) -> String { DateText.period(key, language) }

    /// `text` with each `YYYY-MM-DD` in it rewritten.
    func inText(_ text: String) -> String { DateText.inText(text, language) }

    /// An event's `occurred_at` as recorded: a year, a month, a day, or a day and a local time
    /// with its offset (`22/07/2021 08:00 +07:00`); a UTC instant as ``instant(_:)`` writes it.
    func occurred(_ text: String) -> String {
        guard let t = text.firstIndex(of: "T") else { return date(text) }
        if text.hasSuffix("Z") { return instant(text) }
        let time = text[text.index(after: t)...]
        guard let sign = time.firstIndex(where: { $0 == "+" || $0 == "-" }) else { return "\(date(String(text[..<t]))) \(time)" }
        return "\(date(String(text[..<t]))) \(time[..<sign]) \(time[sign...])"
    }

    /// An RFC 3339 UTC instant of the log (`recorded_at`) to the minute (`01/08/2021 01:00 UTC`).
    func instant(_ stamp: String) -> String { DateText.timestamp(stamp, language) }

    /// A knowledge instant as `check` reports it: `latest` in words, else the instant.
    func knownAt(_ text: String) -> String { text == "latest" ? pick(vi: "mới nhất", en: "latest") : instant(text) }
}
