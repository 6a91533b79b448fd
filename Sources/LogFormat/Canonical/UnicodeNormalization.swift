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
        var copy = s
        if copy.withUTF8({ isCertainlyNFC(UnsafeRawBufferPointer($0)) }) { return true }
        return s._nfcCodeUnits == Array(s.utf8)
    }

    /// True when valid UTF-8 `bytes` are NFC for a reason cheaper to see than normalising them:
    /// every character is ASCII, in U+0080–U+02FF, in Latin Extended Additional (U+1E00–U+1EFF,
    /// where the precomposed Vietnamese letters are) or in U+2010–U+206F (dashes, quotes). All of
    /// these are starters (combining class 0) that are NFC on their own and never compose with a
    /// neighbour from these ranges, so any sequence of them is NFC. False means "not known".
    /// A test checks the claim against the standard library's normaliser.
    public static func isCertainlyNFC(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
            } else if b >= 0xC2 && b <= 0xCB {
                i += 2
            } else if b == 0xE1 && i + 1 < n && bytes[i + 1] >= 0xB8 && bytes[i + 1] <= 0xBB {
                i += 3
            } else if b == 0xE2 && i + 2 < n
                && ((bytes[i + 1] == 0x80 && bytes[i + 2] >= 0x90) || bytes[i + 1] == 0x81)
            {
                i += 3
            } else {
                return false
            }
        }
        return true
    }

    static func isASCII(_ s: String) -> Bool {
        s.utf8.allSatisfy { $0 < 0x80 }
    }
}
