// Many-inputs BLAKE3 kernel, written once with vector extensions and instantiated per width.
//
// Lane i of every vector belongs to input i, so W inputs are compressed with the same
// instructions. Before each block the W x 16 message words are transposed into 16 vectors.
//
// The including file defines:
//   B3_W       lanes: 4, 8 or 16
//   B3_TARGET  function attribute enabling the instruction set, e.g. target("avx2")
//   B3_KERNEL  name of the exported kernel
#include "blake3_internal.h"

#if !defined(B3_W) || !defined(B3_TARGET) || !defined(B3_KERNEL)
#error "define B3_W, B3_TARGET and B3_KERNEL before including this file"
#endif

typedef uint32_t b3v __attribute__((vector_size(B3_W * 4)));

#ifndef B3_PREFETCH_BLOCKS
#define B3_PREFETCH_BLOCKS 2
#endif

#define B3_INLINE static inline __attribute__((always_inline)) B3_TARGET

B3_INLINE b3v b3v_load(const uint8_t *p) {
    b3v v;
    memcpy(&v, p, sizeof v);
    return v;
}

B3_INLINE b3v b3v_splat(uint32_t x) { return (b3v){0} + x; }

// Constant rotations; the compiler lowers byte-multiple rotations to byte shuffles and uses
// native rotate instructions where AVX-512 provides them.
#define B3V_ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

// In-register interleaves that match the unpack instructions (per 128-bit lane).
#if B3_W == 4
#define B3V_UNPACKLO32(a, b) __builtin_shufflevector(a, b, 0, 4, 1, 5)
#define B3V_UNPACKHI32(a, b) __builtin_shufflevector(a, b, 2, 6, 3, 7)
#define B3V_UNPACKLO64(a, b) __builtin_shufflevector(a, b, 0, 1, 4, 5)
#define B3V_UNPACKHI64(a, b) __builtin_shufflevector(a, b, 2, 3, 6, 7)
#elif B3_W == 8
#define B3V_UNPACKLO32(a, b) __builtin_shufflevector(a, b, 0, 8, 1, 9, 4, 12, 5, 13)
#define B3V_UNPACKHI32(a, b) __builtin_shufflevector(a, b, 2, 10, 3, 11, 6, 14, 7, 15)
#define B3V_UNPACKLO64(a, b) __builtin_shufflevector(a, b, 0, 1, 8, 9, 4, 5, 12, 13)
#define B3V_UNPACKHI64(a, b) __builtin_shufflevector(a, b, 2, 3, 10, 11, 6, 7, 14, 15)
// 128-bit blocks: [a.L0, b.L0] and [a.L1, b.L1].
#define B3V_LO128(a, b) __builtin_shufflevector(a, b, 0, 1, 2, 3, 8, 9, 10, 11)
#define B3V_HI128(a, b) __builtin_shufflevector(a, b, 4, 5, 6, 7, 12, 13, 14, 15)
#elif B3_W == 16
#define B3V_UNPACKLO32(a, b) \
    __builtin_shufflevector(a, b, 0, 16, 1, 17, 4, 20, 5, 21, 8, 24, 9, 25, 12, 28, 13, 29)
#define B3V_UNPACKHI32(a, b) \
    __builtin_shufflevector(a, b, 2, 18, 3, 19, 6, 22, 7, 23, 10, 26, 11, 27, 14, 30, 15, 31)
#define B3V_UNPACKLO64(a, b) \
    __builtin_shufflevector(a, b, 0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29)
#define B3V_UNPACKHI64(a, b) \
    __builtin_shufflevector(a, b, 2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31)
// 128-bit blocks: [a.L0, b.L0, a.L1, b.L1] and [a.L2, b.L2, a.L3, b.L3].
#define B3V_ILO128(a, b) \
    __builtin_shufflevector(a, b, 0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23)
#define B3V_IHI128(a, b) \
    __builtin_shufflevector(a, b, 8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31)
#else
#error "B3_W must be 4, 8 or 16"
#endif

