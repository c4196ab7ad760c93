// BLAKE3 hash mode: chunk buffering, subtree hashing and the chaining-value stack.
//
// Invariant: the hasher only turns a chunk into a chaining value once at least one more input
// byte is known to follow it, so the chunk held in `buf` is always the last one seen and can
// still be finalized as (part of) the root.
#include "CBLAKE.h"
#include "blake3_internal.h"

// Chunks hashed as one in-stack batch (their CVs are then merged with SIMD parent batches).
#ifndef B3_BATCH_CHUNKS
#define B3_BATCH_CHUNKS 128
#endif

static void b3_parent_cv(const uint8_t left[32], const uint8_t right[32], const uint32_t key[8],
                         uint32_t flags, uint8_t out[32]) {
    uint8_t block[B3_BLOCK_LEN];
    memcpy(block, left, 32);
    memcpy(block + 32, right, 32);
    uint32_t cv[8];
    memcpy(cv, key, sizeof cv);
    b3_compress_portable(cv, block, B3_BLOCK_LEN, 0, flags | B3_PARENT);
    memcpy(out, cv, 32);
}

// Reduces the `count` (a power of two, at most B3_BATCH_CHUNKS) chaining values in `cvs`, the
// leaves of one perfect subtree, to the subtree's CV in cvs[0...31]. Adjacent CV pairs are exactly
// the parent blocks of the next level up, so each level is one many-inputs call.
static void b3_reduce_perfect(int level, uint8_t *cvs, size_t count, const uint32_t key[8]) {
    uint8_t parents[B3_BATCH_CHUNKS / 2 * 32];
    const uint8_t *ptrs[B3_BATCH_CHUNKS / 2];
    while (count > 1) {
        count /= 2;
        for (size_t i = 0; i < count; i++) ptrs[i] = cvs + 64 * i;
        b3_hash_many(level, ptrs, count, 1, key, 0, false, B3_PARENT, 0, 0, parents);
        memcpy(cvs, parents, 32 * count);
    }
}

// CV of the perfect subtree over `count` (a power of two, at most B3_BATCH_CHUNKS) full chunks.
static void b3_batch_subtree_cv(int level, const uint8_t *const *chunks, size_t count,
                                const uint32_t key[8], uint64_t chunk_counter, uint8_t out[32]) {
    uint8_t cvs[B3_BATCH_CHUNKS * 32];
    b3_hash_many(level, chunks, count, B3_BLOCKS_PER_CHUNK, key, chunk_counter, true, 0,
                 B3_CHUNK_START, B3_CHUNK_END, cvs);
    b3_reduce_perfect(level, cvs, count, key);
    memcpy(out, cvs, 32);
}

static void b3_subtree_cv_rec(int level, const uint8_t *input, uint64_t num_chunks,
                              const uint32_t key[8], uint64_t chunk_counter, uint8_t out[32]) {
    if (num_chunks <= B3_BATCH_CHUNKS) {
        const uint8_t *ptrs[B3_BATCH_CHUNKS];
        for (size_t i = 0; i < num_chunks; i++) ptrs[i] = input + B3_CHUNK_LEN * i;
        b3_batch_subtree_cv(level, ptrs, (size_t)num_chunks, key, chunk_counter, out);
        return;
    }
    const uint64_t half = num_chunks / 2;
    uint8_t left[32], right[32];
    b3_subtree_cv_rec(level, input, half, key, chunk_counter, left);
    b3_subtree_cv_rec(level, input + half * B3_CHUNK_LEN, half, key, chunk_counter + half, right);
    b3_parent_cv(left, right, key, 0, out);
}

void cblake3_subtree_cv(const uint8_t *input, uint64_t num_chunks, uint64_t chunk_counter,
                        int simd_level, uint8_t out_cv[32]) {
    b3_subtree_cv_rec(b3_resolve_level(simd_level), input, num_chunks, B3_IV, chunk_counter,
                      out_cv);
}

void cblake3_parent_cv(const uint8_t left[32], const uint8_t right[32], uint8_t out_cv[32]) {
    b3_parent_cv(left, right, B3_IV, 0, out_cv);
}

int cblake3_hasher_init(cblake3_hasher *h, int simd_level) {
    memcpy(h->key, B3_IV, sizeof h->key);
    h->chunk_counter = 0;
    h->buf_len = 0;
    h->stack_len = 0;
    h->simd_level = b3_resolve_level(simd_level);
    return h->simd_level;
}

static inline int b3_popcount64(uint64_t x) { return __builtin_popcountll(x); }

// Pushes the CV of an aligned subtree of `num_chunks` chunks that is known not to be last,
// then merges while the stack holds more entries than the chunk count has set bits: each
// entry stands for one set bit (one complete subtree), largest first.
static void b3_push_cv(cblake3_hasher *h, const uint8_t cv[32], uint64_t num_chunks) {
    memcpy(h->cv_stack + 32 * h->stack_len, cv, 32);
    h->stack_len += 1;
    h->chunk_counter += num_chunks;
    while ((int)h->stack_len > b3_popcount64(h->chunk_counter)) {
        uint8_t *left = h->cv_stack + 32 * (h->stack_len - 2);
        b3_parent_cv(left, left + 32, h->key, 0, left);
        h->stack_len -= 1;
    }
}

