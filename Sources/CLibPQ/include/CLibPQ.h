#ifndef CLIBPQ_H
#define CLIBPQ_H

/* libpq's declarations, for the PostgreSQL engine. The binary does not link libpq: the
 * functions the engine calls are defined in LibPQLoader.c, which loads libpq.so.5 on the first
 * connection, so a process that never opens a PostgreSQL log never maps libpq and the two
 * dozen libraries it brings (TLS, Kerberos, LDAP). */
#include <stddef.h>
#if __has_include(<postgresql/libpq-fe.h>)
#include <postgresql/libpq-fe.h>
#else
#include <libpq-fe.h>
#endif

/* Loads libpq once per process. Returns 1 when its functions are ready; else 0, with the
 * loader's reason in message (at most size bytes, NUL-terminated). Safe from any thread. */
int clibpq_load(char *message, size_t size);

/* 1 when the loaded libpq has pipeline mode (libpq 14 and later; PQenterPipelineMode and the
 * calls it needs), else 0: without it each statement waits for its result. */
int clibpq_has_pipeline(void);

#endif
