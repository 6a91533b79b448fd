import ArgumentParser
import Foundation
import TestSupport
import Testing

@testable import AuditLogCLI

/// ``AppendCommandLine``: the command lines it reads, it reads to the values the argument parser
/// gives them; the rest it leaves to the parser. The parser is the reference: its description of
/// the command gives the names, and its parse of generated command lines the values.
@Suite("An append command line read without the argument parser")
struct AppendCommandLineTests {
    /// What a parsed `append` holds, every property in one comparable list.
    private static func values(_ command: AppendCommand) -> [String] {
        [
            command.global.db ?? "nil", command.global.lang ?? "nil", "\(command.global.wide)", command.file,
            "\(command.dryRun)", "\(command.quiet)", command.keyFile ?? "nil", command.format.rawValue, command.receipts ?? "nil",
        ]
    }

    /// The argument parser's reading of `arguments` as an `append`, or nil when it refuses them.
    private static func reference(_ arguments: [String]) -> AppendCommand? {
        (try? AppendCommand.parseAsRoot(arguments)) as? AppendCommand
    }

    @Test("the names are the command's options and flags, as the argument parser describes them")
    func namesAreTheCommandsOptions() throws {
        let dump = try #require(try JSONSerialization.jsonObject(with: Data(AppendCommand._dumpHelp().utf8)) as? [String: Any])
        let command = try #require(dump["command"] as? [String: Any])
        var options: Set<String> = [], flags: Set<String> = []
        for argument in try #require(command["arguments"] as? [[String: Any]]) {
            let names = (argument["names"] as? [[String: Any]] ?? []).map { name in
                (name["kind"] as? String == "long" ? "--" : "-") + (name["name"] as? String ?? "")
            }
            switch argument["kind"] as? String {
            case "option": options.formUnion(names)
            case "flag": flags.formUnion(names)
            default: break  // the file
            }
        }
        #expect(options == Set(AppendCommandLine.valueNames))
        #expect(flags.subtracting(["--help", "-h"]) == Set(AppendCommandLine.flagNames))
    }

    /// A property added to the command (or to the global options) must be read here too: the
    /// reader sets every property, and the parser's value of one it does not know would be lost.
    @Test("it sets every property of the command and of the global options")
    func everyProperty() {
        let labels = Mirror(reflecting: AppendCommand()).children.compactMap(\.label)
        #expect(Set(labels) == ["_global", "_file", "_dryRun", "_quiet", "_keyFile", "_format", "_receipts"])
        let global = Mirror(reflecting: GlobalOptions()).children.compactMap(\.label)
        #expect(Set(global) == ["_db", "_lang", "_wide"])
    }

    @Test("the shapes scripts and the docs write are read, to the parser's values", arguments: [
        [],
        ["--quiet", "events.ndjson"],
        ["--db", "bench.db", "--quiet", "s.000001"],
        ["--db=a.db", "--lang", "en", "--wide", "--format", "json", "--key-file", "k", "-"],
        ["--dry-run", "events.ndjson"],
        ["--receipts", "receipts", "events.ndjson"],
        ["-q", "--format=ndjson", "-"],
        ["--db", "a.db", "--db", "b.db", "f"],
        ["--db", "postgresql://u@h/db?sslmode=disable", "f=g.ndjson"],
    ])
    func readsTheCommonShapes(_ arguments: [String]) throws {
        let quick = try #require(AppendCommandLine.command(arguments))
        let reference = try #require(Self.reference(arguments))
        #expect(Self.values(quick) == Self.values(reference))
    }

    @Test("left to the argument parser", arguments: [
        ["--help"], ["-h"], ["--version"], ["--"], ["--", "f"], ["--bogus", "f"], ["-x", "f"], ["-qq", "f"],
        ["--quiet", "--quiet", "f"], ["--quiet=yes", "f"], ["--db"], ["--db", "--quiet", "f"], ["--db=", "f"], ["--db", "-", "f"],
        ["--format", "xml", "f"], ["--format", "csv", "f"], ["--dry-run", "--receipts", "d", "f"], ["a", "b"],
        ["--generate-completion-script", "bash"], ["--experimental-dump-help"],
    ])
    func leftToTheParser(_ arguments: [String]) {
        #expect(AppendCommandLine.command(arguments) == nil)
    }

    /// Generated command lines from the words of every option, value and mistake: each that is
    /// read is read as the parser reads it, and a good share of them are read.
    @Test("generated command lines: what it reads, the parser reads alike")
    func generatedCommandLines() {
        let words = AppendCommandLine.valueNames + AppendCommandLine.flagNames + [
            "a.db", "en", "vi", "json", "table", "ndjson", "csv", "xml", "k.key", "dir", "-", "events.ndjson", "b", "--",
            "--bogus", "-x", "--db=c.db", "--format=json", "--lang=vi", "--quiet=1", "--db=", "--help", "x=y",
        ]
        var generator = SplitMix(seed: 20_261_206)
        var read = 0
        let total = 4_000
        for _ in 0..<total {
            let arguments = (0..<Int.random(in: 0...7, using: &generator)).map { _ in words.randomElement(using: &generator)! }
            guard let quick = AppendCommandLine.command(arguments) else { continue }
            read += 1
            guard let reference = Self.reference(arguments) else {
                Issue.record("read, but the parser refuses it: \(arguments)")
                continue
            }
            #expect(Self.values(quick) == Self.values(reference), "\(arguments)")
        }
        #expect(read > total / 20, "only \(read) of \(total) generated command lines were read")
    }
}
