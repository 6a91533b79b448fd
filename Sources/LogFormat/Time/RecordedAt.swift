/// The `recorded_at` of a decoded event: an ``Instant`` when the text is in the stored form
/// (every entry the store writes), else the text itself (an event not yet recorded has none,
/// and only a damaged log holds another form). Its ``description`` is always the text.
///
/// Why: a replay holds one for each decoded event until the projections have applied it, and
/// the 24-character text is a heap object each; checks read the instant, not the text.
public enum RecordedAt: Sendable, Hashable, CustomStringConvertible {
    /// Text exactly as ``Instant/description`` writes it.
    case instant(Instant)
    /// Any other text.
    case text(String)

    /// The `recorded_at` whose text is `text`.
    public init(_ text: String) {
        var text = text
        self = text.withUTF8 { Instant(canonicalUTF8: UnsafeRawBufferPointer($0)) }.map { .instant($0) } ?? .text(text)
    }

    /// The text.
    public var description: String {
        switch self {
        case .instant(let instant): instant.description
        case .text(let text): text
        }
    }

    /// The instant, if the text is an RFC 3339 instant.
    public var instant: Instant? {
        switch self {
        case .instant(let instant): instant
        case .text(let text): Instant(rfc3339: text)
        }
    }
}
