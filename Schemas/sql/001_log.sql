-- auditlog/v1 storage schema. The database file is an exchange format: an inspector can verify it
-- with sqlite3 and their own script (see Schemas/sql/README.md). Applied once by `auditlog init`
-- inside one transaction; PRAGMA user_version is then set to 1.

-- Exactly one row, written by `init`.
CREATE TABLE log_meta (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    format     TEXT    NOT NULL CHECK (format = 'auditlog/v1'),
    origin     TEXT    NOT NULL,   -- checkpoint origin line and signing key name
    vkey       TEXT    NOT NULL,   -- C2SP signed-note verifier key of the log's Ed25519 key
    timezone   TEXT    NOT NULL,   -- IANA zone of business dates, e.g. Asia/Ho_Chi_Minh
    created_at TEXT    NOT NULL,   -- UTC instant of init, YYYY-MM-DDTHH:MM:SS.sssZ
    catalogue  TEXT    NOT NULL    -- event catalogue appends are checked against:
               CHECK (catalogue IN ('auditlog/v1', 'none')),  -- Schemas/README.md, or any dotted type
    language   TEXT    NOT NULL DEFAULT 'vi'  -- language of the human formats (labels, numbers, dates);
               CHECK (language IN ('vi', 'en'))  -- a log made before this column has none: read as vi
) STRICT;

-- One row per event. `entry` holds the exact canonical bytes that are hashed; every other column
-- is a copy of a field of `entry` (or its leaf hash) kept for indexed queries. `auditlog verify`
-- checks that each copy agrees with the bytes.
CREATE TABLE events (
    seq             INTEGER PRIMARY KEY,   -- 1-based, dense; Merkle leaf index = seq - 1
    entry           BLOB    NOT NULL,      -- RFC 8785 (JCS) profile JSON, UTF-8, <= 65535 bytes
    leaf_hash       BLOB    NOT NULL CHECK (length(leaf_hash) = 32),  -- SHA-256(0x00 || entry)
    event_id        TEXT    NOT NULL,
    type            TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    subject_version INTEGER NOT NULL,
    occurred_at     TEXT    NOT NULL,
    recorded_at     TEXT    NOT NULL
) STRICT;
CREATE UNIQUE INDEX events_event_id ON events (event_id);
CREATE UNIQUE INDEX events_subject ON events (subject, subject_version);
CREATE INDEX events_type ON events (type);

-- Cache of RFC 9162 perfect-subtree hashes at levels >= 1 (level 0 is events.leaf_hash):
-- node (level, idx) covers leaves [idx * 2^level, (idx + 1) * 2^level). Derived data: it makes
-- roots and proofs O(log n) reads; `verify` never trusts it for the root it reports.
CREATE TABLE merkle_nodes (
    level INTEGER NOT NULL,
    idx   INTEGER NOT NULL,
    hash  BLOB    NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (level, idx)
) STRICT, WITHOUT ROWID;

-- One signed checkpoint per append transaction (and one for the empty log at init).
-- At most one note per size, ever.
CREATE TABLE checkpoints (
    size INTEGER PRIMARY KEY,
    note TEXT    NOT NULL            -- c2sp.org/tlog-checkpoint@v1.0.0 signed note, verbatim
) STRICT;

-- Guard rails against accidents (not a security control: the operator can drop them).
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'auditlog: events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'auditlog: events are append-only'); END;
CREATE TRIGGER checkpoints_no_update BEFORE UPDATE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'auditlog: checkpoints are append-only'); END;
CREATE TRIGGER checkpoints_no_delete BEFORE DELETE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'auditlog: checkpoints are append-only'); END;
CREATE TRIGGER merkle_nodes_no_update BEFORE UPDATE ON merkle_nodes
BEGIN SELECT RAISE(ABORT, 'auditlog: merkle_nodes are append-only'); END;
CREATE TRIGGER log_meta_no_update BEFORE UPDATE ON log_meta
BEGIN SELECT RAISE(ABORT, 'auditlog: log_meta is written once'); END;
