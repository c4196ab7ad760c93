// BLAKE3 4-lane kernel for sse4.1 (see blake3_simd_template.h).
#if defined(__x86_64__) || defined(__i386__)
#define B3_W 4
#define B3_TARGET __attribute__((target("sse4.1")))
#define B3_KERNEL b3_hash4_sse41
#define B3_OPAQUE_CONSTRAINT "x"
#include "blake3_simd_template.h"
#endif
