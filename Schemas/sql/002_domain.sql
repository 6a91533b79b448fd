-- auditlog/v1 domain index: identities the catalogue's reference rules need, kept in the append
-- transaction. Derived from the events (rebuilt from them when behind); never verified, never
-- signed, safe to drop.
CREATE TABLE IF NOT EXISTS domain_keys (
    kind TEXT    NOT NULL,           -- org, doc, req, task, rec, assignment, meeting, report,
                                     -- inspection; and one row ('index', 'version', seq 0): data
                                     -- is the index's version (none: 1), rebuilt when it differs
    key  TEXT    NOT NULL,           -- slug, doc_key, req_ref, id
    seq  INTEGER NOT NULL,           -- the event that declared it
    data TEXT,                       -- requirements: {"params":…,"template":…} as last amended
    PRIMARY KEY (kind, key)
) STRICT, WITHOUT ROWID;

-- An event's rows, for dropping them when a correction or retraction changes it (a report's
-- id is one row per report: without it each correction scanned them all).
CREATE INDEX IF NOT EXISTS domain_keys_seq ON domain_keys (seq);

-- Successor links (merge, split, dissolution, designation): kept acyclic.
CREATE TABLE IF NOT EXISTS domain_links (
    predecessor TEXT    NOT NULL,
    successor   TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    PRIMARY KEY (predecessor, successor, seq)
) STRICT, WITHOUT ROWID;

-- The signed events that are attested: signed, with a signature that counted when appended, by
-- a signer who may record them (their responsible body or its successor, the type's clerks, a
-- correction's original author). docs/authorship.md, "Attested evidence".
CREATE TABLE IF NOT EXISTS domain_attested (
    seq    INTEGER PRIMARY KEY,
    signer TEXT    NOT NULL
) STRICT;

-- The log size the tables above reflect.

CREATE TABLE IF NOT EXISTS domain_state (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
) STRICT;
