// The mixing function G that BLAKE2b (RFC 7693 section 3.1) and BLAKE3 (its specification,
// section 2.2) share: the same add, xor and rotate steps, with the word size's rotation and
// the variant's four rotation distances.
#ifndef CBLAKE_BLAKE_MIXING_H
#define CBLAKE_BLAKE_MIXING_H

#define BLAKE_G(rotr, r1, r2, r3, r4, a, b, c, d, x, y) \
    do {                                                \
        a = a + b + (x);                                \
        d = rotr(d ^ a, r1);                            \
        c = c + d;                                      \
        b = rotr(b ^ c, r2);                            \
        a = a + b + (y);                                \
        d = rotr(d ^ a, r3);                            \
        c = c + d;                                      \
        b = rotr(b ^ c, r4);                            \
    } while (0)

#endif
