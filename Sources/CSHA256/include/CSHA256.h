// SHA-256 on the x86-64 SHA extensions, for the tree's leaf and node hashes (RFC 9162 §2.1),
// which are taken many times over short inputs: one call, no allocation, no context object.
// Callers fall back to swift-crypto where `auditlog_sha256_available()` is 0.
#ifndef AUDITLOG_CSHA256_H
#define AUDITLOG_CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU has the SHA extensions (with SSSE3 and SSE4.1), else 0.
int auditlog_sha256_available(void);

/// Writes SHA-256(prefix ‖ data[0..<count]) to out[0..<32]. Only when auditlog_sha256_available().
void auditlog_sha256_prefixed(uint8_t prefix, const uint8_t *data, size_t count, uint8_t *out);

/// Writes SHA-256(prefix ‖ dataA[0..<countA]) to outA[0..<32] and SHA-256(prefix ‖
/// dataB[0..<countB]) to outB[0..<32]: the bytes of two auditlog_sha256_prefixed calls, with the
/// two messages' rounds interleaved (each round waits on the one before; the other message's
/// rounds fill the wait). Only when auditlog_sha256_available().
void auditlog_sha256_prefixed_pair(uint8_t prefix, const uint8_t *dataA, size_t countA, uint8_t *outA,
                                   const uint8_t *dataB, size_t countB, uint8_t *outB);

#endif
