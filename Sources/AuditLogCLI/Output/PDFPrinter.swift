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
        let target = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: target.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CommandError.usage("--pdf \(path) is a directory; name the PDF file to write")
        }
        // The work happens in a directory beside the PDF (a browser packaged with a private /tmp
        // could not read one under /tmp), renamed into place only when Chromium succeeded.
        let dir = target.deletingLastPathComponent().appendingPathComponent(
            ".auditlog-pdf-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))")
        do { try fm.createDirectory(at: dir, withIntermediateDirectories: false) } catch {
            throw CommandError.io("cannot make a working directory beside \(path): \(error.localizedDescription)")
        }
        defer { try? fm.removeItem(at: dir) }
        let page = dir.appendingPathComponent("report.html")
        do { try Data(html.utf8).write(to: page) } catch { throw CommandError.io("cannot write \(page.path): \(error.localizedDescription)") }
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
        // Chromium's log goes to a file, so that it can never fill a pipe and stall the print.
        let logPath = dir.appendingPathComponent("chromium.log").path
        guard fm.createFile(atPath: logPath, contents: nil), let logFile = FileHandle(forWritingAtPath: logPath) else {
            throw CommandError.io("cannot write \(logPath)")
        }
        defer { try? logFile.close() }
        // In a process group of its own, so that a Chromium that hangs goes with all its children.
        var attributes: posix_spawnattr_t = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, logFile.fileDescriptor, 2)
        let argv = ([chromium] + arguments).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, chromium, &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw CommandError.unavailable("cannot run \(chromium): \(String(cString: strerror(spawned)))") }
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() >= deadline {
                kill(-pid, SIGTERM)
                usleep(2_000_000)
                kill(-pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw CommandError.unavailable("\(chromium) did not finish printing within \(Int(timeoutSeconds)) s")
            }
            usleep(20_000)
        }
        // Its helpers (renderer, zygote) may outlive it for a moment: none is left behind.
        kill(-pid, SIGKILL)
        let exited = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        guard exited == 0, fm.fileExists(atPath: partial.path) else {
            let log = (try? Data(contentsOf: URL(fileURLWithPath: logPath))) ?? Data()
            let last = String(decoding: log, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
            throw CommandError.unavailable("\(chromium) could not print the report (exit \(exited))\(last.isEmpty ? "" : ": \(last)")")
        }
        // rename(2) replaces a file in one step: readers see the old PDF or the new one.
        guard rename(partial.path, target.path) == 0 else {
            throw CommandError.io("cannot write \(path): \(String(cString: strerror(errno)))")
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
