/// Where an export goes: a writer of one of the formats. The export calls ``begin(eventTypes:objectTypes:)``
/// once, then ``write(_:)-(OCELEvent)`` for each event, then ``write(_:)-(OCELObject)`` for each
/// object, then ``finish()``.
public protocol OCELSink: AnyObject {
    /// The types every export declares (``OCELMapping``), before anything else.
    func begin(eventTypes: [OCELType], objectTypes: [OCELType]) throws
    /// One event, in seq order.
    func write(_ event: OCELEvent) throws
    /// One object, in id order, after every event.
    func write(_ object: OCELObject) throws
    /// Ends the output.
    func finish() throws
}
