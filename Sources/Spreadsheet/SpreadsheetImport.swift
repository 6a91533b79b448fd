import EventLog
import LogFormat

/// An import of a CSV file through a mapping into a log: every row checked, then all rows
/// appended in one `append` transaction, or none. The rows go through the store's own append,
/// on either engine: the same checks, idempotency by event id and one signed checkpoint.
///
/// To report every bad row at once, the rows the log refuses (what only the log can judge: an
/// unknown organisation, a row changed since it was imported) are found by dry runs: each
/// refusal takes its row out, and the dry run is repeated on the rest. That costs one pass over
/// the rows per refused row, so at most ``maxRefusedByTheLog`` are looked for.
public struct SpreadsheetImport {
    /// Rows refused by the log that one run reports; past these, the rest is not checked against
    /// the log (what each row is on its own is still reported for every row).
    public static let maxRefusedByTheLog = 100

    /// The mapping.
    public let mapping: ImportMapping
    /// The rows made into lines.
    public let batch: ImportBatch
    /// The file's name, for messages.
    public let file: String

    /// An import of `batch`, made with `mapping` from `file`.
    public init(mapping: ImportMapping, batch: ImportBatch, file: String) {
        self.mapping = mapping
        self.batch = batch
        self.file = file
    }

    /// Appends every row to `engine` (with `checkOnly`, checks them and rolls back), or throws
    /// an ``ImportFailure`` naming every bad row and appends nothing. Other failures (the
    /// database, the key) are thrown as the store throws them.
    public func run(
        on engine: any LogEngine, policy: any EntryPolicy, key: SignerKey?, clock: Clock, checkOnly: Bool,
        progress: (Int) -> Void = { _ in }
    ) throws -> AppendSummary {
        var problems = batch.problems
        var active = batch.lines
        var refused = 0
        while !active.isEmpty {
            // Once a row is bad nothing will be written: the rest is only checked.
            let dryRun = checkOnly || !problems.isEmpty
            do {
                var bytes: [UInt8] = []
                for line in active { bytes += line.bytes; bytes.append(0x0A) }
                let input = try InputSource.bytes(bytes, name: file)
                defer { input.close() }
                let summary = try engine.append(input, key: dryRun ? nil : key, policy: policy, clock: clock, dryRun: dryRun,
                                                progress: progress)
                if problems.isEmpty { return summary }
                break
            } catch let error as EventLogError {
                guard let (index, problem) = problem(error, among: active, engine: engine) else { throw error }
                problems.append(problem)
                active.remove(at: index)
                refused += 1
                if refused == Self.maxRefusedByTheLog, !active.isEmpty {
                    problems.append(RowProblem(row: nil, message:
                        "the log refused \(refused) rows; the other \(active.count) rows were not checked against the log: fix these and run again"))
                    break
                }
            }
        }
        throw ImportFailure(problems, rows: batch.rows)
    }

    /// The row a refusal of the store names (its index among `lines`) and the problem to report,
    /// or nil when the refusal is not about a line.
    private func problem(_ error: EventLogError, among lines: [ImportBatch.Line], engine: any LogEngine) -> (Int, RowProblem)? {
        let kind: RowProblem.Kind
        let lineNumber: Int?, field: String, message: String
        switch error {
        case .invalidInput(let l, let f, let m): (kind, lineNumber, field, message) = (.invalid, l, f, m)
        case .conflict(let l, let f, let m): (kind, lineNumber, field, message) = (.conflict, l, f, m)
        case .forbidden(let l, let f, let m): (kind, lineNumber, field, message) = (.forbidden, l, f, m)
        default: return nil
        }
        guard let lineNumber, lineNumber >= 1, lineNumber <= lines.count else { return nil }
        let line = lines[lineNumber - 1]
        if kind == .conflict, field == "event_id" {
            let seq = (try? engine.seq(forReference: line.eventID)).map { "seq \($0)" } ?? "an earlier event"
            return (lineNumber - 1, RowProblem(.conflict, row: line.row, field: "event_id", message:
                "this row (natural key \(ImportBatch.describe(mapping.naturalKey, line.key))) was imported before as \(seq) "
                + "(event_id \(line.eventID)) and has changed since; the log keeps what was imported: record the change as an "
                + "event.corrected of \(seq), or give the row a new key"))
        }
        return (lineNumber - 1, RowProblem(kind, row: line.row, column: mapping.column(forField: field), field: field, message: message))
    }
}
