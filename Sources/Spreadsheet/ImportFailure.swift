/// Why an import appended nothing: every problem found, in row order. An import is all or
/// nothing, like `append`: one problem and no row is written.
public struct ImportFailure: Error, Sendable, CustomStringConvertible {
    /// Every problem found, one line each, in row order (problems of the file or the mapping,
    /// which have no row, first).
    public let problems: [RowProblem]
    /// Data rows read from the file (0 when the file or the mapping could not be used).
    public let rows: Int

    /// A failure with these problems, put in row order.
    public init(_ problems: [RowProblem], rows: Int = 0) {
        self.problems = problems.enumerated().sorted { a, b in
            (a.element.row ?? 0, a.offset) < (b.element.row ?? 0, b.offset)
        }.map(\.element)
        self.rows = rows
    }

    /// A failure of the whole file or the mapping, which has no row.
    public init(_ message: String) {
        self.init([RowProblem(row: nil, message: message)])
    }

    /// Rows with at least one problem.
    public var refusedRows: Int { Set(problems.compactMap(\.row)).count }

    /// The exit code: 65 when a row (or the file, or the mapping) is invalid; else 77 when the
    /// log's authorship rules refuse a row; else 3, for rows that changed since they were
    /// imported.
    public var exitCode: Int32 {
        let kinds = Set(problems.map(\.kind))
        if kinds.contains(.invalid) || kinds.isEmpty { return 65 }
        if kinds.contains(.forbidden) { return 77 }
        return 3
    }

    /// The `error` member of a `--format json` error line for `problem` (as docs/reference.md
    /// names the kinds).
    public static func errorName(_ kind: RowProblem.Kind) -> String {
        switch kind {
        case .invalid: "invalid_input"
        case .conflict: "precondition_failed"
        case .forbidden: "not_permitted"
        }
    }

    /// The exit code of one problem's kind.
    public static func exitCode(_ kind: RowProblem.Kind) -> Int32 {
        switch kind {
        case .invalid: 65
        case .conflict: 3
        case .forbidden: 77
        }
    }

    /// The lines of the failure: each problem, in row order.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
