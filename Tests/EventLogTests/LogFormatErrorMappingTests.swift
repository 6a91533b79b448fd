import LogFormat
import Testing

@testable import EventLog

/// A refusal of the log's formats keeps its case, payload and message when the store or the CLI
/// turns it into an ``EventLogError`` (the CLI's exit code is chosen by that case).
@Suite struct LogFormatErrorMappingTests {
    @Test("every LogFormatError becomes the EventLogError case of the same name, with the same message")
    func sameCase() {
        let pairs: [(LogFormatError, String)] = [
            (.invalidInput(line: 3, field: "type", message: "bad"), "invalidInput"),
            (.invalidInput(line: nil, field: "", message: "no events"), "invalidInput"),
            (.notFound("input file x not found"), "notFound"),
            (.invalidArgument("input /tmp is a directory, not a file"), "invalidArgument"),
            (.io("cannot read x"), "io"),
            (.key("signing key k not found"), "key"),
        ]
        for (error, name) in pairs {
            let mapped = EventLogError(error)
            #expect(mapped.description == error.description)
            switch (error, mapped) {
            case (.invalidInput(let l1, let f1, let m1), .invalidInput(let l2, let f2, let m2)):
                #expect(l1 == l2 && f1 == f2 && m1 == m2 && name == "invalidInput")
            case (.notFound(let a), .notFound(let b)): #expect(a == b && name == "notFound")
            case (.invalidArgument(let a), .invalidArgument(let b)): #expect(a == b && name == "invalidArgument")
            case (.io(let a), .io(let b)): #expect(a == b && name == "io")
            case (.key(let a), .key(let b)): #expect(a == b && name == "key")
            default: Issue.record("\(name) became \(mapped)")
            }
        }
    }

    @Test("mapping passes results through and maps what the body throws")
    func mapping() throws {
        #expect(try EventLogError.mapping { () throws(LogFormatError) in 7 } == 7)
        do {
            _ = try EventLogError.mapping { () throws(LogFormatError) -> Int in throw .invalidArgument("u") }
            Issue.record("mapping swallowed the error")
        } catch {
            guard case .invalidArgument("u") = error else { Issue.record("mapped to \(error)"); return }
        }
    }
}
