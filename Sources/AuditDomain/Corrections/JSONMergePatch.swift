import EventLog
import LogFormat

/// JSON Merge Patch (RFC 7396): how `event.corrected` and `requirement.amended` change an object.
public enum JSONMergePatch {
    /// `target` with `patch` applied: members of the patch replace those of the target, objects
    /// merge recursively, and `null` removes a member.
    public static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let changes) = patch else { return patch }
        var result: [String: JSONValue]
        if case .object(let members) = target { result = members } else { result = [:] }
        for (key, value) in changes {
            if value == .null {
                result[key] = nil
            } else {
                result[key] = apply(value, to: result[key] ?? .null)
            }
        }
        return .object(result)
    }

    /// `target` with the object `patch` applied.
    public static func apply(_ patch: [String: JSONValue], to target: [String: JSONValue]) -> [String: JSONValue] {
        apply(.object(patch), to: .object(target)).objectValue ?? [:]
    }
}
