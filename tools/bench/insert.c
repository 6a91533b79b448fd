/*
 * insert.c: the raw SQLite C API baseline for tools/bench (the "physical limit" column).
 *
 *   insert insert --schema 001_log.sql --from SRC.db --db NEW.db [--batch N] [--sync full|normal]
 *       Loads every row of SRC's events table (the entry bytes and their query columns, as an
 *       auditlog-built database holds them) into memory, creates NEW.db from the schema (not
 *       timed), then times: open, PRAGMA journal_mode=WAL, PRAGMA cache_size=-16384 (the page
 *       cache auditlog's writers use), PRAGMA synchronous=FULL, BEGIN
 *       IMMEDIATE, one reused prepared INSERT per event with leaf_hash = SHA-256(0x00 || entry)
 *       computed in the loop, COMMIT (every N events with --batch N), close.
 *       Afterwards checks every computed leaf hash against SRC's leaf_hash column.
 *   insert scan --db DB
 *       SELECT seq, entry FROM events ORDER BY seq; checks that seq is dense from 1; SHA-256 of
 *       0x00 || entry for every row and the RFC 9162 stack fold into the tree root.
 *   insert export --db DB --out FILE
 *       Writes every entry, in seq order, concatenated with nothing between them.
 *
 * Every mode prints one line of JSON on stdout: {"mode","events","bytes","seconds",
 * "events_per_s"[,"root"]}; "seconds" is measured inside the program (CLOCK_MONOTONIC).
 * Build: cc -O2 -o insert insert.c -lsqlite3 -lcrypto
 */
#define _POSIX_C_SOURCE 200809L
#include <openssl/sha.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#if defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wdeprecated-declarations" /* SHA256_Init & co.: the fastest path */
#endif

static void die(const char *what, sqlite3 *db) {
    fprintf(stderr, "insert: %s%s%s\n", what, db ? ": " : "", db ? sqlite3_errmsg(db) : "");
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

static char *xstrdup(const unsigned char *s) {
    if (!s) die("NULL column in the source database", NULL);
    size_t n = strlen((const char *)s);
    char *p = xmalloc(n + 1);
    memcpy(p, s, n + 1);
    return p;
}

static void exec(sqlite3 *db, const char *sql) {
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "insert: %s: %s\n", sql, err ? err : "?");
        exit(1);
    }
}

static void leaf_hash(const unsigned char *entry, int len, unsigned char out[32]) {
    static const unsigned char zero = 0x00;
    SHA256_CTX c;
    SHA256_Init(&c);
    SHA256_Update(&c, &zero, 1);
    SHA256_Update(&c, entry, (size_t)len);
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
        fprintf(stderr, "insert: %s is required (see the comment at the top of insert.c)\n", name);
        exit(2);
    }
    return def;
}

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(1); }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = xmalloc((size_t)n + 1);
    if (fread(s, 1, (size_t)n, f) != (size_t)n) { perror(path); exit(1); }
    s[n] = 0;
    fclose(f);
    return s;
}

typedef struct {
    sqlite3_int64 seq, subject_version;
    unsigned char *entry;
    int entry_len;
    unsigned char leaf[32];       /* the source's leaf_hash */
    char *event_id, *type, *subject, *occurred_at, *recorded_at;
} Row;

