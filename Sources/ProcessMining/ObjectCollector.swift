import AuditDomain

/// The objects of an export, gathered from the facts of its events (``EventFacts``): an object
/// is every one some exported event relates to; its attribute values over time are those the
/// events give it, in the order of their times (then seqs); its O2O relationships are those the
/// events make between two such objects.
struct ObjectCollector {
    /// When a fact was stated: its event's time, then seq.
    private struct When: Comparable {
        let time: OCELTime
        let seq: Int64

        static func < (a: When, b: When) -> Bool { (a.time.secondsSinceEpoch, a.seq) < (b.time.secondsSinceEpoch, b.seq) }
    }

    private struct Fact {
        let when: When
        let value: OCELValue
    }

    private var related: Set<ObjectRef> = []
    private var facts: [ObjectRef: [String: [Fact]]] = [:]
    private var links: Set<EventFacts.Link> = []
    /// The earliest fact that did each task, and its earliest cancellation.
    private var done: [String: When] = [:]
    private var cancelled: [String: When] = [:]

    /// Takes the facts of an exported event of time `time` and seq `seq`.
    mutating func add(_ event: EventFacts, time: OCELTime, seq: Int64) {
        let when = When(time: time, seq: seq)
        for r in event.relationships { related.insert(r.object) }
        for v in event.values { facts[v.object, default: [:]][v.name, default: []].append(Fact(when: when, value: v.value)) }
        links.formUnion(event.links)
        for (task, status) in event.closings {
            switch status {
            case .completed: done[task] = min(done[task] ?? when, when)
            case .cancelled: cancelled[task] = min(cancelled[task] ?? when, when)
            case .open: break
            }
        }
    }

    /// The objects, in id order, typed with `index`.
    func objects(_ index: ViewIndex) -> [OCELObject] {
        var o2o: [ObjectRef: Set<OCELRelationship>] = [:]
        for link in links where related.contains(link.source) && related.contains(link.target) {
            o2o[link.source, default: []].insert(OCELRelationship(objectID: link.target.id, qualifier: link.qualifier))
        }
        return related.sorted().map { ref in
            let type = index.objectType(of: ref)
            return OCELObject(id: ref.id, type: type.rawValue, attributes: values(of: ref, type),
                              relationships: (o2o[ref] ?? []).sorted())
        }
    }

    /// The attribute values of `ref`: for each attribute of its type with facts, the first
    /// fact's value as the initial value, then each later fact that changes it.
    private func values(of ref: ObjectRef, _ type: OCELMapping.ObjectType) -> [OCELObject.Value] {
        var byName = facts[ref] ?? [:]
        if ref.kind == .task { byName["status"] = taskStatus(ref.key, opened: byName["status"] ?? []) }
        var initial: [OCELObject.Value] = []
        var changes: [(when: When, order: Int, value: OCELObject.Value)] = []
        for (order, attribute) in type.attributes.enumerated() {
            guard let list = byName[attribute.name]?.sorted(by: { $0.when < $1.when }), let first = list.first else { continue }
            initial.append(OCELObject.Value(name: attribute.name, time: nil, value: first.value))
            var current = first.value
            for fact in list.dropFirst() where fact.value != current {
                changes.append((fact.when, order, OCELObject.Value(name: attribute.name, time: fact.when.time, value: fact.value)))
                current = fact.value
            }
        }
        return initial + changes.sorted { ($0.when, $0.order) < ($1.when, $1.order) }.map(\.value)
    }

    /// A task's status over time (``TaskRecord``): open from its assignment (`opened`), completed
    /// from the earliest fact that did it, cancelled from its earliest cancellation unless that
    /// came after it was done.
    private func taskStatus(_ id: String, opened: [Fact]) -> [Fact] {
        var list = opened
        if let d = done[id] { list.append(Fact(when: d, value: .string(TaskRecord.Status.completed.rawValue))) }
        if let c = cancelled[id], done[id].map({ c < $0 }) ?? true {
            list.append(Fact(when: c, value: .string(TaskRecord.Status.cancelled.rawValue)))
        }
        return list
    }
}
