import Foundation

/// Prints an HTML document to PDF with headless Chromium, the one program this needs: A4 as the
/// document's print style sheet asks, page numbers from its margin boxes, no header or footer of
/// Chromium's own, and no network (the document references nothing outside itself).
enum PDFPrinter {
    /// The Chromium programs tried, in order, on `$PATH` (`$AUDITLOG_CHROMIUM` first when set).
    static let candidates = ["chromium-headless-shell", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    /// How long one print may take before it is abandoned.
    static let timeoutSeconds = 120.0

    /// Writes `html` as a PDF to `path`; throws ``CommandError/unavailable(_:)`` when no Chromium
    /// is installed or it fails, ``CommandError/io(_:)`` when a file cannot be written.
    static func print(html: String, to path: String) throws {
        guard let chromium = find() else {
            throw CommandError.unavailable("--pdf needs headless Chromium: install chromium-headless-shell (or chromium), or set AUDITLOG_CHROMIUM to its path")
        }
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("auditlog-pdf-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))")
        do { try fm.createDirectory(at: dir, withIntermediateDirectories: false) } catch {
            throw CommandError.io("cannot make a temporary directory for the PDF: \(error.localizedDescription)")
        }
        defer { try? fm.removeItem(at: dir) }
        let page = dir.appendingPathComponent("report.html")
        do { try Data(html.utf8).write(to: page) } catch { throw CommandError.io("cannot write \(page.path): \(error.localizedDescription)") }
        let target = URL(fileURLWithPath: path)
        let partial = dir.appendingPathComponent("report.pdf")
        var arguments = [
            "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=\(dir.appendingPathComponent("profile").path)",
            // Nothing is fetched: every host resolves to nothing, and all traffic, loopback included,
            // goes to a proxy on a port where nothing listens.
            "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
            "--no-pdf-header-footer", "--print-to-pdf=\(partial.path)", page.absoluteString,
        ]
        // Chromium refuses to run as root inside its sandbox; a root caller is a container.
        if getuid() == 0 { arguments.insert("--no-sandbox", at: 0) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        // Chromium's log goes to a file, so that it can never fill a pipe and stall the print.
        let logPath = dir.appendingPathComponent("chromium.log").path
        guard fm.createFile(atPath: logPath, contents: nil), let logFile = FileHandle(forWritingAtPath: logPath) else {
            throw CommandError.io("cannot write \(logPath)")
        }
        defer { try? logFile.close() }
        process.standardError = logFile
        do { try process.run() } catch { throw CommandError.unavailable("cannot run \(chromium): \(error.localizedDescription)") }
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            throw CommandError.unavailable("\(chromium) did not finish printing within \(Int(timeoutSeconds)) s")
        }
        guard process.terminationStatus == 0, fm.fileExists(atPath: partial.path) else {
            let log = (try? Data(contentsOf: URL(fileURLWithPath: logPath))) ?? Data()
            let last = String(decoding: log, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
            throw CommandError.unavailable("\(chromium) could not print the report (exit \(process.terminationStatus))\(last.isEmpty ? "" : ": \(last)")")
        }
        do {
            if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
            try fm.moveItem(at: partial, to: target)
        } catch {
            // Another file system: copy, then the temporary directory goes.
            do { try Data(contentsOf: partial).write(to: target) } catch {
                throw CommandError.io("cannot write \(path): \(error.localizedDescription)")
            }
        }
    }

    /// The Chromium to use, or nil.
    static func find() -> String? {
        let env = ProcessInfo.processInfo.environment
        if let given = env["AUDITLOG_CHROMIUM"], !given.isEmpty { return FileManager.default.isExecutableFile(atPath: given) ? given : nil }
        let path = (env["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for name in candidates {
            for dir in path {
                let full = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: full) { return full }
            }
        }
        return nil
    }
}
