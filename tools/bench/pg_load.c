/*
 * pg_load.c: the libpq baseline for tools/bench/run-pg (the "physical limit" column on PostgreSQL),
 * the counterpart of insert.c for SQLite.
 *
 *   pg_load insert --db URL [--into SCHEMA] [--batch N]
 *       Reads every row of the events table that URL's search_path finds (the log auditlog just
 *       wrote: the entry bytes and their query columns) into memory with one binary COPY TO STDOUT
 *       (not timed), then (re)creates schema SCHEMA (default c_load) in the same database with
 *       SCHEMA.events made `LIKE events INCLUDING ALL`: the same columns, types, constraints and
 *       indexes as auditlog's table (not timed; auditlog's `init` is not timed either). Then times:
 *       connect, BEGIN, LOCK TABLE SCHEMA.events IN EXCLUSIVE MODE (one statement that serialises
 *       writers, as BEGIN IMMEDIATE in insert.c and auditlog's transaction-level advisory lock
 *       do), one COPY SCHEMA.events FROM STDIN
 *       (FORMAT binary) of all nine columns with leaf_hash = SHA-256(0x00 || entry) computed in
 *       the loop, COMMIT (every N rows with --batch N: a new transaction, lock and COPY), finish.
 *       Afterwards checks every computed leaf hash against the source's leaf_hash column. The
 *       server's durability settings are left as they are (synchronous_commit on by default).
 *   pg_load scan --db URL [--schema SCHEMA]
 *       COPY (SELECT seq, entry FROM events ORDER BY seq) TO STDOUT (FORMAT binary); checks that
 *       seq is dense from 1; SHA-256 of 0x00 || entry for every row and the RFC 9162 stack fold
 *       into the tree root. Timed from connect to finish.
 *
 * Like insert.c it writes no Merkle nodes, checkpoint or signature and does no parsing or
 * canonical encoding: that is the limit, not a peer. Every mode prints one line of JSON on stdout:
 * {"mode","events","bytes","seconds","events_per_s"[,"root"]}; "seconds" is measured inside the
 * program (CLOCK_MONOTONIC).
 * Build: cc -O2 -o pg_load pg_load.c -I/usr/include/postgresql -lpq -lcrypto
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <libpq-fe.h>
#include <openssl/sha.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wdeprecated-declarations" /* SHA256_Init & co.: the fastest path */
#endif

#define NCOLS 9
#define SEND_BUFFER (1 << 20)

static void die(const char *what, PGconn *db) {
    fprintf(stderr, "pg_load: %s%s%s", what, db ? ": " : "\n", db ? PQerrorMessage(db) : "");
    exit(1);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) die("out of memory", NULL);
    return p;
}

static void *xrealloc(void *p, size_t n) {
    p = realloc(p, n ? n : 1);
    if (!p) die("out of memory", NULL);
    return p;
}

static PGconn *connect_db(const char *url) {
    PGconn *db = PQconnectdb(url);
    if (PQstatus(db) != CONNECTION_OK) die("connect", db);
    return db;
}

static void exec(PGconn *db, const char *sql) {
    PGresult *r = PQexec(db, sql);
    ExecStatusType s = PQresultStatus(r);
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
        fprintf(stderr, "pg_load: %s: %s", sql, PQerrorMessage(db));
        exit(1);
    }
    PQclear(r);
}

static void leaf_hash(const unsigned char *entry, size_t len, unsigned char out[32]) {
    static const unsigned char zero = 0x00;
    SHA256_CTX c;
    SHA256_Init(&c);
    SHA256_Update(&c, &zero, 1);
    SHA256_Update(&c, entry, len);
    SHA256_Final(out, &c);
}

static void node_hash(const unsigned char l[32], const unsigned char r[32], unsigned char out[32]) {
    static const unsigned char one = 0x01;
    SHA256_CTX c;
    SHA256_Init(&c);
    SHA256_Update(&c, &one, 1);
    SHA256_Update(&c, l, 32);
    SHA256_Update(&c, r, 32);
    SHA256_Final(out, &c);
}