int cblake3_hasher_push_subtree_cv(cblake3_hasher *h, const uint8_t cv[32], uint64_t num_chunks) {
    if (h->buf_len != 0 || num_chunks == 0 || (num_chunks & (num_chunks - 1)) != 0 ||
        (h->chunk_counter & (num_chunks - 1)) != 0) {
        return -1;
    }
    b3_push_cv(h, cv, num_chunks);
    return 0;
}

void cblake3_hasher_update(cblake3_hasher *h, const void *input, size_t length) {
    const uint8_t *in = (const uint8_t *)input;
    while (length > 0) {
        // Top up a partial chunk, or start one when the rest fits in a single chunk.
        if (h->buf_len < B3_CHUNK_LEN && (h->buf_len > 0 || length <= B3_CHUNK_LEN)) {
            size_t take = B3_CHUNK_LEN - (size_t)h->buf_len;
            if (take > length) take = length;
            memcpy(h->buf + h->buf_len, in, take);
            h->buf_len += take;
            in += take;
            length -= take;
            continue;
        }
        // Here more input follows every chunk we hash: a full chunk in `buf` (length > 0), or
        // an empty `buf` with more than one chunk of input. Keep at least one byte back.
        const size_t from_buf = h->buf_len == B3_CHUNK_LEN ? 1 : 0;
        uint64_t avail = from_buf + (length - 1) / B3_CHUNK_LEN;
        const size_t count = avail < B3_BATCH_CHUNKS ? (size_t)avail : B3_BATCH_CHUNKS;

        // All chunks of the batch go through the SIMD kernels together, whatever the alignment.
        const uint8_t *ptrs[B3_BATCH_CHUNKS];
        for (size_t i = 0; i < count; i++) {
            ptrs[i] = (i < from_buf) ? h->buf : in + B3_CHUNK_LEN * (i - from_buf);
        }
        uint8_t cvs[B3_BATCH_CHUNKS * 32];
        b3_hash_many(h->simd_level, ptrs, count, B3_BLOCKS_PER_CHUNK, h->key, h->chunk_counter,
                     true, 0, B3_CHUNK_START, B3_CHUNK_END, cvs);
        // Then split them into aligned perfect subtrees (largest first), each reduced with SIMD
        // parent batches and pushed as one stack entry.
        size_t done = 0;
        while (done < count) {
            size_t run = B3_BATCH_CHUNKS;
            while (run > count - done || (h->chunk_counter & (run - 1)) != 0) run /= 2;
            b3_reduce_perfect(h->simd_level, cvs + 32 * done, run, h->key);
            b3_push_cv(h, cvs + 32 * done, run);
            done += run;
        }
        const size_t consumed = B3_CHUNK_LEN * (count - from_buf);
        in += consumed;
        length -= consumed;
        h->buf_len = 0;
    }
}

// The chunk in `buf` (possibly empty, possibly partial) gives the last node's inputs.
void cblake3_hasher_finalize(const cblake3_hasher *h, uint8_t out[CBLAKE3_OUT_LEN]) {
    const size_t len = (size_t)h->buf_len;
    const size_t blocks = len == 0 ? 1 : (len + B3_BLOCK_LEN - 1) / B3_BLOCK_LEN;
    const uint32_t root_if_alone = h->stack_len == 0 ? B3_ROOT : 0;

    uint32_t cv[8];
    memcpy(cv, h->key, sizeof cv);
    for (size_t b = 0; b + 1 < blocks; b++) {
        b3_compress_portable(cv, h->buf + B3_BLOCK_LEN * b, B3_BLOCK_LEN, h->chunk_counter,
                             b == 0 ? B3_CHUNK_START : 0);
    }
    uint8_t last[B3_BLOCK_LEN] = {0};
    const size_t last_len = len - B3_BLOCK_LEN * (blocks - 1);
    memcpy(last, h->buf + B3_BLOCK_LEN * (blocks - 1), last_len);
    b3_compress_portable(cv, last, (uint32_t)last_len, h->chunk_counter,
                         (blocks == 1 ? B3_CHUNK_START : 0) | B3_CHUNK_END | root_if_alone);

    uint8_t node[32];
    memcpy(node, cv, 32);
    // Fold the stack from the most recent (smallest) subtree; the final parent is the root.
    for (size_t i = h->stack_len; i > 0; i--) {
        b3_parent_cv(h->cv_stack + 32 * (i - 1), node, h->key, i == 1 ? B3_ROOT : 0, node);
    }
    memcpy(out, node, CBLAKE3_OUT_LEN);
}
