#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogFormat

/// Which events a replay reads in full, decided from the type and the payload's canonical bytes
/// before the payload is parsed: a replay that needs a few kinds of events (a compliance check)
/// skips the cost of decoding the others. It may admit more than needed (the reader filters the
/// decoded events exactly), never less.
public struct EventFilter: Sendable {
    /// Admits an event when a string member `field` of its payload has one of `values`, or
    /// when the payload has any of the members `orMembers`. Canonical JSON writes a member as
    /// `"name":"value"` with no space, and a slug needs no escapes, so a byte search finds it;
    /// a nested member of the same name can only admit more.
    public struct PayloadRule: Sendable {
        public var field: String
        public var values: Set<String>
        public var orMembers: [String]

        /// A rule on member `field` having one of `values`, or any of `orMembers` being present.
        public init(field: String, values: Set<String>, orMembers: [String] = []) {
            self.field = field
            self.values = values
            self.orMembers = orMembers
        }
    }

    /// Rules by event type; events of other types are always admitted.
    public var rules: [String: PayloadRule]

    /// A filter with `rules` by event type.
    public init(rules: [String: PayloadRule]) { self.rules = rules }

    /// Whether an event of `type` with canonical payload bytes `payload` is read.
    public func admits(type: String, payload: UnsafeRawBufferPointer) -> Bool {
        guard let rule = rules[type] else { return true }
        for member in rule.orMembers where Self.find(payload, "\"\(member)\":", from: 0) != nil { return true }
        let prefix = "\"\(rule.field)\":\""
        var from = 0
        while let at = Self.find(payload, prefix, from: from) {
            var end = at + prefix.utf8.count
            let start = end
            while end < payload.count, payload[end] != UInt8(ascii: "\""), payload[end] != UInt8(ascii: "\\") { end += 1 }
            if end >= payload.count || payload[end] == UInt8(ascii: "\\") { return true }  // escaped: decide after parsing
            if rule.values.contains(String(decoding: UnsafeRawBufferPointer(rebasing: payload[start..<end]), as: UTF8.self)) { return true }
            from = end
        }
        return false
    }

    /// Whether an event of `type` whose payload's members are `payload` (delimited, not parsed)
    /// is read: the same test on the payload's own members, without searching its bytes (a
    /// nested member of the same name does not count, as the reader of the decoded event does
    /// not read it). A member `field` that is not a plain string is admitted, to be decided
    /// after parsing.
    public func admits(type: String, payload: ObjectMembers) -> Bool {
        guard let rule = rules[type] else { return true }
        for member in rule.orMembers where payload.range(of: member) != nil { return true }
        guard let range = payload.range(of: rule.field) else { return false }
        guard let value = payload.plainBytes(at: range) else { return true }
        return rule.values.contains(String(decoding: value, as: UTF8.self))
    }

    /// The offset of the first `needle` in `haystack` at or after `from` (memchr for its first
    /// byte, memcmp for the rest).
    static func find(_ haystack: UnsafeRawBufferPointer, _ needle: String, from: Int) -> Int? {
        guard let base = haystack.baseAddress else { return nil }
        var needle = needle
        return needle.withUTF8 { n -> Int? in
            guard let first = n.first, let nb = n.baseAddress else { return nil }
            var at = from
            while haystack.count - at >= n.count {
                guard let hit = memchr(base + at, Int32(first), haystack.count - at - n.count + 1) else { return nil }
                at = UnsafeRawPointer(hit) - base
                if memcmp(base + at, nb, n.count) == 0 { return at }
                at += 1
            }
            return nil
        }
    }
}
