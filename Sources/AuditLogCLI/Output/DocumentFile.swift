import Foundation

/// A document the command writes whole (a report): to a file, which appears complete or not at
/// all (written beside it, then renamed), or to standard output.
enum DocumentFile {
    /// Writes `text` to `path`, or to standard output when `path` is nil or `-`.
    static func write(_ text: String, to path: String?) throws {
        guard let path, path != "-" else {
            let out = StandardOutput()
            out.write(text)
            out.flush()
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CommandError.io("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