static void base64(const unsigned char *in, size_t n, char *out) {
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i = 0, o = 0;
    for (; i + 2 < n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
        out[o++] = t[v >> 18]; out[o++] = t[(v >> 12) & 63]; out[o++] = t[(v >> 6) & 63]; out[o++] = t[v & 63];
    }
    if (i < n) {
        uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < n ? (uint32_t)in[i + 1] << 8 : 0);
        out[o++] = t[v >> 18]; out[o++] = t[(v >> 12) & 63];
        out[o++] = i + 1 < n ? t[(v >> 6) & 63] : '=';
        out[o++] = '=';
    }
    out[o] = 0;
}

static const char *arg(int argc, char **argv, const char *name, const char *def) {
    for (int i = 2; i + 1 < argc; i++)
        if (strcmp(argv[i], name) == 0) return argv[i + 1];
    if (!def) {
        fprintf(stderr, "pg_load: %s is required (see the comment at the top of pg_load.c)\n", name);
        exit(2);
    }
    return def;
}

/* --- binary COPY: big-endian integers and the stream's framing ------------------------------ */

static const unsigned char COPY_SIGNATURE[11] = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xff, '\r', '\n', 0};

static uint16_t get16(const unsigned char *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t get32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static int64_t get64(const unsigned char *p) { return (int64_t)((uint64_t)get32(p) << 32 | get32(p + 4)); }

typedef struct {
    const unsigned char *data[NCOLS];
    int32_t len[NCOLS];  /* -1: NULL */
} Tuple;

/* copy_out: runs `sql` (a COPY ... TO STDOUT (FORMAT binary)) and calls `row` for every tuple of
 * `ncols` fields. The server sends one CopyData message per row; the stream's header comes in the
 * first one and the trailer (-1) in a message of its own. */
static void copy_out(PGconn *db, const char *sql, int ncols, void (*row)(const Tuple *, void *), void *ctx) {
    PGresult *r = PQexec(db, sql);
    if (PQresultStatus(r) != PGRES_COPY_OUT) die(sql, db);
    PQclear(r);
    int first = 1, ended = 0;
    char *buf;
    int n;
    while ((n = PQgetCopyData(db, &buf, 0)) > 0) {
        const unsigned char *p = (const unsigned char *)buf, *end = p + n;
        if (first) {
            if (n < 19 || memcmp(p, COPY_SIGNATURE, 11) != 0) die("COPY TO STDOUT: not a binary COPY header", NULL);
            uint32_t ext = get32(p + 15);
            p += 19 + ext;
            first = 0;
        }
        while (p < end) {
            if (end - p < 2) die("COPY TO STDOUT: truncated tuple", NULL);
            int16_t fields = (int16_t)get16(p);
            p += 2;
            if (fields == -1) { ended = 1; break; }
            if (fields != ncols) die("COPY TO STDOUT: unexpected field count", NULL);
            Tuple t;
            for (int i = 0; i < ncols; i++) {
                if (end - p < 4) die("COPY TO STDOUT: truncated field", NULL);
                int32_t len = (int32_t)get32(p);
                p += 4;
                if (len > end - p) die("COPY TO STDOUT: truncated field", NULL);
                t.len[i] = len;
                t.data[i] = len >= 0 ? p : NULL;
                if (len > 0) p += len;
            }
            row(&t, ctx);
        }
        PQfreemem(buf);
    }
    if (n == -2) die("COPY TO STDOUT", db);
    if (!ended) die("COPY TO STDOUT: no trailer", NULL);
    r = PQgetResult(db);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) die(sql, db);
    PQclear(r);
    while ((r = PQgetResult(db))) PQclear(r);
}

/* --- insert ---------------------------------------------------------------------------------- */

/* The target columns, in COPY order, and the binary encodings this program writes for them. */
static const char *COLUMNS[NCOLS] = {"seq", "entry", "leaf_hash", "event_id", "type", "subject",
                                     "subject_version", "occurred_at", "recorded_at"};
