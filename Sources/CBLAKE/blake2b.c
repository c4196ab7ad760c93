// BLAKE2b-512, unkeyed, written from RFC 7693. Portable 64-bit C with all 12 rounds unrolled so
// that every message index is a compile-time constant.
#include "CBLAKE.h"
#include "blake_mixing.h"

#include <string.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "CBLAKE assumes a little-endian target"
#endif

static const uint64_t B2B_IV[8] = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

static inline uint64_t load64(const uint8_t *p) {
    uint64_t v;
    memcpy(&v, p, sizeof v);  // unaligned-safe; little-endian asserted above
    return v;
}

static inline uint64_t rotr64(uint64_t x, unsigned n) { return (x >> n) | (x << (64 - n)); }

// G with BLAKE2b's 64-bit words and rotations 32, 24, 16, 63.
#define B2B_G(a, b, c, d, x, y) BLAKE_G(rotr64, 32, 24, 16, 63, a, b, c, d, x, y)

// One round with message schedule SIGMA[r] given as 16 literal indices.
#define B2B_ROUND(s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15) \
    do {                                                                                \
        B2B_G(v0, v4, v8, v12, m[s0], m[s1]);                                           \
        B2B_G(v1, v5, v9, v13, m[s2], m[s3]);                                           \
        B2B_G(v2, v6, v10, v14, m[s4], m[s5]);                                          \
        B2B_G(v3, v7, v11, v15, m[s6], m[s7]);                                          \
        B2B_G(v0, v5, v10, v15, m[s8], m[s9]);                                          \
        B2B_G(v1, v6, v11, v12, m[s10], m[s11]);                                        \
        B2B_G(v2, v7, v8, v13, m[s12], m[s13]);                                         \
        B2B_G(v3, v4, v9, v14, m[s14], m[s15]);                                         \
    } while (0)

static void b2b_compress(uint64_t h[8], const uint8_t block[128], uint64_t t0, uint64_t t1,
                         int last) {
    uint64_t m[16];
    for (int i = 0; i < 16; i++) m[i] = load64(block + 8 * i);

    uint64_t v0 = h[0], v1 = h[1], v2 = h[2], v3 = h[3];
    uint64_t v4 = h[4], v5 = h[5], v6 = h[6], v7 = h[7];
    uint64_t v8 = B2B_IV[0], v9 = B2B_IV[1], v10 = B2B_IV[2], v11 = B2B_IV[3];
    uint64_t v12 = B2B_IV[4] ^ t0, v13 = B2B_IV[5] ^ t1;
    uint64_t v14 = last ? ~B2B_IV[6] : B2B_IV[6], v15 = B2B_IV[7];

    // SIGMA from RFC 7693 section 2.7; rounds 10 and 11 reuse rows 0 and 1.
    B2B_ROUND(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    B2B_ROUND(14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3);
    B2B_ROUND(11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4);
    B2B_ROUND(7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8);
    B2B_ROUND(9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13);
    B2B_ROUND(2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9);
    B2B_ROUND(12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11);
    B2B_ROUND(13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10);
    B2B_ROUND(6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5);
    B2B_ROUND(10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0);
    B2B_ROUND(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    B2B_ROUND(14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3);

    h[0] ^= v0 ^ v8;
    h[1] ^= v1 ^ v9;
    h[2] ^= v2 ^ v10;
    h[3] ^= v3 ^ v11;
    h[4] ^= v4 ^ v12;
    h[5] ^= v5 ^ v13;
    h[6] ^= v6 ^ v14;
    h[7] ^= v7 ^ v15;
}

// Adds `n` to the 128-bit byte counter.
static inline void b2b_count(cblake2b_state *s, uint64_t n) {
    s->t[0] += n;
    if (s->t[0] < n) s->t[1] += 1;
}

void cblake2b_init(cblake2b_state *s) {
    memset(s, 0, sizeof *s);
    memcpy(s->h, B2B_IV, sizeof s->h);
    // Parameter block word 0: digest length 64, key length 0, fanout 1, depth 1.
    s->h[0] ^= 0x01010000ULL ^ CBLAKE2B_OUT_LEN;
}

void cblake2b_update(cblake2b_state *s, const void *input, size_t length) {
    const uint8_t *in = (const uint8_t *)input;
    if (length == 0) return;
    // The final block must be compressed with the last-block flag, so a block is only
    // compressed once at least one more byte is known to follow it.
    size_t space = CBLAKE2B_BLOCK_LEN - (size_t)s->buf_len;
    if (length <= space) {
        memcpy(s->buf + s->buf_len, in, length);
        s->buf_len += length;
        return;
    }
    memcpy(s->buf + s->buf_len, in, space);
    in += space;
    length -= space;
    b2b_count(s, CBLAKE2B_BLOCK_LEN);
    b2b_compress(s->h, s->buf, s->t[0], s->t[1], 0);
    while (length > CBLAKE2B_BLOCK_LEN) {
        b2b_count(s, CBLAKE2B_BLOCK_LEN);
        b2b_compress(s->h, in, s->t[0], s->t[1], 0);
        in += CBLAKE2B_BLOCK_LEN;
        length -= CBLAKE2B_BLOCK_LEN;
    }
    memcpy(s->buf, in, length);
    s->buf_len = length;
}

void cblake2b_final(cblake2b_state *s, uint8_t out[CBLAKE2B_OUT_LEN]) {
    b2b_count(s, s->buf_len);
    memset(s->buf + s->buf_len, 0, CBLAKE2B_BLOCK_LEN - (size_t)s->buf_len);
    b2b_compress(s->h, s->buf, s->t[0], s->t[1], 1);
    memcpy(out, s->h, CBLAKE2B_OUT_LEN);  // little-endian words
}
