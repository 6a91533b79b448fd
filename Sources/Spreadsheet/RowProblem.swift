import LogFormat

/// One thing wrong with an import, on one line of its own: a row of the file (its number in the
/// spreadsheet, the header being row 1), the column and the append line's field it concerns
/// when they are known, and what is wrong. A problem of the whole file or of the mapping has no
/// row.
public struct RowProblem: Sendable, Equatable, CustomStringConvertible {
    /// What kind of refusal it is, which decides the exit code (docs/import.md).
    public enum Kind: Sendable, Equatable {
        /// The row (or the file, or the mapping) is not valid input (exit 65).
        case invalid
        /// The row was imported before and has changed since (exit 3, as `append` for an
        /// event_id reused with other content).
        case conflict
        /// The log's authorship rules do not let an unsigned line of this type in (exit 77).
        case forbidden
    }

    /// What kind of refusal it is.
    public let kind: Kind
    /// The row's number in the spreadsheet (the header is row 1); nil for the file or the mapping.
    public let row: Int?
    /// The column of the file the problem is in, as its header names it.
    public let column: String?
    /// The field of the append line (`occurred_at`, `payload.report_id`, …), or a path in the
    /// mapping file for a problem of the mapping.
    public let field: String?
    /// What is wrong, in words.
    public let message: String

    /// A problem.
    public init(_ kind: Kind = .invalid, row: Int?, column: String? = nil, field: String? = nil, message: String) {
        self.kind = kind
        self.row = row
        self.column = column
        self.field = field.flatMap { $0.isEmpty ? nil : $0 }
        self.message = message
    }

    /// `row 5: column "Ngày gửi" (occurred_at): …`, or `row 5: payload.reporter: …` when no
    /// column holds the field.
    public var description: String {
        var text = row.map { "row \($0): " } ?? ""
        if let column {
            text += "column \(echoed(column))" + (field.map { " (\($0))" } ?? "") + ": "
        } else if let field {
            text += "\(field): "
        }
        return text + message
    }
}
