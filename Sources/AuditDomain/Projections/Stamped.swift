/// A value with the stamp of the fact that set it: a later stamp replaces it, an earlier one
/// does not (see ``Stamp``).
public struct Stamped<Value: Sendable & Hashable & Codable>: Sendable, Hashable, Codable {
    public var value: Value
    public var stamp: Stamp

    /// `value` as set at `stamp`.
    public init(_ value: Value, _ stamp: Stamp) {
        self.value = value
        self.stamp = stamp
    }
}

extension Optional {
    /// Replaces the stamped value when `stamp` is not earlier than the one held.
    mutating func update<V>(_ value: V, at stamp: Stamp) where Wrapped == Stamped<V> {
        if let held = self, stamp < held.stamp { return }
        self = Stamped(value, stamp)
    }
}

extension Stamped {
    /// Replaces the value when `stamp` is not earlier than the one held.
    mutating func update(_ value: Value, at stamp: Stamp) {
        if stamp < self.stamp { return }
        self = Stamped(value, stamp)
    }
}
