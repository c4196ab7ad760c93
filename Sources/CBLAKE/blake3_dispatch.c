// Run-time selection of the BLAKE3 many-inputs kernel.
#include "CBLAKE.h"
#include "blake3_internal.h"

#include <stdatomic.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define B3_X86 1
#elif defined(__aarch64__)
#define B3_NEON 1
#endif

#if B3_X86
static uint64_t b3_xgetbv0(void) {
    uint32_t eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((uint64_t)edx << 32) | eax;
}
#endif

static int b3_detect(void) {
#if B3_X86
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return CBLAKE3_SIMD_PORTABLE;
    const int sse41 = (c >> 19) & 1;
    const int osxsave = (c >> 27) & 1;
    const int avx = (c >> 28) & 1;
    if (!sse41) return CBLAKE3_SIMD_PORTABLE;
    if (!osxsave || !avx) return CBLAKE3_SIMD_SSE41;
    // The OS must save the YMM (and for AVX-512 the opmask and ZMM) registers.
    const uint64_t xcr0 = b3_xgetbv0();
    if ((xcr0 & 0x6) != 0x6) return CBLAKE3_SIMD_SSE41;
    unsigned a7, b7, c7, d7;
    if (!__get_cpuid_count(7, 0, &a7, &b7, &c7, &d7)) return CBLAKE3_SIMD_SSE41;
    const int avx2 = (b7 >> 5) & 1;
    const int avx512f = (b7 >> 16) & 1;
    const int avx512vl = (b7 >> 31) & 1;
    if (!avx2) return CBLAKE3_SIMD_SSE41;
    if (avx512f && avx512vl && (xcr0 & 0xE6) == 0xE6) return CBLAKE3_SIMD_AVX512;
    return CBLAKE3_SIMD_AVX2;
#elif B3_NEON
    return CBLAKE3_SIMD_NEON;  // Advanced SIMD is part of every AArch64 CPU
#else
    return CBLAKE3_SIMD_PORTABLE;
#endif
}

static _Atomic int b3_cached_level = -1;

int cblake3_detected_simd_level(void) {
    int level = atomic_load_explicit(&b3_cached_level, memory_order_relaxed);
    if (level < 0) {
        level = b3_detect();  // idempotent, so a race only repeats the work
        atomic_store_explicit(&b3_cached_level, level, memory_order_relaxed);
    }
    return level;
}

// The usable level closest to `requested` (negative: best available).
int b3_resolve_level(int requested) {
    const int best = cblake3_detected_simd_level();
    if (requested < 0) return best;
    if (requested == CBLAKE3_SIMD_PORTABLE) return CBLAKE3_SIMD_PORTABLE;
#if B3_X86
    if (requested == CBLAKE3_SIMD_AVX2_X16) {
        return best >= CBLAKE3_SIMD_AVX2 ? CBLAKE3_SIMD_AVX2_X16 : best;
    }
    if (requested == CBLAKE3_SIMD_NEON) return best;
    return requested < best ? requested : best;
#else
    return best;  // one SIMD level at most
#endif
}

static void b3_hash_one_portable(const uint8_t *input, size_t blocks, const uint32_t key[8],
                                 uint64_t counter, uint8_t flags, uint8_t flags_start,
                                 uint8_t flags_end, uint8_t out[32]) {
    uint32_t cv[8];
    memcpy(cv, key, sizeof cv);
    uint32_t block_flags = (uint32_t)flags | flags_start;
    for (size_t b = 0; b < blocks; b++) {
        if (b + 1 == blocks) block_flags |= flags_end;
        b3_compress_portable(cv, input + b * B3_BLOCK_LEN, B3_BLOCK_LEN, counter, block_flags);
        block_flags = flags;
    }
    memcpy(out, cv, 32);
}

void b3_hash_many(int level, const uint8_t *const *inputs, size_t count, size_t blocks,
                  const uint32_t key[8], uint64_t counter, bool increment, uint8_t flags,
                  uint8_t flags_start, uint8_t flags_end, uint8_t *out) {
    typedef void (*kernel_fn)(B3_KERNEL_ARGS);
    kernel_fn kernels[3];
    size_t widths[3];
    int n = 0;
#if B3_X86
    if (level == CBLAKE3_SIMD_AVX512) {
        kernels[n] = b3_hash16_avx512, widths[n++] = 16;
    } else if (level == CBLAKE3_SIMD_AVX2_X16) {
        kernels[n] = b3_hash16_avx2, widths[n++] = 16;
    }
    if (level >= CBLAKE3_SIMD_AVX2 && level != CBLAKE3_SIMD_NEON) {
        kernels[n] = b3_hash8_avx2, widths[n++] = 8;
    }
    if (level >= CBLAKE3_SIMD_SSE41 && level != CBLAKE3_SIMD_NEON) {
        kernels[n] = b3_hash4_sse41, widths[n++] = 4;
    }
#elif B3_NEON
    if (level == CBLAKE3_SIMD_NEON) kernels[n] = b3_hash4_neon, widths[n++] = 4;
#else
    (void)level;
#endif

    // Full-width batches, widest first.
    for (int k = 0; k < n; k++) {
        while (count >= widths[k]) {
            kernels[k](inputs, blocks, key, counter, increment, flags, flags_start, flags_end,
                       out);
            inputs += widths[k];
            count -= widths[k];
            out += 32 * widths[k];
            if (increment) counter += widths[k];
        }
    }
    // Two or more leftovers: one padded run of the narrowest kernel that fits them beats
    // several portable compressions. Padding lanes repeat input 0 and are discarded.
    if (count >= 2) {
        for (int k = n - 1; k >= 0; k--) {
            if (widths[k] < count) continue;
            const uint8_t *padded[16];
            uint8_t tmp[16 * 32];
            for (size_t i = 0; i < widths[k]; i++) padded[i] = i < count ? inputs[i] : inputs[0];
            kernels[k](padded, blocks, key, counter, increment, flags, flags_start, flags_end,
                       tmp);
            memcpy(out, tmp, 32 * count);
            return;
        }
    }
    for (size_t i = 0; i < count; i++) {
        b3_hash_one_portable(inputs[i], blocks, key, counter, flags, flags_start, flags_end,
                             out + 32 * i);
        if (increment) counter += 1;
    }
}
