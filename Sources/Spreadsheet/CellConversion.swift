import LogFormat

/// How the text of a cell becomes a JSON value of the append line (the mapping's `as`).
public indirect enum CellConversion: Sendable, Equatable {
    /// The text itself (the default).
    case string
    /// A whole number: optional sign and digits, no thousands separators.
    case integer
    /// A decimal number, which the log keeps as a string (`"0.60"`): digits with `.` or `,` as
    /// the decimal mark, no thousands separators.
    case decimal
    /// `true`, `yes`, `có`, `x`, `1` or `false`, `no`, `không`, `0`, in any case.
    case boolean
    /// A date written in the mapping's ``DateOrder``, kept as `YYYY-MM-DD` (or `YYYY-MM`,
    /// `YYYY` for a month or a year).
    case date(DateOrder)
    /// A list: the text split at `separator`, each part (white space removed; empty parts left
    /// out) converted as `item`.
    case list(item: CellConversion, separator: String)

    /// The names `as` takes.
    public static let names = ["string", "integer", "decimal", "boolean", "date", "list"]

    /// The value of `text` (not empty, already trimmed), or what is wrong with it.
    public func value(_ text: String, lookup: [String: JSONValue]? = nil) -> Result<JSONValue, ConversionError> {
        if case .list(let item, let separator) = self {
            var values: [JSONValue] = []
            for part in text.split(separator: separator, omittingEmptySubsequences: false) {
                let part = CSVReader.trimmed(String(part))
                if part.isEmpty { continue }
                switch item.value(part, lookup: lookup) {
                case .success(let v): values.append(v)
                case .failure(let e): return .failure(ConversionError("item \(echoed(part)): \(e.message)"))
                }
            }
            return .success(.array(values))
        }
        if let lookup {
            guard let value = lookup[text] else {
                let known = lookup.keys.sorted().prefix(8).map { echoed($0) }.joined(separator: ", ")
                return .failure(ConversionError("\(echoed(text)) is not one of the mapping's values (\(known)\(lookup.count > 8 ? ", …" : ""))"))
            }
            return .success(value)
        }
        switch self {
        case .string:
            return .success(.string(text))
        case .integer:
            return Self.integer(text).map { .success(.integer($0)) }
                ?? .failure(ConversionError("\(echoed(text)) is not a whole number (digits only: no thousands separators, no decimals)"))
        case .decimal:
            if Self.looksGrouped(text) {
                return .failure(ConversionError("\(echoed(text)) could be a number with a thousands separator or a decimal; write it without grouping (1234) or with the decimal's digits (1.2340)"))
            }
            return Self.decimal(text).map { .success(.string($0)) }
                ?? .failure(ConversionError("\(echoed(text)) is not a decimal number such as 0.60 or 0,60 (no thousands separators)"))
        case .boolean:
            return Self.boolean(text).map { .success(.bool($0)) }
                ?? .failure(ConversionError("\(echoed(text)) is not a yes or no (true/false, có/không, x, 1/0)"))
        case .date(let order):
            return order.isoDate(text).map { .success(.string($0)) }
                ?? .failure(ConversionError("\(echoed(text)) is not a date in the mapping's date_format, \(order.rawValue)"))
        case .list:
            fatalError("handled above")
        }
    }

    static func integer(_ text: String) -> Int64? {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), digits.utf8.count <= 16,
              let magnitude = Int64(digits), magnitude <= Limits.maxSafeInteger
        else { return nil }
        return negative ? -magnitude : magnitude
    }

    static func decimal(_ text: String) -> String? {
        let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "." || $0 == "," })
        guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }) else { return nil }
        return parts.joined(separator: ".")
    }

    /// Whether `text` reads as well as a grouped whole number as a decimal: 1 to 3 digits not
    /// starting with 0, one `.` or `,`, then exactly 3 digits (`1.234` is 1234 in Vietnamese and
    /// 1.234 in English). Such a cell is refused rather than guessed.
    static func looksGrouped(_ text: String) -> Bool {
        let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "." || $0 == "," })
        guard parts.count == 2, (1...3).contains(parts[0].count), parts[0].first != "0", parts[1].count == 3 else { return false }
        return parts.allSatisfy { $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
    }

    static func boolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "có", "x", "1": true
        case "false", "no", "không", "0": false
        default: nil
        }
    }
}

/// How a mapping's dates are written (its `date_format`). `YYYY-MM-DD` is read in either order,
/// since it cannot be mistaken.
public enum DateOrder: String, Sendable, Equatable, CaseIterable {
    /// Day first, as Vietnamese offices write dates: `05/03/2026` or `5/3/2026` (also with `.` or
    /// `-`), `03/2026` for a month, `2026` for a year.
    case dayFirst = "dd/mm/yyyy"
    /// ISO 8601: `2026-03-05`, `2026-03` for a month, `2026` for a year.
    case iso = "yyyy-mm-dd"

    /// `text` as `YYYY-MM-DD` (`YYYY-MM`, `YYYY`), or nil when it is not a real date written in
    /// this order.
    public func isoDate(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2F || $0 == 0x2D || $0 == 0x2E }) else { return nil }
        let separators = Set(bytes.filter { $0 < 0x30 })
        guard separators.count <= 1 else { return nil }
        let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." }).map(String.init)
        guard parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        var year: String, month: String?, day: String?
        if parts[0].count == 4 {
            // Year first: only as ISO writes it.
            guard parts.count <= 3, separators.isEmpty || separators == [0x2D], parts.dropFirst().allSatisfy({ $0.count == 2 })
            else { return nil }
            year = parts[0]
            month = parts.count > 1 ? parts[1] : nil
            day = parts.count > 2 ? parts[2] : nil
        } else {
            guard self == .dayFirst, parts.last?.count == 4, parts.count >= 2, parts.count <= 3,
                  parts.dropLast().allSatisfy({ $0.count <= 2 })
            else { return nil }
            year = parts[parts.count - 1]
            month = parts[parts.count - 2]
            day = parts.count == 3 ? parts[0] : nil
        }
        guard let y = Int(year), y >= 1 else { return nil }
        guard let monthText = month else { return year }
        guard let m = Int(monthText), (1...12).contains(m) else { return nil }
        let mm = m < 10 ? "0\(m)" : "\(m)"
        guard let dayText = day else { return "\(year)-\(mm)" }
        guard let d = Int(dayText), d >= 1, d <= CivilTime.daysInMonth(year: y, month: m) else { return nil }
        return "\(year)-\(mm)-\(d < 10 ? "0\(d)" : "\(d)")"
    }
}

/// Why a cell's text could not be converted.
public struct ConversionError: Error, Sendable, Equatable {
    /// What is wrong, in words (the cell's text quoted).
    public let message: String

    init(_ message: String) { self.message = message }
}
