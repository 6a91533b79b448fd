import AuditDomain

/// What the export learns of the whole view before it maps any event: which ids name tasks and
/// recommendations (a report's `about` may name either), which documents are directives, and
/// the parties of each monitoring assignment (a revocation names only the assignment).
public struct ViewIndex: Sendable {
    public private(set) var tasks: Set<String> = []
    public private(set) var recommendations: Set<String> = []
    public private(set) var directives: Set<String> = []
    public private(set) var assignments: [String: (monitor: String, target: String)] = [:]

    /// The event types it reads.
    public static let types = [TaskAssigned.type, RecommendationFiled.type, DirectiveIssued.type, MonitoringAssigned.type]

    public init() {}

    /// Takes note of an event of the view (only those of ``types`` say anything).
    public mutating func add(_ payload: any EventPayload) {
        switch payload {
        case let p as TaskAssigned: tasks.insert(p.taskId)
        case let p as RecommendationFiled: recommendations.insert(p.recId)
        case let p as DirectiveIssued: directives.insert(p.doc.docKey)
        case let p as MonitoringAssigned: assignments[p.assignmentId] = (p.monitor, p.target)
        default: break
        }
    }

    /// The objects an id in a report's `about` names: the task, the recommendation, or both
    /// when the view has both of that id; none when it has neither.
    func about(_ id: String) -> [ObjectRef] {
        (tasks.contains(id) ? [ObjectRef.task(id)] : []) + (recommendations.contains(id) ? [ObjectRef.rec(id)] : [])
    }

    /// The object type of `ref`: a document is a directive when the view issues it as one.
    func objectType(of ref: ObjectRef) -> OCELMapping.ObjectType {
        switch ref.kind {
        case .org: .organisation
        case .doc: directives.contains(ref.key) ? .directive : .document
        case .req: .requirement
        case .task: .task
        case .rec: .recommendation
        case .meeting: .meeting
        case .inspection: .inspection
        }
    }
}
