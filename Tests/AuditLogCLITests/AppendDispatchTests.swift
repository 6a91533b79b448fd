import ArgumentParser
import Foundation
import Testing

@testable import AuditLogCLI

/// ``AuditLogCommand/appendCommand(_:)``: a command line that names `append` after global options
/// only is parsed by the append command alone, to the values the whole command tree gives it (the
/// root's options are those of ``GlobalOptions``, and of options given twice the last one wins);
/// every other command line, and every one that parse refuses or answers with help or the version,
/// is left to the whole tree.
@Suite("Dispatch of append past the command tree")
struct AppendDispatchTests {
    @Test("global options before append, as the benchmark and the docs write them")
    func globalOptionsBefore() throws {
        let command = try #require(AuditLogCommand.appendCommand(["--db", "a.db", "append", "--quiet", "events.ndjson"]))
        #expect(command.global.databasePath == "a.db")
        #expect(command.quiet)
        #expect(command.file == "events.ndjson")
        #expect(command.format == .table)
        #expect(!command.dryRun)
    }

    @Test("every written form of the global options, before and after append; the last one wins")
    func everyForm() throws {
        let command = try #require(AuditLogCommand.appendCommand(
            ["--db=a.db", "--lang", "en", "--wide", "append", "--db", "b.db", "--format", "json", "--key-file", "k", "-"]))
        #expect(command.global.databasePath == "b.db")
        #expect(command.global.lang == "en")
        #expect(command.global.wide)
        #expect(command.format == .json)
        #expect(command.keyFile == "k")
        #expect(command.file == "-")
        let first = try #require(AuditLogCommand.appendCommand(["append", "f"]))
        #expect(first.global.db == nil)
        #expect(first.file == "f")
    }

    @Test("left to the whole tree", arguments: [
        [],
        ["--version"],
        ["--db", "a.db", "log"],
        ["--db", "a.db", "append", "--version"],
        ["append", "--help"],
        ["append", "-h"],
        ["--help", "append"],
        ["append", "--experimental-dump-help"],
        ["append", "--generate-completion-script", "bash"],
        ["append", "--format", "csv", "f"],
        ["append", "--dry-run", "--receipts", "d", "f"],
        ["append", "--bogus", "f"],
        ["append", "a", "b"],
        // `append` as the value of --db; the next word is then the subcommand, and no command's name.
        ["--db", "append", "a.db", "append"],
        // A value that looks like an option: the tree says what is wrong with it.
        ["--db", "-x", "append", "f"],
        ["-q", "append", "f"],
    ])
    func leftToTheTree(_ arguments: [String]) {
        #expect(AuditLogCommand.appendCommand(arguments) == nil)
    }

    /// The dispatch skips the root's options by name: they must be exactly those of the root
    /// command as the argument parser describes it (less its built-in --version and --help).
    @Test("the names it skips are the root command's options")
    func namesAreTheRootOptions() throws {
        let dump = try #require(try JSONSerialization.jsonObject(with: Data(AuditLogCommand._dumpHelp().utf8)) as? [String: Any])
        let command = try #require(dump["command"] as? [String: Any])
        let arguments = try #require(command["arguments"] as? [[String: Any]])
        var options: Set<String> = [], flags: Set<String> = []
        for argument in arguments {
            let names = (argument["names"] as? [[String: Any]] ?? []).map { name in
                (name["kind"] as? String == "long" ? "--" : "-") + (name["name"] as? String ?? "")
            }
            switch argument["kind"] as? String {
            case "option": options.formUnion(names)
            case "flag": flags.formUnion(names)
            default: Issue.record("the root command takes a positional argument: \(argument)")
            }
        }
        #expect(options == Set(GlobalOptions.valueNames))
        #expect(flags.subtracting(["--version", "--help", "-h"]) == Set(GlobalOptions.flagNames))
    }
}
