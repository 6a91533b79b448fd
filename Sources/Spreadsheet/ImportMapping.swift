import LogFormat

/// A mapping file: how each row of a CSV file becomes an `append` line (docs/import.md, "The
/// mapping"). It names the event type, the natural key (the columns that identify a row, from
/// which the event id is derived: ``ImportEventID``), how dates are written, and where each
/// field of the line comes from (``MappedField``).
///
/// The file is JSON as the log reads it (keys in `[a-z0-9_]`, integers only, text made NFC).
public struct ImportMapping: Sendable {
    /// The event type of every row.
    public let type: String
    /// The columns that identify a row, in order.
    public let naturalKey: [String]
    /// How dates are written, when the mapping converts any.
    public let dates: DateOrder?
    /// The delimiter the mapping names, if it names one.
    public let delimiter: UInt8?
    /// `occurred_at`, `actor`, `subject`, `payload` and `meta`, as an object of fields.
    let fields: MappedField

    static let keys: Set<String> = [
        "description", "type", "natural_key", "date_format", "delimiter", "occurred_at", "actor", "subject", "payload", "meta",
    ]

    /// Reads the mapping file's bytes (`name` names it in problems), reporting every problem
    /// found at once.
    public static func parse(_ bytes: [UInt8], name: String) throws(ImportFailure) -> ImportMapping {
        let text = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        func failure(_ messages: [String]) -> ImportFailure {
            ImportFailure(messages.map { RowProblem(row: nil, message: "mapping \(name): \($0)") })
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(text, normalize: true)
        } catch {
            throw failure([error.path.isEmpty ? "not JSON as the log reads it: \(error.message)" : "\(error.path): \(error.message)"])
        }
        guard case .object(let top) = value else { throw failure(["must be a JSON object, found \(value.kindName)"]) }
        var problems: [String] = []
        for unknown in top.keys.sorted() where !keys.contains(unknown) {
            problems.append("\(echoed(unknown)) is not a member of a mapping (allowed: \(keys.sorted().joined(separator: ", ")))")
        }
        var type = ""
        if case .string(let t)? = top["type"], AppendLine.isDottedType(t) { type = t } else {
            problems.append("type: required: the event type of every row, such as \"report.submitted\"")
        }
        var naturalKey: [String] = []
        if case .array(let columns)? = top["natural_key"], !columns.isEmpty,
           columns.allSatisfy({ ($0.stringValue.map { !$0.isEmpty }) ?? false }) {
            naturalKey = columns.compactMap(\.stringValue)
            if Set(naturalKey).count != naturalKey.count { problems.append("natural_key: names a column twice") }
        } else {
            problems.append("natural_key: required: the list of columns that identify a row, such as [\"Số hiệu\"]")
        }
        var dates: DateOrder?
        if let v = top["date_format"] {
            if let s = v.stringValue, let order = DateOrder(rawValue: s) { dates = order } else {
                problems.append("date_format: must be \"dd/mm/yyyy\" or \"yyyy-mm-dd\"")
            }
        }
        var delimiter: UInt8?
        if let v = top["delimiter"] {
            if let s = v.stringValue, let d = CSVReader.delimiter(named: s) { delimiter = d } else {
                problems.append("delimiter: must be \",\", \";\", \"|\" or \"\\t\"")
            }
        }
        if let v = top["description"], v.stringValue == nil { problems.append("description: must be a string") }
        var envelope: [String: JSONValue] = [:]
        for key in ["occurred_at", "actor", "subject"] {
            if let v = top[key] { envelope[key] = v } else if key != "subject" {
                problems.append("\(key): required (for instance {\"column\": \"Ngày\", \"as\": \"date\"} or {\"value\": \"clerk:so-noi-vu\"})")
            }
        }
        for key in ["payload", "meta"] {
            guard let v = top[key] else {
                if key == "payload" { problems.append("payload: required: an object of the payload's fields") }
                continue
            }
            guard case .object = v else {
                problems.append("\(key): must be an object of fields, found \(v.kindName)")
                continue
            }
            envelope[key] = .object(["object": v, "optional": .bool(key == "meta")])
        }
        let fields = MappedField.parse(.object(["object": .object(envelope)]), path: "", dates: dates, problems: &problems)
        guard problems.isEmpty, let fields else { throw failure(problems) }
        return ImportMapping(type: type, naturalKey: naturalKey, dates: dates, delimiter: delimiter, fields: fields)
    }

    /// Every column the mapping reads, with the field that reads it (the natural key's columns
    /// as `event_id`).
    public var columns: [(path: String, column: String)] {
        fields.columns(path: "") + naturalKey.map { ("event_id", $0) }
    }

    /// The problems of reading a file with `header` (named `file`): every column the mapping
    /// reads must be in the header, once.
    public func problems(header: [String], file: String) -> [RowProblem] {
        var seen = Set<String>()
        var problems: [RowProblem] = []
        let shown = header.prefix(12).map { echoed($0) }.joined(separator: ", ") + (header.count > 12 ? ", …" : "")
        for (path, column) in columns where seen.insert(column).inserted {
            let count = header.filter { $0 == column }.count
            if count == 0 {
                problems.append(RowProblem(row: nil, message:
                    "\(path): column \(echoed(column)) is not in the header of \(file) (its columns: \(shown))"))
            } else if count > 1 {
                problems.append(RowProblem(row: nil, message: "\(path): column \(echoed(column)) is in the header of \(file) \(count) times"))
            }
        }
        return problems
    }

    /// The column that gives `field` of the line (`payload.period.start`,
    /// `payload.participants[1]`), if a column gives it.
    public func column(forField field: String) -> String? {
        var best: (path: String, column: String)?
        for (path, column) in fields.columns(path: "") {
            guard field == path || field.hasPrefix(path + ".") || field.hasPrefix(path + "[") else { continue }
            if best == nil || path.count > best!.path.count { best = (path, column) }
        }
        return best?.column
    }

    /// The append line of `row` (nil when it has problems, added to `problems`) and the values
    /// of its natural key. `columns` gives each column's index in the header.
    public func line(for row: CSVTable.Row, columns: [String: Int], problems: inout [RowProblem]) -> (line: JSONValue, key: [String])? {
        let before = problems.count
        var key: [String] = []
        for column in naturalKey {
            let text = columns[column].map { row.cells[$0] } ?? ""
            if text.isEmpty {
                problems.append(RowProblem(row: row.number, column: column, message:
                    "empty, but it is part of the natural key (the cells that identify the row)"))
            }
            key.append(text)
        }
        let value = fields.value(on: row, columns: columns, path: "", problems: &problems)
        guard problems.count == before, case .object(var members)? = value else { return nil }
        members["type"] = .string(type)
        members["event_id"] = .string(ImportEventID.derive(type: type, key: key))
        return (.object(members), key)
    }
}
