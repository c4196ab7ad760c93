// BLAKE3 16-lane kernel for avx512f,avx512vl (see blake3_simd_template.h).
#if defined(__x86_64__) || defined(__i386__)
#define B3_W 16
#define B3_TARGET __attribute__((target("avx512f,avx512vl")))
#define B3_KERNEL b3_hash16_avx512
#define B3_OPAQUE_CONSTRAINT "v"
#include "blake3_simd_template.h"
#endif
