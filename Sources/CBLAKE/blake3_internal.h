// Shared definitions for the BLAKE3 implementation (not part of the public interface).
#ifndef CBLAKE3_INTERNAL_H
#define CBLAKE3_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "CBLAKE assumes a little-endian target"
#endif

#define B3_BLOCK_LEN 64
#define B3_CHUNK_LEN 1024
#define B3_BLOCKS_PER_CHUNK 16

enum { B3_CHUNK_START = 1, B3_CHUNK_END = 2, B3_PARENT = 4, B3_ROOT = 8 };

// The SHA-256 initial hash words.
static const uint32_t B3_IV[8] = {
    0x6A09E667u, 0xBB67AE85u, 0x3C6EF372u, 0xA54FF53Au,
    0x510E527Fu, 0x9B05688Cu, 0x1F83D9ABu, 0x5BE0CD19u,
};

// Message word order for each of the 7 rounds: row r is the permutation
// {2,6,3,10,7,0,4,13,1,11,12,5,9,14,15,8} applied r times to the identity.
static const uint8_t B3_SCHEDULE[7][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8},
    {3, 4, 10, 12, 13, 2, 7, 14, 6, 5, 9, 0, 11, 15, 8, 1},
    {10, 7, 12, 9, 14, 3, 13, 15, 4, 0, 11, 2, 5, 8, 1, 6},
    {12, 13, 9, 11, 15, 10, 14, 8, 7, 2, 5, 3, 0, 1, 6, 4},
    {9, 14, 11, 5, 8, 12, 15, 1, 13, 3, 0, 10, 2, 6, 4, 7},
    {11, 15, 5, 0, 1, 9, 8, 6, 14, 10, 2, 12, 3, 4, 7, 13},
};

static inline uint32_t b3_load32(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/// Compresses one block into `cv` in place (portable C).
void b3_compress_portable(uint32_t cv[8], const uint8_t block[B3_BLOCK_LEN], uint32_t block_len,
                          uint64_t counter, uint32_t flags);

/// Kernels that hash exactly W inputs of `blocks` full blocks each, writing W chaining values
/// (32 bytes each) to `out`. Lane i uses counter `counter + i` if `increment` is set.
#define B3_KERNEL_ARGS                                                                         \
    const uint8_t *const *inputs, size_t blocks, const uint32_t key[8], uint64_t counter,      \
        bool increment, uint8_t flags, uint8_t flags_start, uint8_t flags_end, uint8_t *out
void b3_hash4_sse41(B3_KERNEL_ARGS);
void b3_hash8_avx2(B3_KERNEL_ARGS);
void b3_hash16_avx512(B3_KERNEL_ARGS);
void b3_hash16_avx2(B3_KERNEL_ARGS);
void b3_hash4_neon(B3_KERNEL_ARGS);

/// The usable level closest to `requested` (negative: the best available).
int b3_resolve_level(int requested);

/// Hashes `count` inputs with the widest kernels `level` allows.
void b3_hash_many(int level, const uint8_t *const *inputs, size_t count, size_t blocks,
                  const uint32_t key[8], uint64_t counter, bool increment, uint8_t flags,
                  uint8_t flags_start, uint8_t flags_end, uint8_t *out);

#endif
