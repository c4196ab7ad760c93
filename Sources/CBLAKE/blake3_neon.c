// BLAKE3 4-lane kernel for AArch64 Advanced SIMD (see blake3_simd_template.h).
#if defined(__aarch64__)
#define B3_W 4
#define B3_TARGET
#define B3_KERNEL b3_hash4_neon
#define B3_OPAQUE_CONSTRAINT "w"
#include "blake3_simd_template.h"
#endif
