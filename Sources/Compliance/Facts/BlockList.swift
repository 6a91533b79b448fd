import EventLog
import LogFormat

/// Values in the order appended, in blocks of ``Limits/elementsPerBlock``: the list grows a
/// block at a time and never copies what it holds, so its peak size is its size (an array of
/// two million facts would briefly need three times theirs when it doubles).
struct BlockList<Element>: RandomAccessCollection, MutableCollection {
    private var blocks: [[Element]] = []
    private(set) var count = 0

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(position: Int) -> Element {
        get {
            precondition(position >= 0 && position < count, "block list index out of range")
            return blocks[position / Limits.elementsPerBlock][position % Limits.elementsPerBlock]
        }
        set {
            precondition(position >= 0 && position < count, "block list index out of range")
            blocks[position / Limits.elementsPerBlock][position % Limits.elementsPerBlock] = newValue
        }
    }

    /// Adds `element` at the end.
    mutating func append(_ element: Element) {
        if count % Limits.elementsPerBlock == 0 {
            var block: [Element] = []
            // The first block grows as usual: most lists are short.
            if count > 0 { block.reserveCapacity(Limits.elementsPerBlock) }
            blocks.append(block)
        }
        blocks[blocks.count - 1].append(element)
        count += 1
    }

    /// Keeps the first `newCount` elements.
    mutating func truncate(to newCount: Int) {
        precondition(newCount >= 0 && newCount <= count, "block list truncated beyond its end")
        while count > newCount {
            let last = blocks.count - 1
            let drop = Swift.min(blocks[last].count, count - newCount)
            blocks[last].removeLast(drop)
            if blocks[last].isEmpty { blocks.removeLast() }
            count -= drop
        }
    }
}

extension BlockList: Sendable where Element: Sendable {}

/// The facts of one type, in seq order.
typealias FactList = BlockList<Fact>
