import LogFormat

/// The JSON text the projection tables store for the numerous records (organisations,
/// assignments, recommendations), written member by member in name order: the bytes
/// ``SnakeCaseJSONEncoder`` writes for them, without its generic Codable machinery.
///
/// Why: a rebuild writes every organisation once at the end, on one thread, and the generic
/// encoder cost about 280,000 instructions for an organisation (a third of a 100,000-event
/// rebuild). A value the generic encoder refuses (text with U+0000, an integer beyond
/// ±(2^53 − 1), a dictionary key that is not `[a-z0-9_]+`) gives nil here: the caller then
/// encodes the record the generic way, which reports the error.
///
/// The member names below are the records' coding keys converted to snake_case, sorted by
/// their bytes; a test compares the bytes with the generic encoder's on generated records.
struct RecordJSON {
    private var out: [UInt8] = []
    /// No comma before the next member or element: an object or array has just opened.
    private var fresh = true
    /// A value the generic encoder refuses was met.
    private var refused = false

    private init() { out.reserveCapacity(2048) }

    /// The stored JSON of `r`, or nil when the generic encoder would refuse it.
    static func organization(_ r: OrganizationRecord) -> [UInt8]? {
        var w = RecordJSON()
        w.write(r)
        return w.refused ? nil : w.out
    }

    /// The stored JSON of `r`, or nil when the generic encoder would refuse it.
    static func assignment(_ r: AssignmentRecord) -> [UInt8]? {
        var w = RecordJSON()
        w.open()
        w.name("assignment_id"); w.string(r.assignmentId)
        w.name("last_seq"); w.integer(r.lastSeq)
        w.name("monitor"); w.string(r.monitor)
        if let v = r.officerName { w.name("officer_name"); w.string(v) }
        if let v = r.revokedOn { w.name("revoked_on"); w.date(v) }
        w.name("role"); w.string(r.role.rawValue)
        w.name("since"); w.date(r.since)
        w.name("target"); w.string(r.target)
        if let v = r.until { w.name("until"); w.date(v) }
        w.close()
        return w.refused ? nil : w.out
    }

    /// The stored JSON of `r`, or nil when the generic encoder would refuse it.
    static func recommendation(_ r: RecommendationRecord) -> [UInt8]? {
        var w = RecordJSON()
        w.open()
        if let v = r.channel { w.name("channel"); w.string(v.rawValue) }
        w.name("filed_on"); w.date(r.filedOn)
        w.name("forwards"); w.openArray()
        for f in r.forwards {
            w.element(); w.open()
            w.name("by"); w.string(f.by)
            w.name("on"); w.date(f.on)
            w.name("to"); w.string(f.to)
            w.close()
        }
        w.closeArray()
        w.name("from_org"); w.string(r.fromOrg)
        w.name("last_seq"); w.integer(r.lastSeq)
        if let v = r.meetingId { w.name("meeting_id"); w.string(v) }
        w.name("rec_id"); w.string(r.recId)
        if let v = r.resolution {
            w.name("resolution"); w.open()
            w.name("on"); w.date(v.on)
            w.name("outcome"); w.string(v.outcome.rawValue)
            w.name("resolver"); w.string(v.resolver)
            w.name("seq"); w.integer(v.seq)
            w.close()
        }
        w.name("text_vi"); w.string(r.textVi)
        w.name("to_org"); w.string(r.toOrg)
        w.close()
        return w.refused ? nil : w.out
    }

    // MARK: the organisation