enum { INT8, BYTEA, TEXT };
static const int KIND[NCOLS] = {INT8, BYTEA, BYTEA, TEXT, TEXT, TEXT, INT8, TEXT, TEXT};

typedef struct {
    int64_t seq, subject_version;
    size_t off[NCOLS];  /* offsets into the arena of the variable-length fields */
    uint32_t len[NCOLS];
} Row;

typedef struct {
    Row *rows;
    size_t n, cap;
    unsigned char *arena;
    size_t used, arena_cap;
} Source;

static size_t keep(Source *s, const unsigned char *p, size_t n) {
    if (s->used + n > s->arena_cap) {
        while (s->used + n > s->arena_cap) s->arena_cap = s->arena_cap ? s->arena_cap * 2 : (64u << 20);
        s->arena = xrealloc(s->arena, s->arena_cap);
    }
    memcpy(s->arena + s->used, p, n);
    s->used += n;
    return s->used - n;
}

static void source_row(const Tuple *t, void *ctx) {
    Source *s = ctx;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 65536;
        s->rows = xrealloc(s->rows, s->cap * sizeof(Row));
    }
    Row *r = &s->rows[s->n++];
    for (int i = 0; i < NCOLS; i++) {
        if (t->len[i] < 0) die("NULL column in the source events table", NULL);
        if (KIND[i] == INT8) {
            if (t->len[i] != 8) die("source seq/subject_version is not a bigint", NULL);
            int64_t v = get64(t->data[i]);
            if (i == 0) r->seq = v; else r->subject_version = v;
        } else {
            r->off[i] = keep(s, t->data[i], (size_t)t->len[i]);
            r->len[i] = (uint32_t)t->len[i];
        }
    }
    if (r->len[2] != 32) die("source leaf_hash is not 32 bytes", NULL);
}

/* check_target: the binary COPY below writes int8, bytea and text; the table must have those. */
static void check_target(PGconn *db, const char *qualified_literal) {
    char sql[1024];
    for (int i = 0; i < NCOLS; i++) {
        snprintf(sql, sizeof sql,
                 "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                 "WHERE attrelid = %s::regclass AND attname = '%s' AND NOT attisdropped",
                 qualified_literal, COLUMNS[i]);
        PGresult *r = PQexec(db, sql);
        if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) die("events table: a column is missing", db);
        const char *type = PQgetvalue(r, 0, 0);
        const char *want = KIND[i] == INT8 ? "bigint" : KIND[i] == BYTEA ? "bytea" : "text";
        if (strcmp(type, want) != 0 && !(KIND[i] == TEXT && strncmp(type, "character varying", 17) == 0)) {
            fprintf(stderr, "pg_load: events.%s is %s; this program writes %s\n", COLUMNS[i], type, want);
            exit(1);
        }
        PQclear(r);
    }
}

typedef struct {
    PGconn *db;
    char *buf;
    size_t used;
} Sender;

static void flush(Sender *s) {
    if (s->used && PQputCopyData(s->db, s->buf, (int)s->used) != 1) die("COPY FROM STDIN", s->db);
    s->used = 0;
}

static void put(Sender *s, const void *p, size_t n) {
    if (s->used + n > SEND_BUFFER) {
        flush(s);
        if (n > SEND_BUFFER) {
            if (PQputCopyData(s->db, p, (int)n) != 1) die("COPY FROM STDIN", s->db);
            return;
        }
    }
    memcpy(s->buf + s->used, p, n);
    s->used += n;
}

static void put32(Sender *s, uint32_t v) { v = htonl(v); put(s, &v, 4); }
static void put16(Sender *s, uint16_t v) { v = htons(v); put(s, &v, 2); }
static void put_int8(Sender *s, int64_t v) {
    put32(s, 8);
    put32(s, (uint32_t)((uint64_t)v >> 32));
    put32(s, (uint32_t)v);
}
static void put_field(Sender *s, const unsigned char *p, uint32_t n) { put32(s, n); put(s, p, n); }

