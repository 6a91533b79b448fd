import EventLog
import Foundation
import LogFormat

/// Writes the receipts of an append's signed events into a directory (`append --receipts DIR`,
/// docs/authorship.md): one file `<event_id>.tlog-proof` per event, holding what `auditlog prove`
/// prints for it against the append's checkpoint.
///
/// A file appears whole or not at all: the receipt goes to a temporary file in the directory,
/// which is then linked to its name (a link, unlike a rename, never replaces a file made
/// meanwhile). A file already there is never replaced: with the same content it is left; with a
/// receipt of the same entry that verifies with the log's key (an earlier append of the same
/// line, against an older checkpoint) it is kept; anything else is refused, after the other
/// receipts are written.
struct ReceiptWriter {
    /// The directory, as given.
    let directory: String
    /// The mode of a new file: read and write for all, less the process's umask.
    private let mode: mode_t

    /// What became of the receipts of one append.
    struct Tally {
        /// Receipts the directory now holds for this append: written, or there already with the same content.
        var written = 0
        /// Earlier receipts of the same events, left in place.
        var kept = 0
    }

    private enum Placement {
        case written, unchanged, earlier, refused
    }

    /// The writer for `directory`, which is made (with its parents) when missing. Refuses a path
    /// that is not a directory (exit 64) or a directory it cannot write in (exit 74): this runs
    /// before the append, so that a receipt is never lost for a reason known in advance.
    init(directory: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw CommandError.usage("--receipts: \(directory) exists and is not a directory") }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw CommandError.io("--receipts: cannot create the directory \(directory): \(error.localizedDescription)")
            }
        }
        guard access(directory, W_OK | X_OK) == 0 else {
            throw CommandError.io("--receipts: cannot write in \(directory): \(String(cString: strerror(errno)))")
        }
        self.directory = directory
        let mask = umask(0)
        umask(mask)
        mode = 0o666 & ~mask
    }

    /// Writes the receipts of the signed events of the committed append `summary`.
    func write(_ store: any LogEngine, summary: AppendSummary) throws -> Tally {
        let key = try store.storedVerifierKey()
        var tally = Tally()
        var refused: [String] = []
        try store.forEachAuthorReceipt(of: summary) { outcome, receipt in
            let path = (directory as NSString).appendingPathComponent("\(outcome.eventID).tlog-proof")
            switch try place(Array(receipt.text.utf8), of: receipt, at: path, key: key) {
            case .written, .unchanged: tally.written += 1
            case .earlier: tally.kept += 1
            case .refused: refused.append(path)
            }
        }
        // Make the new names durable, as the append is (best effort: not every file system can).
        let fd = open(directory, O_RDONLY)
        if fd >= 0 {
            _ = fsync(fd)
            close(fd)
        }
        if let first = refused.first {
            let files = refused.count == 1
                ? "\(first) already exists and holds" : "\(refused.count) files (\(first) the first) already exist and hold"
            throw CommandError.io(
                "--receipts: \(files) no receipt of that event in this log; not replaced. The events are in the log, and "
                    + "\(tally.written) other receipt\(tally.written == 1 ? " is" : "s are") in \(directory)")
        }
        return tally
    }

    /// Puts `bytes`, the text of `receipt`, at `path` unless a file is there already.
    private func place(_ bytes: [UInt8], of receipt: InclusionReceipt, at path: String, key: VerifierKey) throws -> Placement {
        // Twice at most: a file that appears between the look and the link is judged the second time.
        for _ in 0..<2 {
            var info = stat()
            if stat(path, &info) == 0 { return judge(path, info: info, against: bytes, of: receipt, key: key) }
            guard errno == ENOENT else { throw CommandError.io("--receipts: cannot look at \(path): \(String(cString: strerror(errno)))") }
            let temporary = try temporaryFile(holding: bytes, for: path)
            defer { unlink(temporary) }
            if link(temporary, path) == 0 { return .written }
            let failure = errno
            if failure == EEXIST { continue }
            // A file system without hard links: a rename, which would replace a file made since
            // the look above (a file of the same event, written at the same moment).
            guard [EPERM, ENOTSUP, EOPNOTSUPP, ENOSYS].contains(failure), rename(temporary, path) == 0 else {
                throw CommandError.io("--receipts: cannot write \(path): \(String(cString: strerror(failure)))")
            }
            return .written
        }
        throw CommandError.io("--receipts: \(path) keeps appearing and disappearing; nothing written there")
    }

    /// What the file at `path` holds compared with the receipt to write.
    private func judge(_ path: String, info: stat, against bytes: [UInt8], of receipt: InclusionReceipt, key: VerifierKey) -> Placement {
        guard (info.st_mode & S_IFMT) == S_IFREG, info.st_size <= off_t(Limits.maxNoteBytes),
            let data = FileManager.default.contents(atPath: path)
        else { return .refused }
        if Array(data) == bytes { return .unchanged }
        guard let text = String(data: data, encoding: .utf8), case .success(let earlier) = InclusionReceipt.parse(text),
            earlier.entry == receipt.entry, earlier.index == receipt.index, case .success = earlier.verify(with: key)
        else { return .refused }
        return .earlier
    }

    /// A new file beside `path` holding `bytes`, written through to the disk; returns its path.
    private func temporaryFile(holding bytes: [UInt8], for path: String) throws -> String {
        let name = (path as NSString).lastPathComponent
        var template = Array("\(directory)/.\(name).XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { p in p.baseAddress.map { mkstemp($0) } ?? -1 }
        guard fd >= 0 else { throw CommandError.io("--receipts: cannot write in \(directory): \(String(cString: strerror(errno)))") }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var offset = 0
        var failure: Int32 = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress.map { $0 + offset }, bytes.count - offset) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                failure = n < 0 ? errno : ENOSPC
                break
            }
            offset += n
        }
        if failure == 0, fchmod(fd, mode) != 0 || fsync(fd) != 0 { failure = errno }
        close(fd)
        guard failure == 0 else {
            unlink(temporary)
            throw CommandError.io("--receipts: cannot write \(temporary): \(String(cString: strerror(failure)))")
        }
        return temporary
    }
}

extension ReceiptWriter.Tally {
    /// The line standard error shows after the receipts are written.
    func message(directory: String) -> String {
        "wrote \(written) receipt\(written == 1 ? "" : "s") to \(directory)"
            + (kept > 0 ? "; kept \(kept) earlier receipt\(kept == 1 ? "" : "s") of the same event\(kept == 1 ? "" : "s")" : "")
    }
}