static int mode_insert(int argc, char **argv) {
    const char *schema_path = arg(argc, argv, "--schema", NULL);
    const char *src_path = arg(argc, argv, "--from", NULL);
    const char *db_path = arg(argc, argv, "--db", NULL);
    long batch = atol(arg(argc, argv, "--batch", "0"));
    const char *sync = arg(argc, argv, "--sync", "full");
    if (strcmp(sync, "full") != 0 && strcmp(sync, "normal") != 0) die("--sync is full or normal", NULL);
    if (access(db_path, F_OK) == 0) die("--db already exists; give a new path", NULL);

    /* 1. Load the source rows (not timed). */
    sqlite3 *src;
    if (sqlite3_open_v2(src_path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) die(src_path, src);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(src, "SELECT count(*) FROM events", -1, &q, NULL) != SQLITE_OK) die("count", src);
    if (sqlite3_step(q) != SQLITE_ROW) die("count", src);
    size_t n = (size_t)sqlite3_column_int64(q, 0), i = 0;
    sqlite3_finalize(q);
    Row *rows = xmalloc(n * sizeof(Row));
    if (sqlite3_prepare_v2(src,
            "SELECT seq, entry, leaf_hash, event_id, type, subject, subject_version, occurred_at, recorded_at "
            "FROM events ORDER BY seq", -1, &q, NULL) != SQLITE_OK) die("select", src);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW && i < n) {
        Row *r = &rows[i++];
        r->seq = sqlite3_column_int64(q, 0);
        r->entry_len = sqlite3_column_bytes(q, 1);
        r->entry = xmalloc((size_t)r->entry_len);
        memcpy(r->entry, sqlite3_column_blob(q, 1), (size_t)r->entry_len);
        if (sqlite3_column_bytes(q, 2) != 32) die("source leaf_hash is not 32 bytes", NULL);
        memcpy(r->leaf, sqlite3_column_blob(q, 2), 32);
        r->event_id = xstrdup(sqlite3_column_text(q, 3));
        r->type = xstrdup(sqlite3_column_text(q, 4));
        r->subject = xstrdup(sqlite3_column_text(q, 5));
        r->subject_version = sqlite3_column_int64(q, 6);
        r->occurred_at = xstrdup(sqlite3_column_text(q, 7));
        r->recorded_at = xstrdup(sqlite3_column_text(q, 8));
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) die("select", src);
    n = i;
    sqlite3_finalize(q);
    sqlite3_close(src);

    /* 2. Create the database from the schema (not timed; auditlog's `init` is not timed either). */
    char *schema = read_file(schema_path);
    sqlite3 *db;
    if (sqlite3_open(db_path, &db) != SQLITE_OK) die(db_path, db);
    exec(db, "PRAGMA journal_mode=WAL");
    exec(db, "BEGIN");
    exec(db, schema);
    exec(db, "PRAGMA user_version=1");
    exec(db, "COMMIT");
    sqlite3_close(db);
    free(schema);

    /* 3. Timed: open, pragmas, one transaction (or one per --batch rows), close. */
    unsigned char (*hashes)[32] = xmalloc(n * 32);
    size_t bytes = 0;
    double t0 = now();
    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) die(db_path, db);
    exec(db, "PRAGMA journal_mode=WAL");
    exec(db, "PRAGMA cache_size=-16384"); /* auditlog's Limits.writerPageCacheKiB */
    exec(db, strcmp(sync, "full") == 0 ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    sqlite3_stmt *ins;
    if (sqlite3_prepare_v2(db,
            "INSERT INTO events (seq, entry, leaf_hash, event_id, type, subject, subject_version, occurred_at, "
            "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &ins, NULL) != SQLITE_OK) die("prepare", db);
    exec(db, "BEGIN IMMEDIATE");
    for (i = 0; i < n; i++) {
        Row *r = &rows[i];
        leaf_hash(r->entry, r->entry_len, hashes[i]);
        sqlite3_bind_int64(ins, 1, r->seq);
        sqlite3_bind_blob(ins, 2, r->entry, r->entry_len, SQLITE_STATIC);
        sqlite3_bind_blob(ins, 3, hashes[i], 32, SQLITE_STATIC);
        sqlite3_bind_text(ins, 4, r->event_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 5, r->type, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 6, r->subject, -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins, 7, r->subject_version);
        sqlite3_bind_text(ins, 8, r->occurred_at, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 9, r->recorded_at, -1, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE) die("insert", db);
        sqlite3_reset(ins);
        bytes += (size_t)r->entry_len;
        if (batch > 0 && (i + 1) % (size_t)batch == 0 && i + 1 < n) {
            exec(db, "COMMIT");
            exec(db, "BEGIN IMMEDIATE");
        }
    }
    exec(db, "COMMIT");
    sqlite3_finalize(ins);
    if (sqlite3_close(db) != SQLITE_OK) die("close", db);
    double t = now() - t0;

    for (i = 0; i < n; i++)
        if (memcmp(hashes[i], rows[i].leaf, 32) != 0) {
            fprintf(stderr, "insert: leaf hash of seq %lld differs from the source's\n", (long long)rows[i].seq);
            return 1;
        }
    printf("{\"mode\":\"insert\",\"events\":%zu,\"bytes\":%zu,\"seconds\":%.6f,\"events_per_s\":%.1f}\n",
           n, bytes, t, t > 0 ? (double)n / t : 0.0);
    return 0;
}

static int mode_scan(int argc, char **argv) {
    const char *db_path = arg(argc, argv, "--db", NULL);
    double t0 = now();
    sqlite3 *db;
    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) die(db_path, db);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "SELECT seq, entry FROM events ORDER BY seq", -1, &q, NULL) != SQLITE_OK)
        die("select", db);
    unsigned char stack[64][32];  /* perfect subtrees of sizes given by the bits of the leaf count */
    int top = 0;
    sqlite3_int64 count = 0;
    size_t bytes = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        sqlite3_int64 seq = sqlite3_column_int64(q, 0);
        if (seq != count + 1) {
            fprintf(stderr, "insert: seq %lld where %lld was expected\n", (long long)seq, (long long)(count + 1));
            return 1;
        }
        const unsigned char *e = sqlite3_column_blob(q, 1);
        int len = sqlite3_column_bytes(q, 1);
        leaf_hash(e, len, stack[top++]);
        bytes += (size_t)len;
        count++;
        for (sqlite3_int64 c = count; (c & 1) == 0; c >>= 1) {  /* merge equal-sized subtrees */
            node_hash(stack[top - 2], stack[top - 1], stack[top - 2]);
            top--;
        }
    }
    if (rc != SQLITE_DONE) die("select", db);
    sqlite3_finalize(q);
    sqlite3_close(db);
    unsigned char root[32];
    if (top == 0) {
        SHA256(NULL, 0, root);  /* the empty tree */
    } else {
        memcpy(root, stack[top - 1], 32);
        for (int k = top - 2; k >= 0; k--) node_hash(stack[k], root, root);
    }
    double t = now() - t0;
    char b64[64];
    base64(root, 32, b64);
    printf("{\"mode\":\"scan\",\"events\":%lld,\"bytes\":%zu,\"seconds\":%.6f,\"events_per_s\":%.1f,\"root\":\"%s\"}\n",
           (long long)count, bytes, t, t > 0 ? (double)count / t : 0.0, b64);
    return 0;
}

