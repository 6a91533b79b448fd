import CLibPQ

#if canImport(Glibc)
import Glibc
#endif

/// One libpq connection to a PostgreSQL server, used from one thread: statements prepared once
/// and reused, results in binary format, COPY for bulk loads.
public final class PGConnection {
    let handle: OpaquePointer
    private var prepared: [String: PGStatement] = [:]
    /// During a COPY: sends that libpq could not finish at once (it keeps their bytes).
    private var unsentSends = 0
    /// Sends a COPY may leave unfinished before it waits for the server: how far the client may
    /// run ahead of a server that is storing rows more slowly than they come.
    private static let copySendsAhead = 64
    /// Statements ``PGStatement/send(_:)`` may leave unanswered before it reads their answers.
    /// It bounds what the server has to say back (a few dozen bytes each), so that its answers
    /// always fit in the socket and the server never stops reading the statements behind them.
    static let pipelineDepth = 256
    /// Whether the loaded libpq has pipeline mode (14 and later); without it ``PGStatement/send(_:)``
    /// waits for each statement.
    private static let hasPipeline = clibpq_has_pipeline() == 1
    /// The SQL of each statement sent in pipeline mode whose answer has not been read, in order.
    private var unanswered: [String] = []

    /// Connects with a libpq connection string or URL (`postgresql://…`); libpq's `PG*`
    /// environment variables fill in what it leaves out. The session uses UTF-8 and UTC.
    public init(conninfo: String, applicationName: String = "auditlog") throws(PGError) {
        // libpq reads fallback_application_name only from the keyword form; a URL gets it as a parameter.
        let info: String
        if conninfo.hasPrefix("postgresql://") || conninfo.hasPrefix("postgres://") {
            info = conninfo + (conninfo.contains("?") ? "&" : "?") + "fallback_application_name=\(applicationName)"
        } else {
            info = conninfo + " fallback_application_name=\(applicationName)"
        }
        try Self.loadLibPQ()
        guard let handle = PQconnectdb(info) else {
            throw PGError(sqlState: nil, message: "libpq could not allocate a connection", isConnectionFailure: true)
        }
        self.handle = handle
        guard PQstatus(handle) == CONNECTION_OK else {
            // deinit closes the handle (it is set, so deinit runs when init throws).
            let message = String(cString: PQerrorMessage(handle))
            throw PGError(sqlState: Self.connectionFailureState(message, needsPassword: PQconnectionNeedsPassword(handle) == 1),
                          message: message, isConnectionFailure: true)
        }
        PQsetClientEncoding(handle, "UTF8")
        // Notices (a table that already exists, say) are not for the user's terminal; messages in
        // English, whatever the server's lc_messages.
        // Two statements, each on its own: lc_messages is a superuser's setting, and its refusal
        // must not undo the other.
        for setting in ["SET client_min_messages TO warning", "SET lc_messages TO 'C'"] {
            if let res = PQexec(handle, setting) { PQclear(res) }
        }
    }

    deinit { PQfinish(handle) }

    /// Loads libpq (once per process; the binary does not link it, so a process that never
    /// connects never maps it). Its absence is a connection failure naming the library.
    private static func loadLibPQ() throws(PGError) {
        var message = [CChar](repeating: 0, count: 512)
        guard clibpq_load(&message, message.count) == 1 else {
            let text = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw PGError(sqlState: nil, message: text, isConnectionFailure: true, isClientLibraryMissing: true)
        }
    }

    /// The SQLSTATE a failed connection stands for, when the server answered (libpq gives only
    /// text then): a refused login or role (28000) or a missing database (3D000) are not worth a
    /// retry; a server starting up or shutting down (57P03) is. Nil when no server answered.
    static func connectionFailureState(_ message: String, needsPassword: Bool) -> String? {
        if needsPassword { return "28P01" }
        guard message.contains("FATAL:") else { return nil }
        if message.contains("database") && message.contains("does not exist") { return "3D000" }
        if message.contains("starting up") || message.contains("shutting down") || message.contains("in recovery") {
            return "57P03"
        }
        return "28000"
    }

    /// The server's version number (150018 for 15.18).
    public var serverVersion: Int32 { PQserverVersion(handle) }

