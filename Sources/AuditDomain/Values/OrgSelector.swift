/// Which organisations a requirement concerns, evaluated at a business date: a list of ids, or
/// a description (kind, level, province, flags, parent).
public struct OrgSelector: Sendable, Hashable, Codable {
    /// Flags an organisation may carry.
    public struct Flags: Sendable, Hashable, Codable {
        /// Hội có tính chất đặc thù.
        public var dacThu: Bool?
        /// Hội được Đảng, Nhà nước giao nhiệm vụ.
        public var giaoNhiemVu: Bool?
    }

    public var ids: [String]?
    public var kind: OrgKind?
    public var level: OrgLevel?
    public var province: String?
    public var flags: Flags?
    public var under: String?

    /// Reads a selector object (checked as on append).
    public static func read(_ r: inout FieldReader) throws(PayloadError) -> OrgSelector {
        let ids = try r.optionalStrings("ids", .slug, minimum: 1)
        let kind: OrgKind? = try r.optionalChoice("kind")
        guard (ids == nil) != (kind == nil) else {
            throw PayloadError(field: r.path, message: ids == nil ? "needs ids or kind" : "gives both ids and kind; use one")
        }
        let level: OrgLevel? = try r.optionalChoice("level")
        let province = try r.optionalChecked("province", .province)
        let flags = try r.optionalObject("flags") { (f: inout FieldReader) throws(PayloadError) in
            Flags(dacThu: try f.optionalBool("dac_thu"), giaoNhiemVu: try f.optionalBool("giao_nhiem_vu"))
        }
        let under = try r.optionalChecked("under", .slug)
        if ids != nil, level != nil || province != nil || flags != nil || under != nil {
            throw PayloadError(field: r.path, message: "ids cannot be combined with level, province, flags or under")
        }
        return OrgSelector(ids: ids, kind: kind, level: level, province: province, flags: flags, under: under)
    }

    /// Reads member `key` of `r` as a selector.
    static func read(_ r: inout FieldReader, _ key: String) throws(PayloadError) -> OrgSelector? {
        try r.optionalObject(key) { (n: inout FieldReader) throws(PayloadError) in try read(&n) }
    }

    func references(_ refs: inout References, at path: String) {
        for (i, id) in (ids ?? []).enumerated() { refs.need(.org, id, "\(path).ids[\(i)]") }
        if let under { refs.need(.org, under, "\(path).under") }
    }
}
