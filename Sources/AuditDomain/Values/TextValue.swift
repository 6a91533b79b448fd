/// A value written in JSON as one string in a fixed syntax (a date, a duration, a schedule):
/// Codable as that string, refused when the string does not parse.
public protocol TextValue: Codable, CustomStringConvertible {
    /// Parses the text, or nil.
    init?(text: String)
}

extension TextValue {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(text: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a \(Self.self): \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