static void begin_copy(Sender *s, const char *table) {
    char sql[512];
    exec(s->db, "BEGIN");
    snprintf(sql, sizeof sql, "LOCK TABLE %s IN EXCLUSIVE MODE", table);
    exec(s->db, sql);
    snprintf(sql, sizeof sql,
             "COPY %s (seq, entry, leaf_hash, event_id, type, subject, subject_version, occurred_at, recorded_at) "
             "FROM STDIN (FORMAT binary)", table);
    PGresult *r = PQexec(s->db, sql);
    if (PQresultStatus(r) != PGRES_COPY_IN) die(sql, s->db);
    PQclear(r);
    put(s, COPY_SIGNATURE, 11);
    put32(s, 0);  /* flags */
    put32(s, 0);  /* header extension length */
}

static void end_copy(Sender *s) {
    put16(s, 0xffff);  /* trailer: -1 */
    flush(s);
    if (PQputCopyEnd(s->db, NULL) != 1) die("COPY end", s->db);
    PGresult *r = PQgetResult(s->db);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) die("COPY FROM STDIN", s->db);
    PQclear(r);
    while ((r = PQgetResult(s->db))) PQclear(r);
    exec(s->db, "COMMIT");
}

static int mode_insert(int argc, char **argv) {
    const char *url = arg(argc, argv, "--db", NULL);
    const char *schema = arg(argc, argv, "--into", "c_load");
    long batch = atol(arg(argc, argv, "--batch", "0"));

    /* 1. Load the source rows (not timed). */
    PGconn *db = connect_db(url);
    PGresult *r = PQexec(db, "SELECT to_regclass('events')::text");
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQgetisnull(r, 0, 0))
        die("no events table in the search_path of --db (run auditlog init and append first)", NULL);
    char *src_ident = strdup(PQgetvalue(r, 0, 0));  /* regclass text: already quoted as needed */
    PQclear(r);
    Source s = {0};
    char sql[1024];
    snprintf(sql, sizeof sql,
             "COPY (SELECT seq, entry, leaf_hash, event_id, type, subject, subject_version, occurred_at, recorded_at "
             "FROM %s ORDER BY seq) TO STDOUT (FORMAT binary)", src_ident);
    copy_out(db, sql, NCOLS, source_row, &s);

    /* 2. The target table: auditlog's definition, in a schema of its own (not timed). */
    exec(db, "SET client_min_messages = warning");  /* no NOTICE of DROP ... CASCADE on stderr */
    char *sch = PQescapeIdentifier(db, schema, strlen(schema));
    char table[256];
    snprintf(table, sizeof table, "%s.events", sch);
    snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", sch);
    exec(db, sql);
    snprintf(sql, sizeof sql, "CREATE SCHEMA %s", sch);
    exec(db, sql);
    snprintf(sql, sizeof sql, "CREATE TABLE %s (LIKE %s INCLUDING ALL)", table, src_ident);
    exec(db, sql);
    char *table_literal = PQescapeLiteral(db, table, strlen(table));
    check_target(db, table_literal);
    PQfreemem(table_literal);
    free(src_ident);
    PQfinish(db);

    /* 3. Timed: connect, one transaction (or one per --batch rows) with one COPY, finish. */
    size_t n = s.n, bytes = 0;
    unsigned char (*hashes)[32] = xmalloc(n * 32);
    Sender out = {.buf = xmalloc(SEND_BUFFER)};
    double t0 = now();
    out.db = connect_db(url);
    begin_copy(&out, table);
    for (size_t i = 0; i < n; i++) {
        const Row *row = &s.rows[i];
        const unsigned char *entry = s.arena + row->off[1];
        leaf_hash(entry, row->len[1], hashes[i]);
        put16(&out, NCOLS);
        put_int8(&out, row->seq);
        put_field(&out, entry, row->len[1]);
        put_field(&out, hashes[i], 32);
        for (int c = 3; c <= 5; c++) put_field(&out, s.arena + row->off[c], row->len[c]);
        put_int8(&out, row->subject_version);
        for (int c = 7; c <= 8; c++) put_field(&out, s.arena + row->off[c], row->len[c]);
        bytes += row->len[1];
        if (batch > 0 && (i + 1) % (size_t)batch == 0 && i + 1 < n) {
            end_copy(&out);
            begin_copy(&out, table);
        }
    }
    end_copy(&out);
    PQfinish(out.db);
    double t = now() - t0;

    for (size_t i = 0; i < n; i++)
        if (memcmp(hashes[i], s.arena + s.rows[i].off[2], 32) != 0) {
            fprintf(stderr, "pg_load: leaf hash of seq %lld differs from the source's\n", (long long)s.rows[i].seq);
            return 1;
        }
    printf("{\"mode\":\"insert\",\"events\":%zu,\"bytes\":%zu,\"seconds\":%.6f,\"events_per_s\":%.1f}\n",
           n, bytes, t, t > 0 ? (double)n / t : 0.0);
    return 0;
}

