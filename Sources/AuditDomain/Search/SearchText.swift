import EventLog
import Foundation
import LogFormat
import Synchronization

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
        latinFold(text) ?? unicodeFold(text)
    }

    /// ``fold(_:)`` by its definition: the text decomposed (NFD) and lowered, its combining marks
    /// dropped and its white space squeezed. Any text; about 35 instructions per byte go to
    /// Foundation's decomposition alone.
    static func unicodeFold(_ text: String) -> String {
        fold(decomposed: text.decomposedStringWithCanonicalMapping)
    }

    /// ``unicodeFold(_:)`` of the text whose decomposition (NFD) is `decomposed`.
    private static func fold(decomposed: String) -> String {
        var out = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in decomposed.lowercased().unicodeScalars {
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

    /// ``fold(_:)`` of text made only of ASCII and of the precomposed Latin letters (Vietnamese
    /// among them), one character at a time through ``latinEntries``; nil for text with any other
    /// character (a combining mark typed apart, another script), which ``unicodeFold(_:)`` reads.
    ///
    /// The same result, because for these characters each step of the definition works on one
    /// character at a time: each decomposes to a base letter (not a mark) and its marks, so the
    /// decomposition of the text is that of each character in turn, with no reordering of marks
    /// across characters; their lower case does not depend on the characters around them; and
    /// an entry holds the fold of its character alone, or that it is white space. A test
    /// compares the two on generated text.
    static func latinFold(_ text: String) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        let folded = latinEntries.withLock { entries -> Bool in
            var lastWasSpace = true
            for scalar in text.unicodeScalars {
                let v = scalar.value
                if v < 0x80 {
                    let b = UInt8(v)
                    if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                        if !lastWasSpace { out.append(0x20) }
                        lastWasSpace = true
                        continue
                    }
                    out.append(b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b)
                    lastWasSpace = false
                    continue
                }
                guard let slot = LatinEntry.slot(of: v) else { return false }
                let entry: LatinEntry
                if let made = entries[slot] {
                    entry = made
                } else {
                    entry = LatinEntry(scalar)
                    entries[slot] = entry
                }
                switch entry {
                case .other: return false
                case .space:
                    if !lastWasSpace { out.append(0x20) }
                    lastWasSpace = true
                    continue
                case .text(let bytes): out.append(contentsOf: bytes)
                }
                lastWasSpace = false
            }
            if out.last == 0x20 { out.removeLast() }
            return true
        }
        return folded ? String(decoding: out, as: UTF8.self) : nil
    }

    /// The entry of each character of U+0080–U+024F (Latin-1 and Latin Extended-A and -B) and
    /// U+1E00–U+1EFF (Latin Extended Additional: the letters with two marks), by
    /// ``LatinEntry/slot(of:)``, each made by ``unicodeFold(_:)`` the first time the character is
    /// met (making all of them would cost a one-event append a few milliseconds).
    private static let latinEntries = Mutex<[LatinEntry?]>(Array(repeating: nil, count: LatinEntry.slots))

    /// What ``latinFold(_:)`` does with one character.
    enum LatinEntry: Sendable {
        /// White space (U+0085, U+00A0).
        case space
        /// The character's fold as UTF-8 (never empty, never holding white space).
        case text([UInt8])
        /// Not for this path: the text goes to ``unicodeFold(_:)``.
        case other

        /// How many characters have an entry: U+0080–U+024F, then U+1E00–U+1EFF. (Plain
        /// comparisons, not an array of ranges: the runtime's first look at such a generic type
        /// costs a one-event append more than its fold.)
        static let slots = 0x1D0 + 0x100

        /// The place of character `v`'s entry, or nil when it has none.
        static func slot(of v: UInt32) -> Int? {
            if v >= 0x0080 && v <= 0x024F { return Int(v - 0x0080) }
            if v >= 0x1E00 && v <= 0x1EFF { return 0x1D0 + Int(v - 0x1E00) }
            return nil
        }

        /// The entry of `scalar`, made by the definition.
        init(_ scalar: Unicode.Scalar) {
            if scalar.properties.isWhitespace {
                self = .space
                return
            }
            // A character that is itself a mark, or decomposes to one first, could have its marks
            // reordered with the character before it.
            let decomposed = String(scalar).decomposedStringWithCanonicalMapping
            guard scalar.properties.canonicalCombiningClass == .notReordered,
                decomposed.unicodeScalars.first?.properties.canonicalCombiningClass == .notReordered
            else {
                self = .other
                return
            }
            let folded = SearchText.fold(decomposed: decomposed)
            guard !folded.isEmpty, !folded.unicodeScalars.contains(where: \.properties.isWhitespace) else {
                self = .other
                return
            }
            self = .text(Array(folded.utf8))
        }
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
