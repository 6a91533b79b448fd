-- auditlog/v1 projections: the current state of organisations, documents, tasks, monitoring
-- assignments and recommendations, updated in each append transaction and rebuilt from the
-- events by `auditlog rebuild` (or automatically when their version or seq is behind). Derived
-- data: never verified, never signed, safe to drop. Each row's `data` is the record as JSON
-- (Sources/AuditDomain/Projections/*Record.swift); the other columns copy fields for queries.
CREATE TABLE IF NOT EXISTS proj_organizations (
    org_id      TEXT PRIMARY KEY,
    name_vi     TEXT NOT NULL,
    name_folded TEXT NOT NULL,        -- lower case without diacritics, for search
    kind        TEXT NOT NULL,
    level       TEXT NOT NULL,
    province    TEXT NOT NULL,
    status      TEXT NOT NULL,        -- active, suspended, merged, dissolved, split
    data        TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS proj_documents (
    doc_key      TEXT PRIMARY KEY,
    is_directive INTEGER NOT NULL,
    data         TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS proj_tasks (
    task_id  TEXT PRIMARY KEY,
    assignee TEXT NOT NULL,
    status   TEXT NOT NULL,           -- open, completed, cancelled
    due      TEXT,                    -- YYYY-MM-DD
    data     TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS proj_assignments (
    assignment_id TEXT PRIMARY KEY,
    monitor       TEXT NOT NULL,
    target        TEXT NOT NULL,
    data          TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS proj_recommendations (
    rec_id   TEXT PRIMARY KEY,
    from_org TEXT NOT NULL,
    to_org   TEXT NOT NULL,
    is_open  INTEGER NOT NULL,
    data     TEXT NOT NULL
) STRICT;

-- The projection code's version, the log size the tables reflect, and the latest business date
-- of an event in them (the tables answer queries for dates from then on; earlier dates replay).
CREATE TABLE IF NOT EXISTS proj_state (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL,
    seq     INTEGER NOT NULL,
    max_day TEXT                      -- YYYY-MM-DD, NULL for no event
) STRICT;
