import EventLog
import Foundation
import LogFormat

/// Text search that ignores case and Vietnamese diacritics: `hoi nong dan` finds `Hội Nông dân`,
/// `Hội Nông Dân` and the same words typed in NFD.
public struct SearchText: Sendable {
    /// The folded query.
    public let folded: String

    /// A search for `query`.
    public init(_ query: String) { folded = Self.fold(query) }

    /// `text` without tone and vowel marks, `đ` as `d`, in lower case, with runs of white space
    /// as one space: the form both sides of a comparison are put in.
    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in text.decomposedStringWithCanonicalMapping.lowercased().unicodeScalars {
            switch scalar.value {
            case 0x0300...0x036F: continue  // combining marks: tones, circumflex, breve, horn
            case 0x0111, 0x0110: out.append("d")
            default:
                if scalar.properties.isWhitespace {
                    if !lastWasSpace { out.append(" ") }
                    lastWasSpace = true
                    continue
                }
                out.append(scalar)
            }
            lastWasSpace = false
        }
        if out.last == " " { out.removeLast() }
        return String(out)
    }

    /// Whether any string inside `value` (at any depth) contains the query.
    public func matches(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let s): return Self.fold(s).contains(folded)
        case .array(let items): return items.contains(where: matches)
        case .object(let members): return members.values.contains(where: matches)
        case .null, .bool, .integer: return false
        }
    }
}