    /// Whether the connection is still usable.
    public var isOpen: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Whether a transaction is open (and whether it failed).
    public var inTransaction: Bool {
        let s = PQtransactionStatus(handle)
        return s == PQTRANS_INTRANS || s == PQTRANS_INERROR
    }

    /// The connection's socket, to wait on with poll(2) for what the server sends unasked
    /// (notifications of ``listen(_:)``).
    public var socket: Int32 { PQsocket(handle) }

    /// The last message the server sent outside a statement's result, once ``listen(_:)`` keeps them.
    private var lastNotice: String?

    /// Listens on `channel` (an SQL identifier): from now on the server sends this connection a
    /// notification for every `NOTIFY` on it that commits (``takeNotifications()``). The server's
    /// messages outside a statement (a FATAL ending an idle connection) are then kept for the
    /// error of ``takeNotifications()`` rather than printed on standard error by libpq.
    public func listen(_ channel: String) throws(PGError) {
        PQsetNoticeProcessor(handle, { context, message in
            guard let context, let message else { return }
            Unmanaged<PGConnection>.fromOpaque(context).takeUnretainedValue().lastNotice = String(cString: message)
        }, Unmanaged.passUnretained(self).toOpaque())
        try execute("LISTEN \(channel)")
    }

    /// Reads what the server has sent without waiting, and takes the notifications (`LISTEN`)
    /// received since the last call, read now or during earlier statements; returns how many there
    /// were (their payloads are dropped). Throws when the connection is lost, with the server's
    /// last word when it gave one.
    public func takeNotifications() throws(PGError) -> Int {
        try settle()
        guard PQconsumeInput(handle) == 1 else {
            let lost = failure(nil, sql: nil)
            guard let notice = lastNotice?.split(whereSeparator: \.isNewline).first else { throw lost }
            throw PGError(sqlState: nil, message: "\(lost.message) (\(notice))", isConnectionFailure: lost.isConnectionFailure)
        }
        var count = 0
        while let notice = PQnotifies(handle) {
            PQfreemem(notice)
            count += 1
        }
        return count
    }

    /// Runs one or more SQL statements without parameters, discarding their rows.
    public func execute(_ sql: String) throws(PGError) {
        try settle()
        guard let res = PQexec(handle, sql) else { throw failure(nil, sql: sql) }
        defer { PQclear(res) }
        let status = PQresultStatus(res)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else { throw failure(res, sql: sql) }
    }

    /// Rolls the open transaction back, after reading the answers to the statements sent and not
    /// yet answered: returns the first error among those answers (a failure that came before
    /// whatever made the caller roll back, and the one to report), if any. ROLLBACK is sent
    /// whatever they say; its own failure (a lost connection) is not reported.
    @discardableResult
    public func rollback() -> PGError? {
        var earlier: PGError?
        do { try settle() } catch { earlier = error }
        if let res = PQexec(handle, "ROLLBACK") { PQclear(res) }
        return earlier
    }

    /// Commits the open transaction; throws when the server rolled it back instead (a
    /// transaction in which a statement failed ends in ROLLBACK whatever COMMIT says).
    public func commit() throws(PGError) {
        try settle()
        guard let res = PQexec(handle, "COMMIT") else { throw failure(nil, sql: "COMMIT") }
        defer { PQclear(res) }
        guard PQresultStatus(res) == PGRES_COMMAND_OK else { throw failure(res, sql: "COMMIT") }
        let tag = String(cString: PQcmdStatus(res))
        guard tag == "COMMIT" else {
            throw PGError(sqlState: "40000", message: "the transaction was rolled back (the server answered \(tag) to COMMIT)", sql: "COMMIT")
        }
    }

    /// The statement for `sql`, prepared on first use. `?` placeholders (outside quotes) are
    /// numbered `$1`, `$2`, … in order, so SQL written for SQLite runs unchanged.
    public func statement(_ sql: String) throws(PGError) -> PGStatement {
        if let known = prepared[sql] { return known }
        try settle()
        let name = "auditlog_\(prepared.count + 1)"
        let text = Self.numberedPlaceholders(sql)
        guard let res = PQprepare(handle, name, text, 0, nil) else { throw failure(nil, sql: sql) }
        defer { PQclear(res) }
        guard PQresultStatus(res) == PGRES_COMMAND_OK else { throw failure(res, sql: sql) }
        let stmt = PGStatement(connection: self, name: name, sql: sql, text: text)
        prepared[sql] = stmt
        return stmt
    }

