/// The language of the words people read: labels, numbers and dates in the human formats
/// (table, Markdown, HTML). Machine formats (JSON, NDJSON, CSV) keep the codes whatever the
/// language.
public enum Language: String, Sendable, Hashable, CaseIterable {
    /// Vietnamese, the default.
    case vi
    /// English.
    case en

    /// The language a log has when it names none.
    public static let standard: Language = .vi

    /// The language whose code is `code` (`vi`, `en`; case-insensitive), or nil.
    public init?(code: String) {
        self.init(rawValue: code.lowercased())
    }

    /// `vi` or `en`, in one place for prose that differs.
    public func pick(vi: String, en: String) -> String {
        self == .vi ? vi : en
    }
}
