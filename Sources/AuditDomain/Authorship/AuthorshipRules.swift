import EventLog
import LogFormat

/// The authorship rules as the log has them up to some seq: for each event type, the mode and
/// the clerks of its latest `authorship.rule_set` (docs/authorship.md, "Who may record what").
/// Fed the rule events in seq order, like ``SignerRegistry``.
public struct AuthorshipRules: Sendable {
    /// The rule in force for one event type.
    public struct Rule: Sendable {
        /// What happens to a line that breaks it.
        public let mode: AuthorshipMode
        /// The signers who may record the type whoever is responsible.
        public let clerks: Set<String>
        /// The seq of the `authorship.rule_set` that set it.
        public let seq: Int64
    }

    /// What the judgement of one event needs besides the rule and the registry: who is
    /// responsible for it, whose signature its target carried (a correction or retraction), and
    /// whether one organisation has taken over another's duties (σ's links, as of the event).
    public struct Context {
        /// The organisations whose act the event records.
        public let responsible: [String]
        /// The signer of the event a correction or retraction targets, when that one was signed.
        public let targetSigner: String?
        /// Whether the second organisation is the first or one of its successors.
        public let follows: (_ responsible: String, _ org: String) throws -> Bool

        /// A context; `follows` answers for successors.
        public init(responsible: [String], targetSigner: String?, follows: @escaping (String, String) throws -> Bool) {
            self.responsible = responsible
            self.targetSigner = targetSigner
            self.follows = follows
        }
    }

    /// Who is responsible for an event with `payload` (docs/authorship.md, "Who may record what"):
    /// its own responsible organisations; a completed task's assignee; a key registration's
    /// organisation, a revocation's key's; for a correction or retraction, its target's (read
    /// with `target`), and the target's signer. The same for the append, `verify` and the index.
    public static func context(
        of payload: any EventPayload, registry: SignerRegistry, links: AuthorshipLinks,
        target: (String) throws -> Entry?, assignee: (String) throws -> String?
    ) throws -> Context {
        var subject = payload
        var targetSigner: String?
        let targetID = (payload as? EventCorrected)?.targetEventId ?? (payload as? EventRetracted)?.targetEventId
        if let targetID, let entry = try target(targetID) {
            targetSigner = entry.author?.signer
            let logged = LoggedEvent(entry)
            if let read = try? EventCatalogue.read(type: logged.type, payload: logged.payload) { subject = read.payload }
        }
        var responsible = subject.responsibleOrganizations
        switch subject {
        case let done as TaskCompleted: responsible = try assignee(done.taskId).map { [$0] } ?? []
        case let key as SignerRegistered: responsible = [key.orgId]
        case let key as SignerRevoked: responsible = registry.key(signer: key.signer, keyID: key.keyId).map { [$0.orgId] } ?? []
        default: break
        }
        return Context(responsible: responsible, targetSigner: targetSigner) { owner, org in links.follows(owner, org) }
    }

    /// The rule event's type.
    public static let types = [AuthorshipRuleSet.type]

    private var rules: [String: Rule] = [:]

    /// No rules: every type is `off`.
    public init() {}

    /// The rule in force for `eventType`, if one was set (and not set back to `off`).
    public func rule(for eventType: String) -> Rule? {
        rules[eventType].flatMap { $0.mode == .off ? nil : $0 }
    }

    /// Every rule event of `log` that the catalogue reads, in seq order (through the type index).
    static func ruleSets(_ log: any LogReader) throws -> [AuthorshipRuleSet] {
        var sets: [AuthorshipRuleSet] = []
        try log.forEachEntry(in: 1...Int64.max, types: types) { seq, bytes in
            let e = LoggedEvent(try Entry(seq: seq, bytes: Array(bytes)))
            if let rule = try? EventCatalogue.read(type: e.type, payload: e.payload).payload as? AuthorshipRuleSet { sets.append(rule) }
        }
        return sets
    }

    /// The latest rule set for `eventType`, whatever its mode (`off` included).
    public func latest(for eventType: String) -> Rule? { rules[eventType] }

    /// Every rule set, by event type.
    public var all: [(eventType: String, rule: Rule)] { rules.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }

    /// Takes in event `payload` at `seq` if it is a rule (others are ignored).
    public mutating func apply(_ payload: any EventPayload, seq: Int64) {
        guard let r = payload as? AuthorshipRuleSet else { return }
        rules[r.eventType] = Rule(mode: r.mode, clerks: Set(r.clerks ?? []), seq: seq)
    }

    /// Whether `author` (whose signature counts: the caller checked it) may record the event
    /// whatever the rule's mode: the event is then attested. The clerks are `rule`'s, if any.
    public static func attests(_ author: AuthorSignature, rule: Rule?, registry: SignerRegistry, context: Context) throws -> Bool {
        let judged = Rule(mode: .enforce, clerks: rule?.clerks ?? [], seq: rule?.seq ?? 0)
        return try refusal(judged, author: author, registry: registry, context: context) == nil
    }

    /// Why an event under `rule` is not one `author` may record, or nil when it is: it must be
    /// signed (with a signature that counts, which the caller has checked), by one of the rule's
    /// clerks, by the signer of the event it corrects or retracts, or by a signer acting for a
    /// responsible organisation or one that took over its duties.
    public static func refusal(
        _ rule: Rule, author: AuthorSignature?, registry: SignerRegistry, context: Context
    ) throws -> String? {
        guard let author else { return "the line is unsigned; its type is recorded only signed (rule at seq \(rule.seq))" }
        if rule.clerks.contains(author.signer) || context.targetSigner == author.signer { return nil }
        guard let key = registry.key(signer: author.signer, keyID: author.keyIDText) else {
            return "\(echoed(author.signer)) has no registered key \(author.keyIDText)"
        }
        for org in context.responsible where try context.follows(org, key.orgId) { return nil }
        let whose = context.responsible.isEmpty
            ? "only its clerks record this type"
            : "it is \(context.responsible.map { echoed($0) }.joined(separator: ", "))'s to record"
        return "\(echoed(author.signer)) acts for \(echoed(key.orgId)), and \(whose) (rule at seq \(rule.seq))"
    }
}