    /// The rows of `sql` with `values` bound, in binary format.
    public func query(_ sql: String, _ values: [PGValue] = []) throws(PGError) -> PGResult {
        try statement(sql).run(values)
    }

    /// The first column of the first row of `sql` as an integer, or nil when there is no row or it is NULL.
    public func scalarInt(_ sql: String, _ values: [PGValue] = []) throws(PGError) -> Int64? {
        let r = try query(sql, values)
        guard r.count > 0, !r.isNull(0, 0) else { return nil }
        return r.int64(0, 0)
    }

    /// The first column of the first row of `sql` as text, or nil when there is no row or it is NULL.
    public func scalarText(_ sql: String, _ values: [PGValue] = []) throws(PGError) -> String? {
        let r = try query(sql, values)
        guard r.count > 0, !r.isNull(0, 0) else { return nil }
        return r.text(0, 0)
    }

    /// A statement for `sql` that is not prepared: sent as text and planned at each run, for the
    /// values given and the tables as they are then. For a query whose best plan changes as a
    /// table grows within one transaction: a prepared statement may keep, for every later run,
    /// the plan it made while the table was small.
    public func plannedEachTime(_ sql: String) -> PGStatement {
        PGStatement(connection: self, name: nil, sql: sql, text: Self.numberedPlaceholders(sql))
    }

    func run(_ statement: PGStatement, _ values: [PGValue]) throws(PGError) -> PGResult {
        guard unanswered.isEmpty else {
            // Behind the statements sent and not yet answered: one round trip for all of them.
            try queue(statement, values)
            guard let rows = try settle(keepingLast: true) else {
                throw PGError(sqlState: nil, message: "the server sent no result", sql: statement.sql, isConnectionFailure: !isOpen)
            }
            return rows
        }
        let res: OpaquePointer? = withParameters(values) { n, params, lengths, formats in
            if let name = statement.name { return PQexecPrepared(handle, name, n, params, lengths, formats, 1) }
            return PQexecParams(handle, statement.text, n, nil, params, lengths, formats, 1)
        }
        guard let res else { throw failure(nil, sql: statement.sql) }
        let status = PQresultStatus(res)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else {
            defer { PQclear(res) }
            throw failure(res, sql: statement.sql)
        }
        return PGResult(res)
    }

    /// Sends `stmt` with `values` without waiting for its answer (libpq's pipeline mode): the
    /// server runs it, in order, before any later statement of this connection, and the next
    /// call that waits for the server (any other method) reads its answer, throwing its error.
    /// Waits for the answers once ``pipelineDepth`` are outstanding, and at once without
    /// pipeline mode.
    func send(_ stmt: PGStatement, _ values: [PGValue]) throws(PGError) {
        guard Self.hasPipeline else {
            _ = try run(stmt, values)
            return
        }
        try queue(stmt, values)
        if unanswered.count >= Self.pipelineDepth { try settle() }
    }

    /// Queues `statement` in pipeline mode (entering it first).
    private func queue(_ statement: PGStatement, _ values: [PGValue]) throws(PGError) {
        if unanswered.isEmpty, PQenterPipelineMode(handle) != 1 { throw failure(nil, sql: statement.sql) }
        let sent = withParameters(values) { n, params, lengths, formats in
            if let name = statement.name { return PQsendQueryPrepared(handle, name, n, params, lengths, formats, 1) }
            return PQsendQueryParams(handle, statement.text, n, nil, params, lengths, formats, 1)
        }
        guard sent == 1 else {
            var error = failure(nil, sql: statement.sql)
            // Read the answers to the statements sent before it (a failure among them came
            // first: it is the one to report), and leave pipeline mode.
            do { try settle() } catch let earlier { error = earlier }
            PQexitPipelineMode(handle)
            throw error
        }
        unanswered.append(statement.sql)
    }

