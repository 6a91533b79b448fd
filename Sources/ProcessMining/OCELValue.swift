import LogFormat

/// The attribute value types of OCEL 2.0 that this export writes (the standard also has
/// `float`, which no attribute of the catalogue needs).
public enum OCELAttributeType: String, Sendable, Hashable, CaseIterable {
    case string, time, integer, boolean

    /// The column type the SQLite format declares for it (`TIMESTAMP` for times, as the
    /// relational schema of OCEL 2.0 names the type of `ocel_time`).
    var sqlType: String {
        switch self {
        case .string: "TEXT"
        case .time: "TIMESTAMP"
        case .integer: "INTEGER"
        case .boolean: "BOOLEAN"
        }
    }
}

/// One attribute an event type or object type declares.
public struct OCELAttribute: Sendable, Hashable {
    public let name: String
    public let type: OCELAttributeType

    public init(_ name: String, _ type: OCELAttributeType) {
        self.name = name
        self.type = type
    }
}

/// One attribute value. Times are held as the text written (RFC 3339).
public enum OCELValue: Sendable, Hashable {
    case string(String)
    case time(String)
    case integer(Int64)
    case boolean(Bool)

    /// Its type.
    public var type: OCELAttributeType {
        switch self {
        case .string: .string
        case .time: .time
        case .integer: .integer
        case .boolean: .boolean
        }
    }

    /// The value in the JSON format: a string, a number or a boolean.
    var json: JSONValue {
        switch self {
        case .string(let s), .time(let s): .string(s)
        case .integer(let n): .integer(n)
        case .boolean(let b): .bool(b)
        }
    }
}
