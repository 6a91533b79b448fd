-- auditlog/v1 projections on PostgreSQL: the tables and meaning of ../003_projections.sql
-- (derived data, updated in each append transaction, rebuilt by `auditlog rebuild`). Keys compare
-- bytewise (COLLATE "C") so that listings come out in the same order as on SQLite.
CREATE TABLE IF NOT EXISTS proj_organizations (
    org_id      text COLLATE "C" PRIMARY KEY,
    name_vi     text NOT NULL,
    name_folded text NOT NULL,
    kind        text NOT NULL,
    level       text NOT NULL,
    province    text NOT NULL,
    status      text NOT NULL,
    data        text NOT NULL
);
CREATE TABLE IF NOT EXISTS proj_documents (
    doc_key      text   COLLATE "C" PRIMARY KEY,
    is_directive bigint NOT NULL,
    data         text   NOT NULL
);
CREATE TABLE IF NOT EXISTS proj_tasks (
    task_id  text COLLATE "C" PRIMARY KEY,
    assignee text NOT NULL,
    status   text NOT NULL,
    due      text,
    data     text NOT NULL
);
CREATE TABLE IF NOT EXISTS proj_assignments (
    assignment_id text COLLATE "C" PRIMARY KEY,
    monitor       text NOT NULL,
    target        text NOT NULL,
    data          text NOT NULL
);
CREATE TABLE IF NOT EXISTS proj_recommendations (
    rec_id   text   COLLATE "C" PRIMARY KEY,
    from_org text   NOT NULL,
    to_org   text   NOT NULL,
    is_open  bigint NOT NULL,
    data     text   NOT NULL
);
CREATE TABLE IF NOT EXISTS proj_state (
    id      integer PRIMARY KEY CHECK (id = 1),
    version bigint  NOT NULL,
    seq     bigint  NOT NULL,
    max_day text
);
