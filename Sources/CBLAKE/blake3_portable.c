// Portable single-block BLAKE3 compression.
#include "blake3_internal.h"
#include "blake_mixing.h"

static inline uint32_t rotr32(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }

// G with BLAKE3's 32-bit words and rotations 16, 12, 8, 7.
#define B3_G(a, b, c, d, x, y) BLAKE_G(rotr32, 16, 12, 8, 7, a, b, c, d, x, y)

// Columns then diagonals; the schedule row is a literal so indices fold to constants.
#define B3_ROUND(r)                                                                       \
    do {                                                                                  \
        B3_G(v[0], v[4], v[8], v[12], m[B3_SCHEDULE[r][0]], m[B3_SCHEDULE[r][1]]);        \
        B3_G(v[1], v[5], v[9], v[13], m[B3_SCHEDULE[r][2]], m[B3_SCHEDULE[r][3]]);        \
        B3_G(v[2], v[6], v[10], v[14], m[B3_SCHEDULE[r][4]], m[B3_SCHEDULE[r][5]]);       \
        B3_G(v[3], v[7], v[11], v[15], m[B3_SCHEDULE[r][6]], m[B3_SCHEDULE[r][7]]);       \
        B3_G(v[0], v[5], v[10], v[15], m[B3_SCHEDULE[r][8]], m[B3_SCHEDULE[r][9]]);       \
        B3_G(v[1], v[6], v[11], v[12], m[B3_SCHEDULE[r][10]], m[B3_SCHEDULE[r][11]]);     \
        B3_G(v[2], v[7], v[8], v[13], m[B3_SCHEDULE[r][12]], m[B3_SCHEDULE[r][13]]);      \
        B3_G(v[3], v[4], v[9], v[14], m[B3_SCHEDULE[r][14]], m[B3_SCHEDULE[r][15]]);      \
    } while (0)

void b3_compress_portable(uint32_t cv[8], const uint8_t block[B3_BLOCK_LEN], uint32_t block_len,
                          uint64_t counter, uint32_t flags) {
    uint32_t m[16];
    for (int i = 0; i < 16; i++) m[i] = b3_load32(block + 4 * i);
    uint32_t v[16] = {
        cv[0], cv[1], cv[2], cv[3], cv[4], cv[5], cv[6], cv[7],
        B3_IV[0], B3_IV[1], B3_IV[2], B3_IV[3],
        (uint32_t)counter, (uint32_t)(counter >> 32), block_len, flags,
    };
    B3_ROUND(0);
    B3_ROUND(1);
    B3_ROUND(2);
    B3_ROUND(3);
    B3_ROUND(4);
    B3_ROUND(5);
    B3_ROUND(6);
    for (int i = 0; i < 8; i++) cv[i] = v[i] ^ v[i + 8];
}
