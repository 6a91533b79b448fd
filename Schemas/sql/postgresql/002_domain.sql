-- auditlog/v1 domain index on PostgreSQL: the tables and meaning of ../002_domain.sql (derived
-- from the events, kept in the append transaction, safe to drop).
CREATE TABLE IF NOT EXISTS domain_keys (
    kind text   COLLATE "C" NOT NULL,
    key  text   COLLATE "C" NOT NULL,
    seq  bigint NOT NULL,
    data text,
    PRIMARY KEY (kind, key)
);
CREATE INDEX IF NOT EXISTS domain_keys_seq ON domain_keys (seq);
CREATE TABLE IF NOT EXISTS domain_links (
    predecessor text   COLLATE "C" NOT NULL,
    successor   text   COLLATE "C" NOT NULL,
    seq         bigint NOT NULL,
    PRIMARY KEY (predecessor, successor, seq)
);
CREATE TABLE IF NOT EXISTS domain_attested (
    seq    bigint PRIMARY KEY,
    signer text   NOT NULL
);
CREATE TABLE IF NOT EXISTS domain_state (
    id  integer PRIMARY KEY CHECK (id = 1),
    seq bigint  NOT NULL
);
