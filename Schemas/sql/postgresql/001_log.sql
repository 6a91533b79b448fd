-- auditlog/v1 storage schema on PostgreSQL: the same tables, columns and meaning as
-- ../001_log.sql (SQLite), in PostgreSQL's types. `auditlog init --db postgresql://…` applies it
-- in one transaction, in the first schema of the connection's search_path. The entry bytes, leaf
-- hashes, tree nodes and checkpoint notes are byte for byte those of an SQLite log.

-- Exactly one row, written by `init`. schema_version plays the part of SQLite's user_version.
CREATE TABLE log_meta (
    id             integer PRIMARY KEY CHECK (id = 1),
    format         text    NOT NULL CHECK (format = 'auditlog/v1'),
    schema_version integer NOT NULL,
    origin         text    NOT NULL,
    vkey           text    NOT NULL,
    timezone       text    NOT NULL,
    created_at     text    NOT NULL,
    catalogue      text    NOT NULL,
    language       text    NOT NULL DEFAULT 'vi' CHECK (language IN ('vi', 'en'))
);

-- One row per event; `entry` holds the exact canonical bytes that are hashed, the other columns
-- copy its fields for indexed queries (`auditlog verify` checks that they agree). Text columns
-- compare bytewise (COLLATE "C"), as SQLite's do.
CREATE TABLE events (
    seq             bigint  PRIMARY KEY CHECK (seq >= 1),
    entry           bytea   NOT NULL,
    leaf_hash       bytea   NOT NULL CHECK (octet_length(leaf_hash) = 32),
    event_id        text    COLLATE "C" NOT NULL,
    type            text    COLLATE "C" NOT NULL,
    subject         text    COLLATE "C" NOT NULL,
    subject_version bigint  NOT NULL,
    occurred_at     text    COLLATE "C" NOT NULL,
    recorded_at     text    COLLATE "C" NOT NULL
);
CREATE UNIQUE INDEX events_event_id ON events (event_id);
CREATE UNIQUE INDEX events_subject ON events (subject, subject_version);
CREATE INDEX events_type ON events (type, seq);

-- RFC 9162 perfect-subtree hashes at levels >= 1, as in the SQLite schema.
CREATE TABLE merkle_nodes (
    level bigint NOT NULL,
    idx   bigint NOT NULL,
    hash  bytea  NOT NULL CHECK (octet_length(hash) = 32),
    PRIMARY KEY (level, idx)
);

-- One signed checkpoint per append transaction (and one for the empty log at init).
CREATE TABLE checkpoints (
    size bigint PRIMARY KEY,
    note text   NOT NULL
);

-- Guard rails against accidents (not a security control: the table owner can drop them; grant
-- writers INSERT and SELECT only, as docs/postgresql.md shows).
CREATE FUNCTION auditlog_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'auditlog: % is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION auditlog_refuse_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION auditlog_refuse_change();
CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON checkpoints
    FOR EACH ROW EXECUTE FUNCTION auditlog_refuse_change();
CREATE TRIGGER checkpoints_no_truncate BEFORE TRUNCATE ON checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION auditlog_refuse_change();
CREATE TRIGGER merkle_nodes_append_only BEFORE UPDATE OR DELETE ON merkle_nodes
    FOR EACH ROW EXECUTE FUNCTION auditlog_refuse_change();
CREATE TRIGGER merkle_nodes_no_truncate BEFORE TRUNCATE ON merkle_nodes
    FOR EACH STATEMENT EXECUTE FUNCTION auditlog_refuse_change();
CREATE TRIGGER log_meta_written_once BEFORE UPDATE OR DELETE ON log_meta
    FOR EACH ROW EXECUTE FUNCTION auditlog_refuse_change();
CREATE TRIGGER log_meta_no_truncate BEFORE TRUNCATE ON log_meta
    FOR EACH STATEMENT EXECUTE FUNCTION auditlog_refuse_change();
