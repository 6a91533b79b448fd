import Foundation
import SQLiteDatabase

/// What `backup` wrote: the copy, and beside it the checkpoint and vkey it verifies against.
public struct BackupResult: Sendable {
    /// The database copy.
    public let path: String
    /// The latest signed checkpoint of the copy, written to `<path>.checkpoint`.
    public let checkpointPath: String
    /// The log's vkey, written to `<path>.vkey`.
    public let vkeyPath: String
    /// The copy's verification against the source log's key and that checkpoint.
    public let report: VerificationReport
}

extension EventStore {
    /// Copies the log to `path` with `VACUUM INTO` (a consistent snapshot, taken while appends
    /// go on), writes the copy's latest checkpoint and the vkey beside it, and verifies the copy
    /// on its own. The signing key is never copied. Refuses to overwrite anything.
    public func backup(to path: String) throws(EventLogError) -> BackupResult {
        let checkpointPath = path + ".checkpoint", vkeyPath = path + ".vkey"
        for existing in [path, checkpointPath, vkeyPath] where FileManager.default.fileExists(atPath: existing) {
            throw .invalidArgument("\(existing) already exists; refusing to overwrite it")
        }
        do {
            // VACUUM INTO writes only the new file; query_only (set on read-only opens) would refuse it.
            try db.execute("PRAGMA query_only = 0")
            defer { try? db.execute("PRAGMA query_only = 1") }
            try db.statement("VACUUM INTO ?").execute([.text(path)])
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw EventLogError.from(error, path: path)
        }
        let copy = try EventStore.open(path: path, writable: false)
        let note = try copy.checkpointNote().note
        do {
            try Data(note.utf8).write(to: URL(fileURLWithPath: checkpointPath))
            try Data((meta.vkey + "\n").utf8).write(to: URL(fileURLWithPath: vkeyPath))
        } catch {
            throw .io("cannot write beside the backup: \(error.localizedDescription)")
        }
        let report = try copy.verify(
            trustedKey: try storedVerifierKey(), inspectorCheckpoints: [InspectorCheckpoint(name: checkpointPath, note: note)])
        return BackupResult(path: path, checkpointPath: checkpointPath, vkeyPath: vkeyPath, report: report)
    }
}
