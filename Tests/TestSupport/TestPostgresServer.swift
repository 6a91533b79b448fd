import Foundation

/// A PostgreSQL server of its own for one test, in a temporary directory (`tools/pgserver.py`,
/// which `tools/setup --tests` makes work): started by ``start()``, stopped and removed by
/// ``stop()``.
public struct TestPostgresServer: Sendable {
    /// Why the server could not be started or stopped: what `tools/pgserver.py` said.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The repository's root.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The server's directory.
    public let directory: String
    /// Its URL (`postgresql://…`, over a Unix socket in `directory`).
    public let url: String

    /// Starts a new server in a new temporary directory.
    public static func start() throws -> TestPostgresServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("auditlog-pg-\(UUID().uuidString)").path
        do {
            return TestPostgresServer(directory: directory, url: try pgserver("start", directory))
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    /// Stops the server and removes its directory.
    public func stop() {
        _ = try? Self.pgserver("stop", directory)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs `tools/pgserver.py command directory`; its output (the server's URL for `start`).
    private static func pgserver(_ command: String, _ directory: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("tools/pgserver.py").path, command, directory]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problem = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(description: "pgserver.py \(command): \(problem)") }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