    private mutating func write(_ r: OrganizationRecord) {
        open()
        if let c = r.congress {
            name("congress")
            stamped(c) { w, v in
                w.open()
                if let n = v.congressNo { w.name("congress_no"); w.integer(n) }
                w.name("held_on"); w.date(v.heldOn)
                if let d = v.nextDue { w.name("next_due"); w.date(d) }
                w.name("term"); w.string(v.term)
                w.close()
            }
        }
        if let v = r.dacThu { name("dac_thu"); stamped(v) { w, b in w.bool(b) } }
        name("former_names"); strings(r.formerNames)
        if let v = r.giaoNhiemVu { name("giao_nhiem_vu"); stamped(v) { w, b in w.bool(b) } }
        name("kind"); stamped(r.kind) { w, v in w.string(v.rawValue) }
        if let v = r.lastInspection {
            name("last_inspection"); open()
            name("inspection_id"); string(v.inspectionId)
            name("inspector"); string(v.inspector)
            name("kind"); string(v.kind.rawValue)
            name("on"); date(v.on)
            if let rating = v.rating { name("rating"); string(rating) }
            name("seq"); integer(v.seq)
            close()
        }
        if let v = r.lastReport {
            name("last_report"); open()
            name("on"); date(v.on)
            if let key = v.periodKey { name("period_key"); string(key) }
            name("recipient"); string(v.recipient)
            name("report_id"); string(v.reportId)
            name("seq"); integer(v.seq)
            close()
        }
        name("last_seq"); integer(r.lastSeq)
        name("leaders"); open()
        for key in sortedKeys(r.leaders) {
            dictionaryKey(key)
            stamped(r.leaders[key]!) { w, v in if let v { w.string(v) } else { w.null() } }
        }
        close()
        name("leadership"); open()
        for key in sortedKeys(r.leadership) {
            dictionaryKey(key)
            openArray()
            for f in r.leadership[key]! {
                element(); open()
                name("change"); string(f.change.rawValue)
                name("person"); string(f.person)
                name("stamp"); stamp(f.stamp)
                close()
            }
            closeArray()
        }
        close()
        name("level"); stamped(r.level) { w, v in w.string(v.rawValue) }
        if let v = r.membership {
            name("membership"); open()
            name("as_of"); date(v.asOf)
            if let e = v.eligible { name("eligible"); integer(e) }
            name("members"); integer(v.members)
            if let rate = v.rate { name("rate"); string(rate) }
            name("seq"); integer(v.seq)
            close()
        }
        name("monitoring"); openArray()
        for m in r.monitoring {
            element(); open()
            name("assignment_id"); string(m.assignmentId)
            name("monitor"); string(m.monitor)
            if let now = m.monitorNow { name("monitor_now"); strings(now) }
            name("role"); string(m.role.rawValue)
            name("since"); date(m.since)
            if let u = m.until { name("until"); date(u) }
            close()
        }
        closeArray()
        name("name"); stamped(r.name) { w, v in w.string(v) }
        name("name_history"); openArray()
        for s in r.nameHistory { element(); stamped(s) { w, v in w.string(v) } }
        closeArray()
        name("open_recommendations"); strings(r.openRecommendations)
        name("open_tasks"); strings(r.openTasks)
        name("org_id"); string(r.orgId)
        if let p = r.parent { name("parent"); stamped(p) { w, v in if let v { w.string(v) } else { w.null() } } }
        name("predecessors"); strings(r.predecessors)
        name("province"); stamped(r.province) { w, v in w.string(v) }
        name("registered_on"); date(r.registered)
        name("status"); stamped(r.status) { w, v in w.string(v.rawValue) }
        name("successors"); strings(r.successors)
        close()
    }

    // MARK: values

    /// `{"stamp":…,"value":…}`, the value written by `value`.
    private mutating func stamped<V>(_ s: Stamped<V>, _ value: (inout RecordJSON, V) -> Void) {
        open()
        name("stamp"); stamp(s.stamp)
        name("value"); value(&self, s.value)
        close()
    }

    private mutating func stamp(_ s: Stamp) {
        open()
        name("day"); date(s.date)
        name("seq"); integer(s.seq)
        close()
    }

    private mutating func strings(_ list: [String]) {
        openArray()
        for s in list { element(); string(s) }
        closeArray()
    }

    /// A date, as the generic encoder writes its description (a string, without escapes).
    private mutating func date(_ d: CivilDate) {
        date(RecordedDate(d))
    }

    /// A date at its precision, as the generic encoder writes its description.
    private mutating func date(_ d: RecordedDate) {
        out.append(UInt8(ascii: "\""))
        guard d.first.appendText(to: &out, count: d.textCount) else {
            out.removeLast()
            return string(d.description)
        }
        out.append(UInt8(ascii: "\""))
    }

    private mutating func string(_ s: String) {
        var text = s
        if text.withUTF8({ $0.contains(0) }) { refused = true }
        CanonicalEncoder.writeString(text, into: &out)
    }

    private mutating func integer(_ n: Int64) {
        if n.magnitude > Limits.maxSafeInteger.magnitude { refused = true }
        CanonicalEncoder.writeInteger(n, into: &out)
    }

    private mutating func bool(_ b: Bool) {
        if b { out.append(contentsOf: [0x74, 0x72, 0x75, 0x65]) } else { out.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65]) }
    }

    private mutating func null() { out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]) }

    // MARK: structure

    private mutating func open() {
        out.append(UInt8(ascii: "{"))
        fresh = true
    }

    private mutating func close() {
        out.append(UInt8(ascii: "}"))
        fresh = false
    }

    private mutating func openArray() {
        out.append(UInt8(ascii: "["))
        fresh = true
    }

    private mutating func closeArray() {
        out.append(UInt8(ascii: "]"))
        fresh = false
    }

    /// Begins an element of the array just opened.
    private mutating func element() {
        if !fresh { out.append(UInt8(ascii: ",")) }
        fresh = false
    }

    /// Begins member `n` (a name that needs no escape) of the object just opened.
    private mutating func name(_ n: StaticString) {
        if !fresh { out.append(UInt8(ascii: ",")) }
        fresh = false
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: UnsafeBufferPointer(start: n.utf8Start, count: n.utf8CodeUnitCount))
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
    }

    /// Begins the member of a dictionary key, which the generic encoder takes only as `[a-z0-9_]+`.
    private mutating func dictionaryKey(_ key: String) {
        if key.isEmpty || !key.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }) {
            refused = true
        }
        if !fresh { out.append(UInt8(ascii: ",")) }
        fresh = false
        string(key)
        out.append(UInt8(ascii: ":"))
    }

    /// The keys of `d` in the order the generic encoder writes them: by their bytes.
    private func sortedKeys<V>(_ d: [String: V]) -> [String] {
        d.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