static int mode_export(int argc, char **argv) {
    const char *db_path = arg(argc, argv, "--db", NULL);
    const char *out_path = arg(argc, argv, "--out", NULL);
    double t0 = now();
    sqlite3 *db;
    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) die(db_path, db);
    FILE *out = fopen(out_path, "wb");
    if (!out) { perror(out_path); return 1; }
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "SELECT entry FROM events ORDER BY seq", -1, &q, NULL) != SQLITE_OK)
        die("select", db);
    long long count = 0;
    size_t bytes = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        int len = sqlite3_column_bytes(q, 0);
        if (len > 0 && fwrite(sqlite3_column_blob(q, 0), 1, (size_t)len, out) != (size_t)len) {
            perror(out_path);
            return 1;
        }
        bytes += (size_t)len;
        count++;
    }
    if (rc != SQLITE_DONE) die("select", db);
    sqlite3_finalize(q);
    sqlite3_close(db);
    if (fclose(out) != 0) { perror(out_path); return 1; }
    double t = now() - t0;
    printf("{\"mode\":\"export\",\"events\":%lld,\"bytes\":%zu,\"seconds\":%.6f,\"events_per_s\":%.1f}\n",
           count, bytes, t, t > 0 ? (double)count / t : 0.0);
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "insert") == 0) return mode_insert(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "scan") == 0) return mode_scan(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "export") == 0) return mode_export(argc, argv);
    fprintf(stderr,
            "usage: insert insert --schema SQL --from SRC.db --db NEW.db [--batch N] [--sync full|normal]\n"
            "       insert scan --db DB\n"
            "       insert export --db DB --out FILE\n");
    return 2;
}