// Transposes the W x W matrix whose row i is r[i]: afterwards r[j][i] is the old r[i][j].
B3_INLINE void b3v_transpose(b3v r[B3_W]) {
    // Within each 128-bit lane, transpose 4 x 4 blocks of each group of four rows.
    for (int g = 0; g < B3_W; g += 4) {
        b3v t0 = B3V_UNPACKLO32(r[g + 0], r[g + 1]);
        b3v t1 = B3V_UNPACKHI32(r[g + 0], r[g + 1]);
        b3v t2 = B3V_UNPACKLO32(r[g + 2], r[g + 3]);
        b3v t3 = B3V_UNPACKHI32(r[g + 2], r[g + 3]);
        r[g + 0] = B3V_UNPACKLO64(t0, t2);
        r[g + 1] = B3V_UNPACKHI64(t0, t2);
        r[g + 2] = B3V_UNPACKLO64(t1, t3);
        r[g + 3] = B3V_UNPACKHI64(t1, t3);
    }
    // Now r[4g + j] holds, in its 128-bit lane k, column 4k + j of rows 4g...4g+3.
    // Transpose the 128-bit blocks across groups so that column 4k + j lands in r[4k + j].
#if B3_W == 8
    for (int j = 0; j < 4; j++) {
        b3v a = r[j], b = r[4 + j];
        r[j] = B3V_LO128(a, b);
        r[4 + j] = B3V_HI128(a, b);
    }
#elif B3_W == 16
    for (int j = 0; j < 4; j++) {
        b3v a = r[j], b = r[4 + j], c = r[8 + j], d = r[12 + j];
        b3v n0 = B3V_ILO128(a, c), n1 = B3V_IHI128(a, c);
        b3v n2 = B3V_ILO128(b, d), n3 = B3V_IHI128(b, d);
        r[j] = B3V_ILO128(n0, n2);
        r[4 + j] = B3V_IHI128(n0, n2);
        r[8 + j] = B3V_ILO128(n1, n3);
        r[12 + j] = B3V_IHI128(n1, n3);
    }
#endif
}

// Loads message words of block at byte `offset` of every input: m[w] lane i = word w of input i.
B3_INLINE void b3v_load_message(const uint8_t *const *inputs, size_t offset, b3v m[16]) {
    for (int q = 0; q < 16; q += B3_W) {
        b3v r[B3_W];
        for (int i = 0; i < B3_W; i++) r[i] = b3v_load(inputs[i] + offset + 4 * (size_t)q);
        b3v_transpose(r);
        for (int j = 0; j < B3_W; j++) m[q + j] = r[j];
    }
}

// Without a barrier the compiler distributes the byte-shuffle rotations over the XOR
// (rotr(d ^ a) -> rotr(d) ^ rotr(a)), doubling the shuffles. The empty asm hides the XOR
// result's origin at no run-time cost. Files may leave B3_OPAQUE_CONSTRAINT undefined.
#ifdef B3_OPAQUE_CONSTRAINT
#define B3V_OPAQUE(x) __asm__("" : "+" B3_OPAQUE_CONSTRAINT(x))
#else
#define B3V_OPAQUE(x) ((void)0)
#endif

// Four G functions advanced in lockstep, one step at a time, so that four independent
// dependency chains are interleaved in program order (helps the register allocator and
// the out-of-order core more than one whole G after another).
#define B3V_G4(A0, B0, C0, D0, A1, B1, C1, D1, A2, B2, C2, D2, A3, B3, C3, D3, X0, Y0, X1, Y1, \
               X2, Y2, X3, Y3)                                                             \
    do {                                                                                  \
        v[A0] += v[B0] + m[X0]; v[A1] += v[B1] + m[X1];                                   \
        v[A2] += v[B2] + m[X2]; v[A3] += v[B3] + m[X3];                                   \
        B3V_XOR_ROT(D0, A0, 16); B3V_XOR_ROT(D1, A1, 16);                                 \
        B3V_XOR_ROT(D2, A2, 16); B3V_XOR_ROT(D3, A3, 16);                                 \
        v[C0] += v[D0]; v[C1] += v[D1]; v[C2] += v[D2]; v[C3] += v[D3];                   \
        B3V_XOR_ROT(B0, C0, 12); B3V_XOR_ROT(B1, C1, 12);                                 \
        B3V_XOR_ROT(B2, C2, 12); B3V_XOR_ROT(B3, C3, 12);                                 \
        v[A0] += v[B0] + m[Y0]; v[A1] += v[B1] + m[Y1];                                   \
        v[A2] += v[B2] + m[Y2]; v[A3] += v[B3] + m[Y3];                                   \
        B3V_XOR_ROT(D0, A0, 8); B3V_XOR_ROT(D1, A1, 8);                                   \
        B3V_XOR_ROT(D2, A2, 8); B3V_XOR_ROT(D3, A3, 8);                                   \
        v[C0] += v[D0]; v[C1] += v[D1]; v[C2] += v[D2]; v[C3] += v[D3];                   \
        B3V_XOR_ROT(B0, C0, 7); B3V_XOR_ROT(B1, C1, 7);                                   \
        B3V_XOR_ROT(B2, C2, 7); B3V_XOR_ROT(B3, C3, 7);                                   \
    } while (0)

