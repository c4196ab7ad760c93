// BLAKE3 16-lane kernel compiled for AVX2, each vector split over two registers. Only the
// tests select it: it runs the AVX-512 kernel's exact source on machines without AVX-512.
#if defined(__x86_64__) || defined(__i386__)
#define B3_W 16
// The 512-bit helper types never cross a call boundary (all helpers are always_inline).
#pragma clang diagnostic ignored "-Wpsabi"
#define B3_TARGET __attribute__((target("avx2")))
#define B3_KERNEL b3_hash16_avx2
#include "blake3_simd_template.h"
#endif