    /// Reads the answers of every statement sent and not yet answered, and leaves pipeline mode;
    /// throws the first error among them (the statements after a failed one are not run, and
    /// the transaction is aborted). With `keepingLast`, returns the last statement's rows.
    @discardableResult
    private func settle(keepingLast: Bool = false) throws(PGError) -> PGResult? {
        guard !unanswered.isEmpty else { return nil }
        let sent = unanswered
        unanswered = []
        var error: PGError?
        var kept: OpaquePointer?
        if PQpipelineSync(handle) != 1 {
            // No answer can be read: the connection is of no further use.
            let lost = failure(nil, sql: sent.last)
            error = PGError(sqlState: lost.sqlState, message: lost.message, sql: lost.sql, isConnectionFailure: true)
        } else {
            // Each statement's results end with a null; the sync point ends them all. A lost
            // connection answers null for ever: more nulls than statements is the end.
            var statement = 0
            var synced = false
            while !synced {
                guard let res = PQgetResult(handle) else {
                    statement += 1
                    if statement > sent.count {
                        if error == nil { error = failure(nil, sql: sent.last) }
                        break
                    }
                    continue
                }
                switch PQresultStatus(res) {
                case PGRES_PIPELINE_SYNC:
                    synced = true
                case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
                    if keepingLast, statement == sent.count - 1, kept == nil {
                        kept = res
                        continue
                    }
                case PGRES_PIPELINE_ABORTED:
                    break  // not run: an earlier statement failed
                default:
                    if error == nil { error = failure(res, sql: sent[min(statement, sent.count - 1)]) }
                }
                PQclear(res)
            }
        }
        if PQexitPipelineMode(handle) != 1, error == nil { error = failure(nil, sql: sent.last) }
        if let error {
            if let kept { PQclear(kept) }
            throw error
        }
        return kept.map(PGResult.init)
    }

    /// Calls `body` with `values` as libpq's parameter arrays: their count, text or binary
    /// values, lengths and formats.
    private func withParameters<R>(
        _ values: [PGValue],
        _ body: (Int32, UnsafePointer<UnsafePointer<CChar>?>?, [Int32], [Int32]) -> R
    ) -> R {
        let n = values.count
        var lengths = [Int32](repeating: 0, count: n)
        var formats = [Int32](repeating: 0, count: n)
        var buffers: [UnsafeMutablePointer<CChar>?] = []
        buffers.reserveCapacity(n)
        defer { for b in buffers { free(b) } }
        for (i, v) in values.enumerated() {
            switch v {
            case .null:
                buffers.append(nil)
            case .integer(let x):
                buffers.append(strdup(String(x)))
            case .text(let s):
                buffers.append(strdup(s))
            case .bytea(let bytes):
                let p = malloc(max(bytes.count, 1))!.assumingMemoryBound(to: CChar.self)
                bytes.withUnsafeBytes { raw in
                    if let base = raw.baseAddress { memcpy(p, base, raw.count) }
                }
                buffers.append(p)
                lengths[i] = Int32(bytes.count)
                formats[i] = 1
            }
        }
        return buffers.withUnsafeBufferPointer { ptrs in
            ptrs.withMemoryRebound(to: UnsafePointer<CChar>?.self) { params in
                body(Int32(n), params.baseAddress, lengths, formats)
            }
        }
    }

    /// Runs `COPY … FROM STDIN` (`sql`) and sends `data` (in the COPY format the statement names).
    public func copyIn(_ sql: String, _ data: [UInt8]) throws(PGError) {
        try beginCopy(sql)
        try putCopyData(data)
        try endCopy(sql)
    }

    /// Starts `COPY … FROM STDIN` (`sql`): until ``endCopy(_:)``, the connection takes only
    /// ``putCopyData(_:)``. The server stores rows as they arrive, while the caller makes more.
    public func beginCopy(_ sql: String) throws(PGError) {
        try settle()
        guard let start = PQexec(handle, sql) else { throw failure(nil, sql: sql) }
        guard PQresultStatus(start) == PGRES_COPY_IN else {
            defer { PQclear(start) }
            throw failure(start, sql: sql)
        }
        PQclear(start)
        // Non-blocking while the COPY lasts: a send returns at once, and libpq passes its bytes to
        // the server as the socket takes them, while the caller makes the next rows.
        PQsetnonblocking(handle, 1)
        unsentSends = 0
    }