// v[x] = rotr(v[x] ^ v[y], n), with the barrier in front of the rotation.
#define B3V_XOR_ROT(x, y, n)              \
    do {                                  \
        b3v t_ = v[x] ^ v[y];             \
        B3V_OPAQUE(t_);                   \
        v[x] = B3V_ROTR(t_, n);           \
    } while (0)

#define B3V_S(r, i) B3_SCHEDULE[r][i]
// Columns, then diagonals.
#define B3V_ROUND(r)                                                                      \
    do {                                                                                  \
        B3V_G4(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15,                      \
               B3V_S(r, 0), B3V_S(r, 1), B3V_S(r, 2), B3V_S(r, 3),                        \
               B3V_S(r, 4), B3V_S(r, 5), B3V_S(r, 6), B3V_S(r, 7));                       \
        B3V_G4(0, 5, 10, 15, 1, 6, 11, 12, 2, 7, 8, 13, 3, 4, 9, 14,                      \
               B3V_S(r, 8), B3V_S(r, 9), B3V_S(r, 10), B3V_S(r, 11),                      \
               B3V_S(r, 12), B3V_S(r, 13), B3V_S(r, 14), B3V_S(r, 15));                   \
    } while (0)

B3_TARGET void B3_KERNEL(B3_KERNEL_ARGS) {
    b3v h[8];
    for (int i = 0; i < 8; i++) h[i] = b3v_splat(key[i]);

    uint32_t counter_lo[B3_W], counter_hi[B3_W];
    for (int i = 0; i < B3_W; i++) {
        uint64_t c = counter + (increment ? (uint64_t)i : 0);
        counter_lo[i] = (uint32_t)c;
        counter_hi[i] = (uint32_t)(c >> 32);
    }
    b3v clo, chi;
    memcpy(&clo, counter_lo, sizeof clo);
    memcpy(&chi, counter_hi, sizeof chi);

    uint32_t block_flags = (uint32_t)flags | flags_start;
    for (size_t block = 0; block < blocks; block++) {
        if (block + 1 == blocks) block_flags |= flags_end;
        b3v m[16];
        b3v_load_message(inputs, block * B3_BLOCK_LEN, m);
        // W interleaved streams are more than the hardware prefetcher tracks well.
        if (block + B3_PREFETCH_BLOCKS < blocks) {
            for (int i = 0; i < B3_W; i++) {
                __builtin_prefetch(inputs[i] + (block + B3_PREFETCH_BLOCKS) * B3_BLOCK_LEN);
            }
        }
        b3v v[16] = {
            h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7],
            b3v_splat(B3_IV[0]), b3v_splat(B3_IV[1]), b3v_splat(B3_IV[2]), b3v_splat(B3_IV[3]),
            clo, chi, b3v_splat(B3_BLOCK_LEN), b3v_splat(block_flags),
        };
        B3V_ROUND(0);
        B3V_ROUND(1);
        B3V_ROUND(2);
        B3V_ROUND(3);
        B3V_ROUND(4);
        B3V_ROUND(5);
        B3V_ROUND(6);
        for (int i = 0; i < 8; i++) h[i] = v[i] ^ v[i + 8];
        block_flags = flags;
    }

    // Write lane i's eight words as the i-th 32-byte chaining value.
#if B3_W == 8
    b3v_transpose(h);
    for (int i = 0; i < 8; i++) memcpy(out + 32 * i, &h[i], 32);
#elif B3_W == 4
    b3v lo[4] = {h[0], h[1], h[2], h[3]}, hi[4] = {h[4], h[5], h[6], h[7]};
    b3v_transpose(lo);
    b3v_transpose(hi);
    for (int i = 0; i < 4; i++) {
        memcpy(out + 32 * i, &lo[i], 16);
        memcpy(out + 32 * i + 16, &hi[i], 16);
    }
#else
    uint32_t words[8][B3_W];
    memcpy(words, h, sizeof words);
    for (int i = 0; i < B3_W; i++) {
        uint32_t cv[8];
        for (int w = 0; w < 8; w++) cv[w] = words[w][i];
        memcpy(out + 32 * i, cv, 32);
    }
#endif
}
