/* The libpq functions the PostgreSQL engine calls, resolved from libpq.so.5 at run time.
 *
 * Each definition below has libpq's own prototype (from libpq-fe.h, so the compiler checks it)
 * and forwards to the function of that name in the library clibpq_load opened. They are hidden:
 * not exported from the binary, so libpq's calls to its own functions never land here. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "CLibPQ.h"

#define HIDDEN __attribute__((visibility("hidden")))

/* The shared objects tried, in order: the ABI's soname, then the development link. */
#if defined(__APPLE__)
static const char *const libraryNames[] = {"libpq.5.dylib", "libpq.dylib"};
#else
static const char *const libraryNames[] = {"libpq.so.5", "libpq.so"};
#endif

#define LIBPQ_FUNCTIONS(X) \
    X(PQclear) X(PQcmdStatus) X(PQconnectdb) X(PQconnectionNeedsPassword) X(PQconsumeInput) \
    X(PQerrorMessage) X(PQexec) X(PQexecParams) X(PQexecPrepared) X(PQfinish) X(PQflush) X(PQfreemem) X(PQftype) \
    X(PQgetResult) X(PQgetisnull) X(PQgetlength) X(PQgetvalue) X(PQisnonblocking) X(PQnfields) \
    X(PQnotifies) X(PQntuples) X(PQprepare) X(PQputCopyData) X(PQputCopyEnd) X(PQresultErrorField) \
    X(PQresultErrorMessage) X(PQresultStatus) X(PQserverVersion) X(PQsetClientEncoding) \
    X(PQsetNoticeProcessor) X(PQsetnonblocking) X(PQsocket) X(PQstatus) X(PQtransactionStatus)

/* Pipeline mode (libpq 14 and later): used when present, so that an older libpq still serves. */
#define LIBPQ_PIPELINE_FUNCTIONS(X) \
    X(PQenterPipelineMode) X(PQexitPipelineMode) X(PQpipelineSync) X(PQsendQueryParams) \
    X(PQsendQueryPrepared)

#define DECLARE_POINTER(name) static __typeof__(&name) p_##name;
LIBPQ_FUNCTIONS(DECLARE_POINTER)
LIBPQ_PIPELINE_FUNCTIONS(DECLARE_POINTER)

static pthread_once_t loadOnce = PTHREAD_ONCE_INIT;
static int loaded;
static char loadFailure[256];

