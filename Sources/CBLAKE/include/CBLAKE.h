// CBLAKE: BLAKE2b-512 (RFC 7693) and BLAKE3-256 (hash mode) written from the specifications.
//
// BLAKE3 compresses several chunks side by side in SIMD lanes (SSE4.1: 4, AVX2: 8, AVX-512: 16,
// chosen at run time from CPUID; NEON: 4 on AArch64), with a portable C fallback.
#ifndef CBLAKE_H
#define CBLAKE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// MARK: BLAKE2b

#define CBLAKE2B_BLOCK_LEN 128
#define CBLAKE2B_OUT_LEN 64

/// Streaming BLAKE2b-512 state (unkeyed). Plain data: copying it forks the computation.
typedef struct {
    uint64_t h[8];
    uint64_t t[2];
    uint64_t buf_len;
    uint8_t buf[CBLAKE2B_BLOCK_LEN];
} cblake2b_state;

void cblake2b_init(cblake2b_state *state);
void cblake2b_update(cblake2b_state *state, const void *input, size_t length);
/// Writes the 64-byte digest. The state must not be updated afterwards.
void cblake2b_final(cblake2b_state *state, uint8_t out[CBLAKE2B_OUT_LEN]);

// MARK: BLAKE3

#define CBLAKE3_OUT_LEN 32
#define CBLAKE3_CHUNK_LEN 1024
/// Chaining-value stack depth: 2^64 bytes are 2^54 chunks, plus room for one unmerged entry.
#define CBLAKE3_MAX_DEPTH 56

/// Implementation levels for the many-chunks kernel.
enum {
    CBLAKE3_SIMD_PORTABLE = 0,
    CBLAKE3_SIMD_SSE41 = 1,
    CBLAKE3_SIMD_AVX2 = 2,
    CBLAKE3_SIMD_AVX512 = 3,
    /// The 16-lane kernel compiled for AVX2 (two registers per vector). Only for testing the
    /// 16-lane code on machines without AVX-512; never chosen automatically.
    CBLAKE3_SIMD_AVX2_X16 = 4,
    /// AArch64 Advanced SIMD, 4 lanes (the only SIMD level on ARM; x86 levels mean portable there).
    CBLAKE3_SIMD_NEON = 5,
};

/// Streaming BLAKE3 hasher (hash mode). About 2.8 KB; keep it off small stacks.
typedef struct {
    uint32_t key[8];
    uint64_t chunk_counter;   // index of the chunk held in buf
    uint64_t buf_len;         // bytes of the current chunk held in buf (0...1024)
    int32_t simd_level;
    uint32_t stack_len;
    uint8_t buf[CBLAKE3_CHUNK_LEN];
    uint8_t cv_stack[CBLAKE3_MAX_DEPTH * 32];
} cblake3_hasher;

/// The best level this CPU and OS support (cached after the first call).
int cblake3_detected_simd_level(void);

/// Initializes `hasher`. `simd_level` < 0 picks the best supported level; a requested level the
/// CPU lacks is lowered to one it has. Returns the level actually used.
int cblake3_hasher_init(cblake3_hasher *hasher, int simd_level);
void cblake3_hasher_update(cblake3_hasher *hasher, const void *input, size_t length);
/// Writes the 32-byte hash of everything absorbed. Does not modify the hasher.
void cblake3_hasher_finalize(const cblake3_hasher *hasher, uint8_t out[CBLAKE3_OUT_LEN]);

/// Chaining value of the complete subtree made of `num_chunks` full chunks (a power of two)
/// starting at chunk index `chunk_counter` (a multiple of `num_chunks`). `input` holds
/// `num_chunks * 1024` bytes. The subtree must not be the whole input (it is never the root).
void cblake3_subtree_cv(const uint8_t *input, uint64_t num_chunks, uint64_t chunk_counter,
                        int simd_level, uint8_t out_cv[32]);

/// Chaining value of the (non-root) parent node whose children have CVs `left` and `right`.
/// `out_cv` may alias either input.
void cblake3_parent_cv(const uint8_t left[32], const uint8_t right[32], uint8_t out_cv[32]);

/// `cblake3_subtree_cv` over memory that may be a file mapping: if reading `input` raises SIGBUS
/// (the file shrank under the mapping), returns -1 instead of letting the signal end the process.
/// Returns 0 on success, -2 if the guard is unavailable (then nothing was hashed). Installs a
/// process-wide SIGBUS handler on first use that forwards every other SIGBUS to the handler
/// installed before it.
int cblake3_subtree_cv_guarded(const uint8_t *input, uint64_t num_chunks, uint64_t chunk_counter,
                               int simd_level, uint8_t out_cv[32]);

/// Appends a subtree computed with `cblake3_subtree_cv` to `hasher`. Preconditions: the hasher
/// holds no partial chunk (`buf_len == 0`), `chunk_counter` is a multiple of `num_chunks`, and
/// more input follows (at least one byte) before finalizing. Returns 0, or -1 if violated.
int cblake3_hasher_push_subtree_cv(cblake3_hasher *hasher, const uint8_t cv[32],
                                   uint64_t num_chunks);

#ifdef __cplusplus
}
#endif

#endif
