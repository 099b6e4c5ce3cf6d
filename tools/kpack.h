/* SPDX-License-Identifier: BSD-2-Clause */
/* kpack.h - the kernel's LZ format: what tools/kpack.c writes and kernel/unlz.inc reads.
 *
 * One byte stream holding literal bytes, offset bytes and, interleaved where the decoder
 * needs them, bytes of flag bits (most significant first). Numbers n >= 1 are Elias gamma
 * codes with interleaved stop bits: for each bit of n below its leading 1, from the top,
 * a 0 then that bit; then a 1. Tokens:
 *   literal run    gamma(count), then count bytes            (never two in a row)
 *   new offset     gamma(hi + 1), byte lo, gamma(length - 1)  offset = hi * 256 + lo + 1
 *   repeat offset  gamma(length)                             the last offset again
 * After a literal run one bit chooses: 1 new offset, 0 repeat offset. After a match:
 * 1 new offset, 0 literal run; the stream starts as after a match. A new offset with
 * hi + 1 == KPACK_END ends the stream.
 * Matches may overlap their output (offset < length): copies go a byte at a time. */
#ifndef KPACK_H
#define KPACK_H

#include <stddef.h>
#include <stdint.h>

#define KPACK_END        256u       /* hi + 1 of the end marker */
#define KPACK_MAX_OFFSET 32768u     /* hi <= 127 */
#define KPACK_MAX_LEN    65535u

/* Packs in[0..n) into out (room for kpack_bound(n) bytes); returns the packed size. */
size_t kpack(const uint8_t *in, size_t n, uint8_t *out);
static inline size_t kpack_bound(size_t n) { return n + n / 8 + 16; }

/* The reference decoder: unpacks into out (room for cap bytes); returns the bytes
 * written, or (size_t)-1 if the stream is malformed or would overrun out. */
size_t kunpack(const uint8_t *in, size_t in_n, uint8_t *out, size_t cap);

#endif
