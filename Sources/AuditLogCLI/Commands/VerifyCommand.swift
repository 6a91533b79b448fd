import ArgumentParser
import AuditDomain
import EventLog
import Foundation
import LogFormat

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that the log was not altered: every entry, leaf, root and signature.",
        discussion: HelpText.paragraphs("""
            Recomputes every leaf hash and the Merkle root from the stored entry bytes; checks each
            entry's canonical form (RFC 8785 profile), NFC text, envelope, dense seq and query
            columns; verifies every stored checkpoint's signature and root; and checks each
            checkpoint you kept (--checkpoint): a different root for a size already signed is a
            fork, a size beyond the log is a truncation or rollback. Pass the vkey you were given
            (--vkey): without it the key stored in the file is used, which catches accidents and
            naive edits but not a log rewritten and re-signed by whoever holds its key.
            SQLite's own page check (quick_check) covers the tables and indexes that verify does
            not read row by row; --pages extends it to every page of the file, the events
            table's included (storage health: free space and page accounting; about a fifth
            slower). Exit 0 when clean, 1 when tampering is found. Memory does not grow with the log.

            Examples:
              auditlog --db audit.db verify --vkey "$(cat vkey.txt)"
              auditlog --db audit.db verify --vkey "$(cat vkey.txt)" \\
                  --checkpoint kept-2026-06-30.txt
            """))

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("checkpoint"), help: ArgumentHelp("A signed checkpoint you kept (repeatable).", valueName: "file"))
    var checkpoints: [String] = []

    @Option(help: ArgumentHelp("The verifier key you trust (default: the one in the file).", valueName: "vkey"))
    var vkey: String?

    @Flag(help: "Run SQLite's quick_check over every page of the file, the events table's included.")
    var pages = false

    @Option(help: "Output format: table (text) or json.") var format: OutputFormat = .table
    @Flag(name: .shortAndLong, help: "No progress on standard error.") var quiet = false

    func validate() throws {
        if format == .csv || format == .ndjson { throw ValidationError("verify prints table or json") }
        if let vkey, VerifierKey(vkey) == nil { throw ValidationError("--vkey is not an Ed25519 verifier key (name+id+key)") }
    }

    func run() throws {
        var tampered = false
        try running(json: format == .json) { () throws in
            if pages, global.isPostgreSQL {
                throw CommandError.usage("--pages is SQLite's page check; a PostgreSQL server checks its own pages (data checksums)")
            }
            let store = try global.open(writable: false)
            let held = try checkpoints.map { path throws in
                InspectorCheckpoint(name: path, note: try readTextFile(path))
            }
            let meter = ProgressMeter("verify", unit: "entries", total: try store.size(), enabled: !quiet)
            let report = try AuthorshipCheck.verify(
                store, trustedKey: vkey.flatMap(VerifierKey.init), inspectorCheckpoints: held, pages: pages ? .wholeFile : .unread
            ) { n in
                meter.update(n)
            }
            meter.finish()
            print(report)
            tampered = !report.ok
        }
        if tampered { throw ExitCode(ExitStatus.findings) }
    }

    private func print(_ report: VerificationReport) {
        let out = StandardOutput()
        defer { out.flush() }
        let root = Base64.encode(report.root)
        if format == .json {
            var fields: [String: JSONValue] = [
                "ok": .bool(report.ok), "origin": .string(report.origin), "key": .string(report.keySource.rawValue),
                "entries": .integer(report.entries), "checkpoints": .integer(report.checkpoints),
                "inspector_checkpoints": .integer(Int64(report.inspectorCheckpoints)),
                "size": .integer(report.entries), "root": .string(root), "pages": .string(report.pages.rawValue),
                "signed_entries": .integer(Int64(report.authored.count)),
            ]
            if !report.notes.isEmpty {
                fields["notes"] = .array(report.notes.map { note in
                    var object: [String: JSONValue] = ["message": .string(note.message)]
                    if let seq = note.seq { object["seq"] = .integer(seq) }
                    return .object(object)
                })
            }
            if let p = report.problem {
                var problem: [String: JSONValue] = ["message": .string(p.message), "kind": .string(p.kind.rawValue)]
                if let seq = p.seq { problem["seq"] = .integer(seq) }
                fields["problem"] = .object(problem)
            }
            out.line(json(fields))
            return
        }
        let key = report.keySource == .given
            ? "the vkey given with --vkey"
            : "the vkey stored in the file (pass --vkey to check against a key you hold)"
        out.line("log          \(report.origin), checked against \(key)")
        out.line("entries      \(report.entries) checked: canonical form, NFC, envelope, dense seq, leaf hashes")
        out.line("checkpoints  \(report.checkpoints) stored checkpoints verified; \(report.inspectorCheckpoints) kept checkpoints")
        if !report.authored.isEmpty {
            out.line("signatures   \(report.authored.count) signed entries checked against the key registry")
        }
        switch report.pages {
        case .unread: out.line("pages        SQLite quick_check of the tables and indexes not read above (--pages: the whole file)")
        case .wholeFile: out.line("pages        SQLite quick_check of every page of the file")
        case .server: out.line("pages        checked by the PostgreSQL server as it reads them (data checksums, when the cluster has them)")
        }
        for note in report.notes { out.line("NOTE         \(note)") }
        if let problem = report.problem {
            switch problem.kind {
            case .tampering: out.line("TAMPERING    \(problem)")
            case .damage: out.line("DAMAGED      \(problem)")
            case .input: out.line("CHECK INPUT  \(problem)")
            }
        } else {
            out.line("root         \(root) at size \(report.entries)")
            out.line("OK")
        }
    }
}

/// The text of a small file (a checkpoint or proof), or a one-line error.
func readTextFile(_ path: String) throws -> String {
    guard FileManager.default.fileExists(atPath: path) else { throw CommandError.notFound("file \(path) not found") }
    guard let data = FileManager.default.contents(atPath: path) else { throw CommandError.io("cannot read \(path)") }
    guard data.count <= Limits.maxNoteBytes, let text = String(data: data, encoding: .utf8) else {
        throw CommandError.invalidInput("\(path) is not a UTF-8 text file of at most \(Limits.maxNoteBytes) bytes")
    }
    return text
}
