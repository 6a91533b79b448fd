// SHA-256 (FIPS 180-4) with the x86-64 SHA extensions: the compression function runs on
// sha256rnds2 / sha256msg1 / sha256msg2; padding and the big-endian output are plain C.
// Two messages may be hashed together, their rounds interleaved (auditlog_sha256_prefixed_pair).
// Checked against the NIST example vectors and against swift-crypto for every length up to a
// few blocks and random longer inputs (MerkleTests), the pair against two single hashes
// (LeafPairHashTests).
#include "CSHA256.h"

#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

static const uint32_t initial[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static const uint32_t rounds[64] __attribute__((aligned(16))) = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

int auditlog_sha256_available(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int ssse3 = (c >> 9) & 1, sse41 = (c >> 19) & 1;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    int sha = (b >> 29) & 1;
    return ssse3 && sse41 && sha;
}

// The 64 rounds of one block, four at a time (group g = rounds 4g to 4g + 3), with the message
// schedule woven in as early as its inputs allow. Each compression function (one message, or
// two interleaved) defines LOAD, ROUNDS_FIRST, ROUNDS_SECOND, SIGMA0 and SIGMA1 for its own
// registers before using it.
#define SHA_ROUND_GROUPS()                                                                        \
    do {                                                                                          \
        LOAD(0);                                                                                  \
        ROUNDS_FIRST(0); ROUNDS_SECOND();                                                         \
        LOAD(1);                                                                                  \
        ROUNDS_FIRST(1); ROUNDS_SECOND(); SIGMA0(1);                                              \
        LOAD(2);                                                                                  \
        ROUNDS_FIRST(2); ROUNDS_SECOND(); SIGMA0(2);                                              \
        LOAD(3);                                                                                  \
        ROUNDS_FIRST(3); SIGMA1(3); ROUNDS_SECOND(); SIGMA0(3);                                   \
        ROUNDS_FIRST(4); SIGMA1(4); ROUNDS_SECOND(); SIGMA0(4);                                   \
        ROUNDS_FIRST(5); SIGMA1(5); ROUNDS_SECOND(); SIGMA0(5);                                   \
        ROUNDS_FIRST(6); SIGMA1(6); ROUNDS_SECOND(); SIGMA0(6);                                   \
        ROUNDS_FIRST(7); SIGMA1(7); ROUNDS_SECOND(); SIGMA0(7);                                   \
        ROUNDS_FIRST(8); SIGMA1(8); ROUNDS_SECOND(); SIGMA0(8);                                   \
        ROUNDS_FIRST(9); SIGMA1(9); ROUNDS_SECOND(); SIGMA0(9);                                   \
        ROUNDS_FIRST(10); SIGMA1(10); ROUNDS_SECOND(); SIGMA0(10);                                \
        ROUNDS_FIRST(11); SIGMA1(11); ROUNDS_SECOND(); SIGMA0(11);                                \
        ROUNDS_FIRST(12); SIGMA1(12); ROUNDS_SECOND(); SIGMA0(12);                                \
        ROUNDS_FIRST(13); SIGMA1(13); ROUNDS_SECOND();                                            \
        ROUNDS_FIRST(14); SIGMA1(14); ROUNDS_SECOND();                                            \
        ROUNDS_FIRST(15); ROUNDS_SECOND();                                                        \
    } while (0)

// Runs `blocks` 64-byte blocks of `data` through the compression function.
__attribute__((target("sha,sse4.1,ssse3")))
static void compress(uint32_t state[8], const uint8_t *data, size_t blocks) {
    // The instructions keep the working variables as ABEF and CDGH.
    __m128i dcba = _mm_loadu_si128((const __m128i *)&state[0]);
    __m128i hgfe = _mm_loadu_si128((const __m128i *)&state[4]);
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
    // Big-endian words.
    const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    for (; blocks > 0; blocks--, data += 64) {
        __m128i savedABEF = abef, savedCDGH = cdgh;
        // m[g % 4] holds message words 4g..4g+3 of group g. The schedule runs ahead of the
        // rounds (σ0 three groups early, σ1 one group early), as Intel's reference code does, so
        // that it overlaps the rounds' own chain: W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16].
        __m128i m[4], message;
#define LOAD(g) m[g] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16 * (g))), swap)
#define ROUNDS_FIRST(g)                                                                           \
    message = _mm_add_epi32(m[(g) % 4], _mm_load_si128((const __m128i *)&rounds[4 * (g)]));      \
    cdgh = _mm_sha256rnds2_epu32(cdgh, abef, message)
#define ROUNDS_SECOND() abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(message, 0x0E))
#define SIGMA1(g)                                                                                 \
    m[((g) + 1) % 4] = _mm_sha256msg2_epu32(                                                      \
        _mm_add_epi32(m[((g) + 1) % 4], _mm_alignr_epi8(m[(g) % 4], m[((g) + 3) % 4], 4)), m[(g) % 4])
#define SIGMA0(g) m[((g) + 3) % 4] = _mm_sha256msg1_epu32(m[((g) + 3) % 4], m[(g) % 4])
        SHA_ROUND_GROUPS();
#undef LOAD
#undef ROUNDS_FIRST
#undef ROUNDS_SECOND
#undef SIGMA1
#undef SIGMA0
        abef = _mm_add_epi32(abef, savedABEF);
        cdgh = _mm_add_epi32(cdgh, savedCDGH);
    }
    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(dchg, feba, 8));
}

