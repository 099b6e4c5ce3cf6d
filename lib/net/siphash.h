/* SPDX-License-Identifier: BSD-2-Clause */
/* siphash.h - SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input PRF",
 * 2012), the keyed function of isn.c. Pure C, tested on the host with the reference
 * vectors (tests/unit/test_siphash.c). */
#ifndef BM_SIPHASH_H
#define BM_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

/* SipHash-2-4 of m[0..n) under the 128-bit key k (k[0] its first 8 bytes, little-endian):
 * the 64-bit result whose little-endian bytes are the reference's output. */
uint64_t bm_siphash24(const uint64_t k[2], const void *m, size_t n);

#endif
