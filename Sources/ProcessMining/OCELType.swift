/// An event type or object type of the export: its name, the attributes it declares, and the
/// suffix of its table in the SQLite format.
public struct OCELType: Sendable, Hashable {
    /// The name (`report.submitted`, `organisation`).
    public let name: String
    /// The attributes its events or objects may carry, in the order they are written.
    public let attributes: [OCELAttribute]

    public init(name: String, attributes: [OCELAttribute]) {
        self.name = name
        self.attributes = attributes
    }

    /// The `ocel_type_map` of the SQLite format: the name with every run of characters other
    /// than ASCII letters and digits made one `_` (`report.submitted` → `report_submitted`), so
    /// that `event_<map>` and `object_<map>` are plain table names.
    public var tableSuffix: String {
        var out = ""
        var gap = false
        for c in name.unicodeScalars {
            if c.isASCII, c.properties.isAlphabetic || ("0"..."9").contains(c) {
                if gap, !out.isEmpty { out.append("_") }
                out.unicodeScalars.append(c)
                gap = false
            } else {
                gap = true
            }
        }
        return out
    }
}
