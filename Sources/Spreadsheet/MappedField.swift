import LogFormat

/// Where one field of the append line comes from, as the mapping says: a column of the file,
/// a constant, or an object of such fields.
public indirect enum MappedField: Sendable, Equatable {
    /// The text of a column, converted; `lookup` (the mapping's `values`) replaces the text by
    /// the value given for it. An empty cell leaves the field out when `optional`, and is a
    /// problem otherwise.
    case column(String, CellConversion, lookup: [String: JSONValue]?, optional: Bool)
    /// The same value on every row.
    case constant(JSONValue)
    /// An object of fields. When `optional`, it is left out on a row where every column it reads
    /// is empty (one that reads no column, only constants, is always there).
    case object([String: MappedField], optional: Bool)

    /// The options a field of each kind takes.
    static let columnOptions: Set<String> = ["column", "as", "item", "separator", "optional", "values"]
    static let constantOptions: Set<String> = ["value"]
    static let objectOptions: Set<String> = ["object", "optional"]

    /// Reads a field of the mapping: an object with one of `column`, `value` or `object`.
    /// Problems are added to `problems`, each naming `path` (`payload.period.start`).
    static func parse(_ value: JSONValue, path: String, dates: DateOrder?, problems: inout [String]) -> MappedField? {
        func problem(_ message: String) -> MappedField? {
            problems.append("\(path): \(message)")
            return nil
        }
        guard case .object(let spec) = value else {
            return problem("must be an object such as {\"column\": \"Tên cột\"}, {\"value\": …} or {\"object\": {…}}, found \(value.kindName)")
        }
        let known = columnOptions.union(constantOptions).union(objectOptions)
        if let unknown = spec.keys.sorted().first(where: { !known.contains($0) }) {
            return problem("\(echoed(unknown)) is not an option of a field (the options: \(known.sorted().joined(separator: ", ")))")
        }
        let sources = ["column", "value", "object"].filter { spec[$0] != nil }
        guard sources.count == 1 else {
            return problem(sources.isEmpty
                ? "says where the field comes from with one of \"column\", \"value\" or \"object\""
                : "takes one of \"column\", \"value\" or \"object\", not \(sources.joined(separator: " and "))")
        }
        let allowed = sources[0] == "column" ? columnOptions : sources[0] == "value" ? constantOptions : objectOptions
        if let unknown = spec.keys.sorted().first(where: { !allowed.contains($0) }) {
            return problem("\(echoed(unknown)) is not an option here (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
        var optional = false
        if let v = spec["optional"] {
            guard case .bool(let b) = v else { return problem("\"optional\" must be true or false") }
            optional = b
        }
        switch sources[0] {
        case "value":
            return .constant(spec["value"]!)
        case "object":
            guard case .object(let members) = spec["object"]! else { return problem("\"object\" must be an object of fields") }
            guard let fields = parseFields(members, path: path, dates: dates, problems: &problems) else { return nil }
            return .object(fields, optional: optional)
        default:
            guard case .string(let column) = spec["column"]!, !column.isEmpty else {
                return problem("\"column\" must name a column of the header")
            }
            func conversion(_ name: String, _ key: String) -> CellConversion? {
                switch name {
                case "string": return .string
                case "integer": return .integer
                case "decimal": return .decimal
                case "boolean": return .boolean
                case "date":
                    guard let dates else {
                        problems.append("\(path): \"\(key)\": \"date\" needs the mapping's \"date_format\" (\"dd/mm/yyyy\" or \"yyyy-mm-dd\")")
                        return nil
                    }
                    return .date(dates)
                default:
                    problems.append("\(path): \"\(key)\": \(echoed(name)) is not one of \(CellConversion.names.joined(separator: ", "))")
                    return nil
                }
            }
            var converted = CellConversion.string
            let asName = spec["as"].map { $0.stringValue ?? "" } ?? "string"
            if asName == "list" {
                var item = CellConversion.string
                if let v = spec["item"] {
                    guard let name = v.stringValue, name != "list" else { return problem("\"item\" must be one of string, integer, decimal, boolean, date") }
                    guard let c = conversion(name, "item") else { return nil }
                    item = c
                }
                var separator = ","
                if let v = spec["separator"] {
                    guard let s = v.stringValue, !s.isEmpty else { return problem("\"separator\" must be a non-empty string") }
                    separator = s
                }
                converted = .list(item: item, separator: separator)
            } else {
                if spec["item"] != nil || spec["separator"] != nil {
                    return problem("\"item\" and \"separator\" belong to \"as\": \"list\"")
                }
                guard let c = conversion(asName, "as") else { return nil }
                converted = c
            }
            var lookup: [String: JSONValue]?
            if let v = spec["values"] {
                guard case .array(let pairs) = v, !pairs.isEmpty else {
                    return problem("\"values\" must be a list of [cell text, value] pairs, such as [[\"Giao ban\", \"giao_ban\"]]")
                }
                var table: [String: JSONValue] = [:]
                for (i, pair) in pairs.enumerated() {
                    guard case .array(let two) = pair, two.count == 2, case .string(let text) = two[0] else {
                        return problem("\"values\"[\(i)] must be a pair [cell text, value]")
                    }
                    let cell = CSVReader.trimmed(text)
                    guard table[cell] == nil else { return problem("\"values\"[\(i)]: \(echoed(cell)) is given twice") }
                    table[cell] = two[1]
                }
                lookup = table
            }
            return .column(column, converted, lookup: lookup, optional: optional)
        }
    }

    /// Reads an object of fields (the payload, `meta`, an `object`).
    static func parseFields(_ members: [String: JSONValue], path: String, dates: DateOrder?, problems: inout [String]) -> [String: MappedField]? {
        var fields: [String: MappedField] = [:]
        var failed = false
        for (name, spec) in members.sorted(by: { $0.key < $1.key }) {
            if let field = parse(spec, path: path.isEmpty ? name : "\(path).\(name)", dates: dates, problems: &problems) {
                fields[name] = field
            } else {
                failed = true
            }
        }
        return failed ? nil : fields
    }

    /// Every column this field reads, with the path of the field that reads it.
    func columns(path: String) -> [(path: String, column: String)] {
        switch self {
        case .column(let name, _, _, _): [(path, name)]
        case .constant: []
        case .object(let fields, _):
            fields.sorted { $0.key < $1.key }.flatMap { $0.value.columns(path: path.isEmpty ? $0.key : "\(path).\($0.key)") }
        }
    }

    /// The field's value on `row` (nil: left out, or a problem added to `problems`).
    func value(on row: CSVTable.Row, columns: [String: Int], path: String, problems: inout [RowProblem]) -> JSONValue? {
        switch self {
        case .constant(let value):
            return value
        case .column(let name, let conversion, let lookup, let optional):
            let text = columns[name].map { row.cells[$0] } ?? ""
            guard !text.isEmpty else {
                if !optional { problems.append(RowProblem(row: row.number, column: name, field: path, message: "empty, and the field is required")) }
                return nil
            }
            switch conversion.value(text, lookup: lookup) {
            case .success(let value): return value
            case .failure(let error):
                problems.append(RowProblem(row: row.number, column: name, field: path, message: error.message))
                return nil
            }
        case .object(let fields, let optional):
            let read = self.columns(path: path)
            if optional, !read.isEmpty, read.allSatisfy({ columns[$0.column].map { row.cells[$0].isEmpty } ?? true }) {
                return nil
            }
            var members: [String: JSONValue] = [:]
            for (name, field) in fields.sorted(by: { $0.key < $1.key }) {
                if let value = field.value(on: row, columns: columns, path: path.isEmpty ? name : "\(path).\(name)", problems: &problems) {
                    members[name] = value
                }
            }
            return .object(members)
        }
    }
}
