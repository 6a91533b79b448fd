/*
 * ed25519.c: the raw Ed25519 baseline for tools/bench's signed rows (OpenSSL's EVP interface).
 *
 *   ed25519 --key AUTHOR.key --messages FILE
 *       AUTHOR.key is a key file of `auditlog keygen` (PRIVATE+KEY+<name>+<key id>+<base64(0x01 ||
 *       32-byte seed)>). FILE holds one signed event a line, as `bench.py messages` writes it:
 *       the 64-byte signature auditlog made, in hex, a space, and the canonical JSON of the signed
 *       members. For each line the message is "auditlog/v1 signed event\n" followed by the JSON
 *       (docs/authorship.md, "What is signed"); the program signs it with the seed (timed) and
 *       checks that its signature equals auditlog's (Ed25519 is deterministic, so this proves both
 *       sides signed the same bytes with the same key), then verifies auditlog's signature with
 *       the public key (timed apart). The key is made once; each message costs one
 *       EVP_DigestSignInit + EVP_DigestSign (and EVP_DigestVerifyInit + EVP_DigestVerify) on a
 *       reused context. Reading the file is not timed.
 *
 * Prints one line of JSON on stdout: {"mode","events","bytes","seconds","sign_seconds",
 * "verify_seconds"}; "seconds" is the signing time (CLOCK_MONOTONIC, summed over the messages).
 * Build: cc -O2 -o ed25519 ed25519.c -lcrypto
 */
#define _POSIX_C_SOURCE 200809L
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char CONTEXT[] = "auditlog/v1 signed event\n";

static void die(const char *what) {
    fprintf(stderr, "ed25519: %s\n", what);
    exit(1);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* The 32-byte seed of an auditlog key file. */
static void read_seed(const char *path, unsigned char seed[32]) {
    FILE *f = fopen(path, "r");
    if (!f) die("cannot open the key file");
    char buf[1024];
    if (!fgets(buf, sizeof buf, f)) die("empty key file");
    fclose(f);
    buf[strcspn(buf, "\r\n")] = 0;
    if (strncmp(buf, "PRIVATE+KEY+", 12) != 0) die("not an auditlog key file (PRIVATE+KEY+...)");
    /* After PRIVATE+KEY+: the name and the key id (neither holds '+'), then the base64, which may. */
    char *b64 = buf + 12;
    for (int k = 0; k < 2; k++) {
        b64 = strchr(b64, '+');
        if (!b64) die("not an auditlog key file (PRIVATE+KEY+<name>+<key id>+<base64>)");
        b64++;
    }
    unsigned char blob[64];
    int n = EVP_DecodeBlock(blob, (const unsigned char *)b64, (int)strlen(b64));
    /* EVP_DecodeBlock counts the '=' padding as zero bytes: 33 bytes of base64 end in "=". */
    size_t len = strlen(b64);
    while (len && b64[len - 1] == '=') len--, n--;
    if (n != 33 || blob[0] != 0x01) die("the key is not an Ed25519 seed (0x01 || 32 bytes)");
    memcpy(seed, blob + 1, 32);
}

int main(int argc, char **argv) {
    const char *keypath = NULL, *msgpath = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--key")) keypath = argv[i + 1];
        else if (!strcmp(argv[i], "--messages")) msgpath = argv[i + 1];
        else die("usage: ed25519 --key AUTHOR.key --messages FILE");
    }
    if (!keypath || !msgpath) die("usage: ed25519 --key AUTHOR.key --messages FILE");

    unsigned char seed[32], pub[32];
    read_seed(keypath, seed);
    EVP_PKEY *priv = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, 32);
    if (!priv) die("EVP_PKEY_new_raw_private_key failed");
    size_t publen = sizeof pub;
    if (EVP_PKEY_get_raw_public_key(priv, pub, &publen) != 1 || publen != 32) die("no public key");
    EVP_PKEY *pubkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub, 32);
    if (!pubkey) die("EVP_PKEY_new_raw_public_key failed");
    EVP_MD_CTX *sctx = EVP_MD_CTX_new(), *vctx = EVP_MD_CTX_new();
    if (!sctx || !vctx) die("out of memory");

    FILE *f = fopen(msgpath, "r");
    if (!f) die("cannot open the messages file");
    const size_t ctxlen = sizeof CONTEXT - 1;
    char *line = NULL;
    size_t cap = 0, msgcap = 0;
    unsigned char *msg = NULL;
    long events = 0;
    unsigned long long bytes = 0;
    double tsign = 0, tverify = 0;
    ssize_t got;
    while ((got = getline(&line, &cap, f)) > 0) {
        if (line[got - 1] == '\n') line[--got] = 0;
        if (got < 130 || line[128] != ' ') die("a line is not <128 hex digits> <json>");
        unsigned char theirs[64], ours[64];
        for (int i = 0; i < 64; i++) {
            int hi = hexval(line[2 * i]), lo = hexval(line[2 * i + 1]);
            if (hi < 0 || lo < 0) die("bad hex in a signature");
            theirs[i] = (unsigned char)(hi << 4 | lo);
        }
        size_t jsonlen = (size_t)got - 129, msglen = ctxlen + jsonlen;
        if (msglen > msgcap) {
            msgcap = msglen * 2;
            msg = realloc(msg, msgcap);
            if (!msg) die("out of memory");
        }
        memcpy(msg, CONTEXT, ctxlen);
        memcpy(msg + ctxlen, line + 129, jsonlen);

        size_t siglen = sizeof ours;
        double t0 = now();
        if (EVP_DigestSignInit(sctx, NULL, NULL, NULL, priv) != 1 ||
            EVP_DigestSign(sctx, ours, &siglen, msg, msglen) != 1 || siglen != 64)
            die("EVP_DigestSign failed");
        double t1 = now();
        if (EVP_DigestVerifyInit(vctx, NULL, NULL, NULL, pubkey) != 1 ||
            EVP_DigestVerify(vctx, theirs, 64, msg, msglen) != 1) {
            fprintf(stderr, "ed25519: line %ld: auditlog's signature does not verify\n", events + 1);
            exit(1);
        }
        double t2 = now();
        tsign += t1 - t0;
        tverify += t2 - t1;
        if (memcmp(ours, theirs, 64) != 0) {
            fprintf(stderr, "ed25519: line %ld: the signature differs from auditlog's (not the same bytes?)\n", events + 1);
            exit(1);
        }
        events++;
        bytes += msglen;
    }
    fclose(f);
    if (events == 0) die("no messages");
    printf("{\"mode\":\"ed25519\",\"events\":%ld,\"bytes\":%llu,\"seconds\":%.6f,\"sign_seconds\":%.6f,"
           "\"verify_seconds\":%.6f,\"events_per_s\":%.0f}\n",
           events, bytes, tsign, tsign, tverify, events / tsign);
    free(line);
    free(msg);
    EVP_MD_CTX_free(sctx);
    EVP_MD_CTX_free(vctx);
    EVP_PKEY_free(priv);
    EVP_PKEY_free(pubkey);
    return 0;
}