// One message as the compression function sees it: SHA-256(prefix ‖ data) cut into 64-byte
// blocks. Only the first block (the prefix and 63 bytes of data) and the last one or two (the
// data's tail, 0x80, zeros and the length) are copied; the blocks between are read in place.
typedef struct {
    const uint8_t *middle;  // full blocks read in place
    size_t middleBlocks;
    size_t blocks;          // in all
    int hasHead;            // whether `head` is the first block (count ≥ 63)
    uint8_t head[64];
    uint8_t tail[128];
} Message;

static void prepare(Message *m, uint8_t prefix, const uint8_t *data, size_t count) {
    size_t used;
    if (count >= 63) {
        m->hasHead = 1;
        m->head[0] = prefix;
        memcpy(m->head + 1, data, 63);
        size_t left = count - 63;
        m->middle = data + 63;
        m->middleBlocks = left / 64;
        used = left % 64;
        if (used > 0) memcpy(m->tail, m->middle + 64 * m->middleBlocks, used);
    } else {
        // The prefix and all of the data fit before the padding.
        m->hasHead = 0;
        m->middle = NULL;
        m->middleBlocks = 0;
        m->tail[0] = prefix;
        if (count > 0) memcpy(m->tail + 1, data, count);
        used = 1 + count;
    }
    // Padding: 0x80, zeros, and the length in bits (big-endian) in the last eight bytes.
    m->tail[used++] = 0x80;
    size_t padded = used <= 56 ? 64 : 128;
    memset(m->tail + used, 0, padded - 8 - used);
    uint64_t bits = ((uint64_t)count + 1) * 8;
    for (int k = 0; k < 8; k++) m->tail[padded - 1 - k] = (uint8_t)(bits >> (8 * k));
    m->blocks = (size_t)m->hasHead + m->middleBlocks + padded / 64;
}

// Block `i` of `m`.
static inline const uint8_t *block(const Message *m, size_t i) {
    if (m->hasHead) {
        if (i == 0) return m->head;
        i--;
    }
    if (i < m->middleBlocks) return m->middle + 64 * i;
    return m->tail + 64 * (i - m->middleBlocks);
}

static void output(const uint32_t state[8], uint8_t *out) {
    for (int k = 0; k < 8; k++) {
        out[4 * k] = (uint8_t)(state[k] >> 24);
        out[4 * k + 1] = (uint8_t)(state[k] >> 16);
        out[4 * k + 2] = (uint8_t)(state[k] >> 8);
        out[4 * k + 3] = (uint8_t)state[k];
    }
}

void auditlog_sha256_prefixed(uint8_t prefix, const uint8_t *data, size_t count, uint8_t *out) {
    uint32_t state[8];
    memcpy(state, initial, sizeof state);
    Message m;
    prepare(&m, prefix, data, count);
    if (m.hasHead) compress(state, m.head, 1);
    compress(state, m.middle, m.middleBlocks);
    compress(state, m.tail, m.blocks - (size_t)m.hasHead - m.middleBlocks);
    output(state, out);
}

// Runs the first `blocks` blocks of `a` and of `b` through the compression function, the two
// interleaved instruction by instruction: sha256rnds2 waits on the previous round's result, and
// the other message's rounds fill that wait.
__attribute__((target("sha,sse4.1,ssse3")))
static void compress_pair(uint32_t stateA[8], const Message *a, uint32_t stateB[8], const Message *b, size_t blocks) {
    const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
#define UNPACK(s, abef, cdgh)                                                                     \
    do {                                                                                          \
        __m128i dcba = _mm_loadu_si128((const __m128i *)&(s)[0]);                                \
        __m128i hgfe = _mm_loadu_si128((const __m128i *)&(s)[4]);                                \
        __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);                                             \
        __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);                                             \
        abef = _mm_alignr_epi8(cdab, efgh, 8);                                                    \
        cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);                                                 \
    } while (0)
    __m128i abefA, cdghA, abefB, cdghB;
    UNPACK(stateA, abefA, cdghA);
    UNPACK(stateB, abefB, cdghB);