    /// Sends `data` to the COPY under way.
    public func putCopyData(_ data: [UInt8]) throws(PGError) {
        guard !data.isEmpty else { return }
        guard PQisnonblocking(handle) == 1 else { return try putCopyDataBlocking(data) }
        let queued: Int32 = data.withUnsafeBytes { raw in
            PQputCopyData(handle, raw.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(raw.count))
        }
        guard queued == 1 else {
            guard queued == 0 else { throw failure(nil, sql: "COPY") }
            // libpq could not take more: let the server catch up, then queue it.
            try drainOutput()
            return try putCopyData(data)
        }
        switch PQflush(handle) {
        case 0: unsentSends = 0
        case 1:
            unsentSends += 1
            if unsentSends >= Self.copySendsAhead {
                // The server is behind: wait until it has taken everything.
                try drainOutput()
                unsentSends = 0
            }
        default: throw failure(nil, sql: "COPY")
        }
    }

    private func putCopyDataBlocking(_ data: [UInt8]) throws(PGError) {
        let ok: Bool = data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = min(raw.count - offset, 1 << 20)
                let p = raw.baseAddress!.advanced(by: offset).assumingMemoryBound(to: CChar.self)
                if PQputCopyData(handle, p, Int32(n)) != 1 { return false }
                offset += n
            }
            return true
        }
        guard ok else { throw failure(nil, sql: "COPY") }
    }

    /// Waits until libpq has passed every queued byte to the server.
    private func drainOutput() throws(PGError) {
        while true {
            switch PQflush(handle) {
            case 0: return
            case 1:
                // Wait until the socket takes more, or the server says something (read it, as
                // libpq asks, so that a server waiting to be heard does not wait for us).
                var fd = pollfd(fd: PQsocket(handle), events: Int16(POLLOUT | POLLIN), revents: 0)
                _ = poll(&fd, 1, -1)
                if fd.revents & Int16(POLLIN) != 0, PQconsumeInput(handle) == 0 { throw failure(nil, sql: "COPY") }
            default: throw failure(nil, sql: "COPY")
            }
        }
    }

    /// Ends the COPY under way (`sql`, for messages) and waits until the server has stored it.
    public func endCopy(_ sql: String) throws(PGError) {
        if PQisnonblocking(handle) == 1 {
            try drainOutput()
            PQsetnonblocking(handle, 0)
        }
        guard PQputCopyEnd(handle, nil) == 1 else { throw failure(nil, sql: sql) }
        var error: PGError?
        while let res = PQgetResult(handle) {
            if PQresultStatus(res) != PGRES_COMMAND_OK, error == nil { error = failure(res, sql: sql) }
            PQclear(res)
        }
        if let error { throw error }
    }

    /// The error of `res` (or of the connection, when there is no result).
    func failure(_ res: OpaquePointer?, sql: String?) -> PGError {
        if let res, let code = PQresultErrorField(res, 67 /* PG_DIAG_SQLSTATE 'C' */) {
            let primary = PQresultErrorField(res, 77 /* PG_DIAG_MESSAGE_PRIMARY 'M' */).map { String(cString: $0) }
            return PGError(sqlState: String(cString: code), message: primary ?? String(cString: PQresultErrorMessage(res)), sql: sql)
        }
        let message = String(cString: PQerrorMessage(handle))
        return PGError(sqlState: nil, message: message.isEmpty ? "the server did not answer" : message, sql: sql,
                       isConnectionFailure: PQstatus(handle) != CONNECTION_OK)
    }

    /// `sql` with each `?` outside quotes and comments replaced by `$1`, `$2`, ….
    static func numberedPlaceholders(_ sql: String) -> String {
        guard sql.contains("?") else { return sql }
        var out = ""
        var n = 0
        var quote: Character?
        for c in sql {
            if let q = quote {
                if c == q { quote = nil }
                out.append(c)
            } else if c == "'" || c == "\"" {
                quote = c
                out.append(c)
            } else if c == "?" {
                n += 1
                out += "$\(n)"
            } else {
                out.append(c)
            }
        }
        return out
    }
}
