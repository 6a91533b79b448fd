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

#endif