#undef UNPACK
    for (size_t i = 0; i < blocks; i++) {
        const uint8_t *dataA = block(a, i), *dataB = block(b, i);
        __m128i savedABEFA = abefA, savedCDGHA = cdghA, savedABEFB = abefB, savedCDGHB = cdghB;
        // As in compress(), once per message.
        __m128i mA[4], mB[4], messageA, messageB;
#define LOAD(g)                                                                                   \
    mA[g] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(dataA + 16 * (g))), swap);         \
    mB[g] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(dataB + 16 * (g))), swap)
#define ROUNDS_FIRST(g)                                                                           \
    do {                                                                                          \
        __m128i k = _mm_load_si128((const __m128i *)&rounds[4 * (g)]);                            \
        messageA = _mm_add_epi32(mA[(g) % 4], k);                                                 \
        messageB = _mm_add_epi32(mB[(g) % 4], k);                                                 \
        cdghA = _mm_sha256rnds2_epu32(cdghA, abefA, messageA);                                    \
        cdghB = _mm_sha256rnds2_epu32(cdghB, abefB, messageB);                                    \
    } while (0)
#define ROUNDS_SECOND()                                                                           \
    abefA = _mm_sha256rnds2_epu32(abefA, cdghA, _mm_shuffle_epi32(messageA, 0x0E));               \
    abefB = _mm_sha256rnds2_epu32(abefB, cdghB, _mm_shuffle_epi32(messageB, 0x0E))
#define SIGMA1_OF(m, g)                                                                           \
    m[((g) + 1) % 4] = _mm_sha256msg2_epu32(                                                      \
        _mm_add_epi32(m[((g) + 1) % 4], _mm_alignr_epi8(m[(g) % 4], m[((g) + 3) % 4], 4)), m[(g) % 4])
#define SIGMA1(g) SIGMA1_OF(mA, g); SIGMA1_OF(mB, g)
#define SIGMA0(g)                                                                                 \
    mA[((g) + 3) % 4] = _mm_sha256msg1_epu32(mA[((g) + 3) % 4], mA[(g) % 4]);                     \
    mB[((g) + 3) % 4] = _mm_sha256msg1_epu32(mB[((g) + 3) % 4], mB[(g) % 4])
        SHA_ROUND_GROUPS();
#undef LOAD
#undef ROUNDS_FIRST
#undef ROUNDS_SECOND
#undef SIGMA1_OF
#undef SIGMA1
#undef SIGMA0
        abefA = _mm_add_epi32(abefA, savedABEFA);
        cdghA = _mm_add_epi32(cdghA, savedCDGHA);
        abefB = _mm_add_epi32(abefB, savedABEFB);
        cdghB = _mm_add_epi32(cdghB, savedCDGHB);
    }
#define PACK(s, abef, cdgh)                                                                       \
    do {                                                                                          \
        __m128i feba = _mm_shuffle_epi32(abef, 0x1B);                                             \
        __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);                                             \
        _mm_storeu_si128((__m128i *)&(s)[0], _mm_blend_epi16(feba, dchg, 0xF0));                  \
        _mm_storeu_si128((__m128i *)&(s)[4], _mm_alignr_epi8(dchg, feba, 8));                     \
    } while (0)
    PACK(stateA, abefA, cdghA);
    PACK(stateB, abefB, cdghB);
#undef PACK
}

void auditlog_sha256_prefixed_pair(uint8_t prefix, const uint8_t *dataA, size_t countA, uint8_t *outA,
                                   const uint8_t *dataB, size_t countB, uint8_t *outB) {
    uint32_t stateA[8], stateB[8];
    memcpy(stateA, initial, sizeof stateA);
    memcpy(stateB, initial, sizeof stateB);
    Message a, b;
    prepare(&a, prefix, dataA, countA);
    prepare(&b, prefix, dataB, countB);
    size_t both = a.blocks < b.blocks ? a.blocks : b.blocks;
    compress_pair(stateA, &a, stateB, &b, both);
    // The longer message's last blocks, alone.
    uint32_t *state = a.blocks > both ? stateA : stateB;
    const Message *longer = a.blocks > both ? &a : &b;
    for (size_t i = both; i < longer->blocks; i++) compress(state, block(longer, i), 1);
    output(stateA, outA);
    output(stateB, outB);
}

#else

int auditlog_sha256_available(void) { return 0; }

void auditlog_sha256_prefixed(uint8_t prefix, const uint8_t *data, size_t count, uint8_t *out) {
    (void)prefix, (void)data, (void)count, (void)out;
    __builtin_trap();  // never called: auditlog_sha256_available() is 0 here
}

void auditlog_sha256_prefixed_pair(uint8_t prefix, const uint8_t *dataA, size_t countA, uint8_t *outA,
                                   const uint8_t *dataB, size_t countB, uint8_t *outB) {
    (void)prefix, (void)dataA, (void)countA, (void)outA, (void)dataB, (void)countB, (void)outB;
    __builtin_trap();  // never called: auditlog_sha256_available() is 0 here
}

#endif
