import Foundation

/// NFC normalisation, the form every string of an entry is stored in.
///
/// Vietnamese text arrives precomposed (NFC) from most systems and decomposed (NFD) from some; the
/// two look alike but hash differently, so input is normalised before anything else and a
/// verifier refuses stored text that is not NFC.
///
/// The normaliser is the standard library's own (`_nfcCodeUnits`, which String comparison and
/// hashing rely on) rather than Foundation's: Foundation bridges every string through NSString
/// and cost a third of `verify`'s time. A test checks that the two agree.
public enum UnicodeNormalization {
    /// `s` in Unicode Normalization Form C.
    public static func nfc(_ s: String) -> String {
        if isASCII(s) { return s }
        let units = s._nfcCodeUnits
        if units.elementsEqual(s.utf8) { return s }
        return String(decoding: units, as: UTF8.self)
    }

    /// Whether the UTF-8 bytes of `s` are exactly those of its NFC form.
    public static func isNFC(_ s: String) -> Bool {
        if isASCII(s) { return true }
        return s._nfcCodeUnits.elementsEqual(s.utf8)
    }

    /// `s` folded for search: lower case, diacritics and đ removed ("Hội Nông dân" → "hoi nong dan").
    public static func searchKey(_ s: String) -> String {
        let folded = s.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        return folded.replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "d")
    }

    static func isASCII(_ s: String) -> Bool {
        s.utf8.allSatisfy { $0 < 0x80 }
    }
}
