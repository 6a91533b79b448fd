/// The lines of one batch of a read-ahead, as ``InputSource/forEach(preparing:inParts:beforeEachBatch:_:)``
/// shows them before appending them: a view of the batch, not a copy of its lines.
public struct PreparedBatch<Prepared>: RandomAccessCollection {
    /// The batch's lines with their line numbers, in input order.
    let lines: ArraySlice<(line: Int, prepared: Prepared)>

    init(_ lines: ArraySlice<(line: Int, prepared: Prepared)>) {
        self.lines = lines
    }

    /// The position of the first line.
    public var startIndex: Int { lines.startIndex }
    /// The position after the last line.
    public var endIndex: Int { lines.endIndex }
    /// The prepared line at `position`.
    public subscript(position: Int) -> Prepared { lines[position].prepared }
}