/* --- scan ------------------------------------------------------------------------------------ */

typedef struct {
    unsigned char stack[64][32];  /* perfect subtrees of sizes given by the bits of the leaf count */
    int top;
    int64_t count;
    size_t bytes;
} Fold;

static void scan_row(const Tuple *t, void *ctx) {
    Fold *f = ctx;
    if (t->len[0] != 8 || t->len[1] < 0) die("scan: seq is not a bigint or entry is NULL", NULL);
    int64_t seq = get64(t->data[0]);
    if (seq != f->count + 1) {
        fprintf(stderr, "pg_load: seq %lld where %lld was expected\n", (long long)seq, (long long)(f->count + 1));
        exit(1);
    }
    leaf_hash(t->data[1], (size_t)t->len[1], f->stack[f->top++]);
    f->bytes += (size_t)t->len[1];
    f->count++;
    for (int64_t c = f->count; (c & 1) == 0; c >>= 1) {  /* merge equal-sized subtrees */
        node_hash(f->stack[f->top - 2], f->stack[f->top - 1], f->stack[f->top - 2]);
        f->top--;
    }
}

static int mode_scan(int argc, char **argv) {
    const char *url = arg(argc, argv, "--db", NULL);
    const char *schema = arg(argc, argv, "--schema", "");
    Fold f = {.top = 0};
    double t0 = now();
    PGconn *db = connect_db(url);
    char table[256] = "events";
    if (*schema) {
        char *sch = PQescapeIdentifier(db, schema, strlen(schema));
        snprintf(table, sizeof table, "%s.events", sch);
        PQfreemem(sch);
    }
    char sql[512];
    snprintf(sql, sizeof sql, "COPY (SELECT seq, entry FROM %s ORDER BY seq) TO STDOUT (FORMAT binary)", table);
    copy_out(db, sql, 2, scan_row, &f);
    PQfinish(db);
    unsigned char root[32];
    if (f.top == 0) {
        SHA256(NULL, 0, root);  /* the empty tree */
    } else {
        memcpy(root, f.stack[f.top - 1], 32);
        for (int k = f.top - 2; k >= 0; k--) node_hash(f.stack[k], root, root);
    }
    double t = now() - t0;
    char b64[64];
    base64(root, 32, b64);
    printf("{\"mode\":\"scan\",\"events\":%lld,\"bytes\":%zu,\"seconds\":%.6f,\"events_per_s\":%.1f,\"root\":\"%s\"}\n",
           (long long)f.count, f.bytes, t, t > 0 ? (double)f.count / t : 0.0, b64);
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "insert") == 0) return mode_insert(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "scan") == 0) return mode_scan(argc, argv);
    fprintf(stderr,
            "usage: pg_load insert --db URL [--into SCHEMA] [--batch N]\n"
            "       pg_load scan --db URL [--schema SCHEMA]\n");
    return 2;
}
