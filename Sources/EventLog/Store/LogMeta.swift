import Foundation
import LogFormat

/// The one row of `log_meta`: what identifies a log and how its dates are read.
public struct LogMeta: Sendable {
    /// Storage format name; this release reads and writes `auditlog/v1`.
    public static let format = "auditlog/v1"
    /// `PRAGMA user_version` of this format.
    public static let schemaVersion: Int64 = 1
    /// The time zone business dates are read in unless `init --timezone` says otherwise.
    public static let defaultTimeZone = "Asia/Ho_Chi_Minh"

    /// The checkpoint origin (and signing key name).
    public let origin: String
    /// The verifier key stored in the file (trust the one given out of band instead).
    public let vkey: String
    /// IANA time zone of business dates.
    public let timezone: String
    /// When `init` ran.
    public let createdAt: String
    /// The event catalogue appends are checked against: ``domainCatalogue`` or ``noCatalogue``.
    public let catalogue: String
    /// The language of the human formats (`vi` or `en`, ``languages``): ``defaultLanguage`` for a
    /// log made before `log_meta` had the column.
    public let language: String

    /// The row's values; `language` defaults to ``defaultLanguage``.
    init(origin: String, vkey: String, timezone: String, createdAt: String, catalogue: String, language: String = LogMeta.defaultLanguage) {
        self.origin = origin
        self.vkey = vkey
        self.timezone = timezone
        self.createdAt = createdAt
        self.catalogue = catalogue
        self.language = language
    }

    /// Seconds east of UTC of the log's time zone as it was when the log was created: business
    /// dates are civil dates at this one offset, whenever a command runs (a check must not
    /// depend on the season it runs in). `init` refuses zones with daylight saving time.
    public var zoneOffsetSeconds: Int {
        guard let zone = TimeZone(identifier: timezone) else { return 0 }
        let created = Instant(rfc3339: createdAt).map { Date(timeIntervalSince1970: Double($0.millisecondsSinceEpoch) / 1000) }
        return zone.secondsFromGMT(for: created ?? Date())
    }

    /// Whether time zone `identifier` observes daylight saving time (now, or at a transition
    /// still to come): one fixed offset cannot describe its civil dates.
    public static func observesDaylightSaving(_ identifier: String) -> Bool {
        guard let zone = TimeZone(identifier: identifier) else { return false }
        let now = Date()
        return zone.isDaylightSavingTime(for: now) || zone.nextDaylightSavingTimeTransition(after: now) != nil
    }

    /// The oversight domain's v1 catalogue (Schemas/README.md): the default.
    public static let domainCatalogue = "auditlog/v1"
    /// No catalogue: any dotted type, any payload, the subject given by the input.
    public static let noCatalogue = "none"
    /// The catalogues a log may use.
    public static let catalogues = [domainCatalogue, noCatalogue]

    /// The language of a log that names none: Vietnamese.
    public static let defaultLanguage = "vi"
    /// The languages a log may name.
    public static let languages = ["vi", "en"]

    /// Refuses what `init` may not create a log with: an unknown catalogue, an origin that
    /// cannot name a key, a time zone that is unknown or observes daylight saving time, a
    /// language other than ``languages``.
    static func checkNew(origin: String, timezone: String, catalogue: String, language: String) throws(EventLogError) {
        guard LogMeta.catalogues.contains(catalogue) else {
            throw .invalidArgument("catalogue \(echoed(catalogue)) is not one of \(LogMeta.catalogues.joined(separator: ", "))")
        }
        guard LogMeta.languages.contains(language) else {
            throw .invalidArgument("language \(echoed(language)) is not one of \(LogMeta.languages.joined(separator: ", "))")
        }
        guard VerifierKey.isValidName(origin) else {
            throw .invalidArgument("origin \(echoed(origin)) must be non-empty without spaces or '+', e.g. example.org/audit-log")
        }
        guard TimeZone(identifier: timezone) != nil else {
            throw .invalidArgument("time zone \(echoed(timezone)) is not an IANA time zone such as Asia/Ho_Chi_Minh")
        }
        guard !LogMeta.observesDaylightSaving(timezone) else {
            throw .invalidArgument("time zone \(echoed(timezone)) observes daylight saving time; business dates need one fixed UTC offset "
                + "(use a zone without it, such as Asia/Ho_Chi_Minh or UTC)")
        }
    }

    /// Refuses a signing key that is not this log's; only a dry run may go without one.
    func checkSigningKey(_ key: SignerKey?, dryRun: Bool) throws(EventLogError) {
        guard let key else {
            precondition(dryRun, "appending needs the signing key")
            return
        }
        guard key.verifierKey.description == vkey else {
            throw .key("the signing key (\(key.verifierKey)) does not belong to this log (\(vkey))")
        }
    }
}
