import ArgumentParser

/// An `append` command line in the shapes scripts write, read without the argument parser:
/// the options of ``AppendCommand`` and ``GlobalOptions`` by their names, each value in the next
/// argument or after `=`, an option with a value given again replacing it (as the parser does),
/// and at most one file. Anything else is nil, for the argument parser to read and, if it is
/// wrong, to report in its own words: help, a flag given twice, a value that is empty or looks
/// like an option, `--`, a word neither names, a value the option refuses, and what
/// ``AppendCommand/validate()`` refuses.
///
/// The argument parser reflects over a command's properties and resolves their types at run
/// time, each the first time by a search of every protocol conformance in the binary: two
/// thirds of the CPU time of a process that appends one event (docs/decisions.md, "A command
/// starts in milliseconds"). The names and defaults are written here a second time; tests hold
/// them to the parser's description of the command and the values to its parse of generated
/// command lines.
enum AppendCommandLine {
    /// The names of the options that take a value.
    static let valueNames = ["--db", "--lang", "--key-file", "--format", "--receipts"]
    /// The names of the flags.
    static let flagNames = ["--wide", "--dry-run", "--quiet", "-q"]

    /// The command `arguments` (what follows `append`, the global options among them) give, or
    /// nil when the argument parser is to read them.
    static func command(_ arguments: [String]) -> AppendCommand? {
        var db: String?, lang: String?, keyFile: String?, receipts: String?, file: String?
        var format = OutputFormat.table
        var wide = false, dryRun = false, quiet = false
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-"), argument != "-" else {
                guard file == nil else { return nil }
                file = argument
                continue
            }
            var name = argument[...]
            var attached: Substring?
            if let equals = argument.firstIndex(of: "=") {
                name = argument[..<equals]
                attached = argument[argument.index(after: equals)...]
            }
            switch name {
            case "--wide", "--dry-run", "--quiet", "-q":
                guard attached == nil else { return nil }
                func set(_ flag: inout Bool) -> Bool {
                    defer { flag = true }
                    return !flag
                }
                let first = switch name {
                    case "--wide": set(&wide)
                    case "--dry-run": set(&dryRun)
                    default: set(&quiet)
                }
                guard first else { return nil }
            case "--db", "--lang", "--key-file", "--format", "--receipts":
                let value: String
                if let attached {
                    value = String(attached)
                } else {
                    guard index < arguments.count else { return nil }
                    value = arguments[index]
                    index += 1
                }
                guard !value.isEmpty, !value.hasPrefix("-") else { return nil }
                switch name {
                case "--db": db = value
                case "--lang": lang = value
                case "--key-file": keyFile = value
                case "--receipts": receipts = value
                default:
                    guard let chosen = OutputFormat(argument: value) else { return nil }
                    format = chosen
                }
            default:
                return nil
            }
        }
        var global = GlobalOptions()
        global.db = db
        global.lang = lang
        global.wide = wide
        var command = AppendCommand()
        command.global = global
        command.file = file ?? "-"
        command.dryRun = dryRun
        command.quiet = quiet
        command.keyFile = keyFile
        command.format = format
        command.receipts = receipts
        do {
            try global.validate()
            try command.validate()
        } catch {
            return nil
        }
        return command
    }
}
