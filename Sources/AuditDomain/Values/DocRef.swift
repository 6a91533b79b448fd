import EventLog
import LogFormat

/// A document as a payload describes it (DocRef in Schemas/README.md). Its identity is `docKey`,
/// never its number.
public struct DocRef: Sendable, Hashable, Codable {
    public var docKey: String
    public var number: String?
    public var style: DocumentNumber.Style?
    public var typeAbbr: String?
    public var typeName: String
    public var issuerOrg: String
    public var issuerAsCited: String?
    public var issuedOn: CivilDate?
    public var issuedOnNotBefore: CivilDate?
    public var signer: String?
    public var signingMode: SigningMode?
    public var title: String?

    /// Reads a DocRef object, storing the number in canonical form and the style and type
    /// abbreviation it implies.
    public static func read(_ r: inout FieldReader) throws(PayloadError) -> DocRef {
        let docKey = try r.checked("doc_key", .docKey)
        var style: DocumentNumber.Style? = try r.optionalChoice("style")
        var typeAbbr = try r.optionalText("type_abbr")
        var number: String?
        if let v = r.raw("number", nullIsAbsent: true) {
            guard case .string(let text) = v else { throw r.error("number", "must be a string or null, found \(v.kindName)") }
            if style == .other {
                guard !text.isEmpty else { throw r.error("number", "must not be empty") }
                number = text
            } else {
                guard let parsed = DocumentNumber(text) else {
                    throw r.error("number", "\(echoed(text)) is not a document number (Party 382-TB/TU, State 68/NQ-CP or 30/2020/NĐ-CP)")
                }
                if let given = style, given != parsed.style {
                    throw r.error("style", "is \(given.rawValue) but the number \(parsed) is \(parsed.style.rawValue) style")
                }
                if let given = typeAbbr, given != parsed.typeAbbr {
                    throw r.error("type_abbr", "is \(echoed(given)) but the number \(parsed) has type \(parsed.typeAbbr ?? "none")")
                }
                number = parsed.description
                style = parsed.style
                typeAbbr = parsed.typeAbbr ?? typeAbbr
                r.replace("number", with: .string(parsed.description))
                r.replace("style", with: .string(parsed.style.rawValue))
                if let t = typeAbbr { r.replace("type_abbr", with: .string(t)) }
            }
        }
        let ref = DocRef(
            docKey: docKey, number: number, style: style, typeAbbr: typeAbbr, typeName: try r.text("type_name"),
            issuerOrg: try r.checked("issuer_org", .slug), issuerAsCited: try r.optionalText("issuer_as_cited"),
            issuedOn: try r.optionalDate("issued_on"), issuedOnNotBefore: try r.optionalDate("issued_on_not_before"),
            signer: try r.optionalText("signer"), signingMode: try r.optionalChoice("signing_mode"), title: try r.optionalText("title"))
        return ref
    }

    /// The organisations and documents it names.
    func references(_ refs: inout References, at path: String) {
        refs.need(.org, issuerOrg, "\(path).issuer_org")
    }
}

/// A document cited as a basis or as evidence: a known doc_key, or a DocRef described inline.
public enum DocCite: Sendable, Hashable, Codable {
    case key(String)
    indirect case inline(DocRef)

    /// Reads member `key` of `r` as a DocCite (nil when absent).
    static func read(_ r: inout FieldReader, _ key: String) throws(PayloadError) -> DocCite? {
        guard let v = r.raw(key) else { return nil }
        switch v {
        case .string(let s): return .key(try FieldReader.check(s, .docKey, field: r.field(key)))
        case .object: return .inline(try r.object(key) { (n: inout FieldReader) throws(PayloadError) in try DocRef.read(&n) })
        default: throw r.error(key, "must be a doc_key or a document object, found \(v.kindName)")
        }
    }

    /// Reads a required DocCite.
    static func required(_ r: inout FieldReader, _ key: String) throws(PayloadError) -> DocCite {
        guard let c = try read(&r, key) else { throw r.error(key, "required") }
        return c
    }

    func references(_ refs: inout References, at path: String) {
        switch self {
        case .key(let k): refs.need(.doc, k, path)
        case .inline(let d): d.references(&refs, at: path)
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) { self = .key(s) } else { self = .inline(try c.decode(DocRef.self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .key(let s): try c.encode(s)
        case .inline(let d): try c.encode(d)
        }
    }
}

extension Optional where Wrapped == DocCite {
    func references(_ refs: inout References, at path: String) {
        if let self { self.references(&refs, at: path) }
    }
}