static void loadLibrary(void) {
    /* The first name's failure is the one to report: the fallback is only a development link,
     * and dlerror() keeps only the latest error. */
    char firstFailure[192] = "not found";
    void *library = NULL;
    for (size_t i = 0; i < sizeof libraryNames / sizeof libraryNames[0] && !library; i++) {
        library = dlopen(libraryNames[i], RTLD_NOW | RTLD_LOCAL);
        const char *reason = library ? NULL : dlerror();
        if (i == 0 && reason) snprintf(firstFailure, sizeof firstFailure, "%s", reason);
    }
    if (!library) {
        snprintf(loadFailure, sizeof loadFailure,
                 "PostgreSQL logs need libpq, PostgreSQL's client library, which could not be loaded: %s",
                 firstFailure);
        return;
    }
#define RESOLVE(name)                                                                       \
    p_##name = (__typeof__(&name))dlsym(library, #name);                                     \
    if (!p_##name) {                                                                         \
        snprintf(loadFailure, sizeof loadFailure, "libpq has no function %s: too old", #name); \
        return;                                                                              \
    }
    LIBPQ_FUNCTIONS(RESOLVE)
#undef RESOLVE
#define RESOLVE_OPTIONAL(name) p_##name = (__typeof__(&name))dlsym(library, #name);
    LIBPQ_PIPELINE_FUNCTIONS(RESOLVE_OPTIONAL)
#undef RESOLVE_OPTIONAL
    loaded = 1;
}

int clibpq_load(char *message, size_t size) {
    pthread_once(&loadOnce, loadLibrary);
    if (!loaded && message && size > 0) {
        snprintf(message, size, "%s", loadFailure);
    }
    return loaded;
}

int clibpq_has_pipeline(void) {
    pthread_once(&loadOnce, loadLibrary);
    return loaded && p_PQenterPipelineMode && p_PQexitPipelineMode && p_PQpipelineSync && p_PQsendQueryParams &&
           p_PQsendQueryPrepared;
}

HIDDEN void PQclear(PGresult *res) { p_PQclear(res); }
HIDDEN char *PQcmdStatus(PGresult *res) { return p_PQcmdStatus(res); }
HIDDEN PGconn *PQconnectdb(const char *conninfo) {
    /* The one entry point: every other call needs the connection this returns. */
    if (!clibpq_load(NULL, 0)) return NULL;
    return p_PQconnectdb(conninfo);
}
HIDDEN int PQconnectionNeedsPassword(const PGconn *conn) { return p_PQconnectionNeedsPassword(conn); }
HIDDEN int PQconsumeInput(PGconn *conn) { return p_PQconsumeInput(conn); }
HIDDEN char *PQerrorMessage(const PGconn *conn) { return p_PQerrorMessage(conn); }
HIDDEN PGresult *PQexec(PGconn *conn, const char *query) { return p_PQexec(conn, query); }
HIDDEN PGresult *PQexecParams(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                              const char *const *paramValues, const int *paramLengths, const int *paramFormats,
                              int resultFormat) {
    return p_PQexecParams(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat);
}
HIDDEN PGresult *PQexecPrepared(PGconn *conn, const char *stmtName, int nParams, const char *const *paramValues,
                                const int *paramLengths, const int *paramFormats, int resultFormat) {
    return p_PQexecPrepared(conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat);
}
HIDDEN int PQenterPipelineMode(PGconn *conn) { return p_PQenterPipelineMode(conn); }
HIDDEN int PQexitPipelineMode(PGconn *conn) { return p_PQexitPipelineMode(conn); }
HIDDEN void PQfinish(PGconn *conn) { p_PQfinish(conn); }
HIDDEN int PQflush(PGconn *conn) { return p_PQflush(conn); }
HIDDEN void PQfreemem(void *ptr) { p_PQfreemem(ptr); }
HIDDEN Oid PQftype(const PGresult *res, int field_num) { return p_PQftype(res, field_num); }
HIDDEN PGresult *PQgetResult(PGconn *conn) { return p_PQgetResult(conn); }
HIDDEN int PQgetisnull(const PGresult *res, int tup_num, int field_num) { return p_PQgetisnull(res, tup_num, field_num); }
HIDDEN int PQgetlength(const PGresult *res, int tup_num, int field_num) { return p_PQgetlength(res, tup_num, field_num); }
HIDDEN char *PQgetvalue(const PGresult *res, int tup_num, int field_num) { return p_PQgetvalue(res, tup_num, field_num); }
HIDDEN int PQisnonblocking(const PGconn *conn) { return p_PQisnonblocking(conn); }
HIDDEN int PQnfields(const PGresult *res) { return p_PQnfields(res); }
HIDDEN PGnotify *PQnotifies(PGconn *conn) { return p_PQnotifies(conn); }
HIDDEN int PQntuples(const PGresult *res) { return p_PQntuples(res); }
HIDDEN PGresult *PQprepare(PGconn *conn, const char *stmtName, const char *query, int nParams, const Oid *paramTypes) {
    return p_PQprepare(conn, stmtName, query, nParams, paramTypes);
}
HIDDEN int PQpipelineSync(PGconn *conn) { return p_PQpipelineSync(conn); }
HIDDEN int PQputCopyData(PGconn *conn, const char *buffer, int nbytes) { return p_PQputCopyData(conn, buffer, nbytes); }
HIDDEN int PQputCopyEnd(PGconn *conn, const char *errormsg) { return p_PQputCopyEnd(conn, errormsg); }
HIDDEN char *PQresultErrorField(const PGresult *res, int fieldcode) { return p_PQresultErrorField(res, fieldcode); }
HIDDEN char *PQresultErrorMessage(const PGresult *res) { return p_PQresultErrorMessage(res); }
HIDDEN ExecStatusType PQresultStatus(const PGresult *res) { return p_PQresultStatus(res); }
HIDDEN int PQsendQueryParams(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                             const char *const *paramValues, const int *paramLengths, const int *paramFormats,
                             int resultFormat) {
    return p_PQsendQueryParams(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat);
}
HIDDEN int PQsendQueryPrepared(PGconn *conn, const char *stmtName, int nParams, const char *const *paramValues,
                               const int *paramLengths, const int *paramFormats, int resultFormat) {
    return p_PQsendQueryPrepared(conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat);
}
HIDDEN int PQserverVersion(const PGconn *conn) { return p_PQserverVersion(conn); }
HIDDEN int PQsetClientEncoding(PGconn *conn, const char *encoding) { return p_PQsetClientEncoding(conn, encoding); }
HIDDEN PQnoticeProcessor PQsetNoticeProcessor(PGconn *conn, PQnoticeProcessor proc, void *arg) {
    return p_PQsetNoticeProcessor(conn, proc, arg);
}
HIDDEN int PQsetnonblocking(PGconn *conn, int arg) { return p_PQsetnonblocking(conn, arg); }
HIDDEN int PQsocket(const PGconn *conn) { return p_PQsocket(conn); }
HIDDEN ConnStatusType PQstatus(const PGconn *conn) { return p_PQstatus(conn); }
HIDDEN PGTransactionStatusType PQtransactionStatus(const PGconn *conn) { return p_PQtransactionStatus(conn); }
