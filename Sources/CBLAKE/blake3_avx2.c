// BLAKE3 8-lane kernel for avx2 (see blake3_simd_template.h).
#if defined(__x86_64__) || defined(__i386__)
#define B3_W 8
#define B3_TARGET __attribute__((target("avx2")))
#define B3_KERNEL b3_hash8_avx2
#define B3_OPAQUE_CONSTRAINT "x"
#include "blake3_simd_template.h"
#endif
