/* SPDX-License-Identifier: BSD-2-Clause */
/* pattern.h - byte i of the big programs' data (gen.c writes it, check.c checks it):
 * a hash of the whole offset, so a page moved, repeated or lost shows. */
#ifndef BIG_PATTERN_H
#define BIG_PATTERN_H

#include <stdint.h>

static inline uint8_t big_pattern(uint64_t i)
{
	uint64_t x = (i + 1) * 0x9E3779B97F4A7C15ULL;
	x ^= x >> 29;
	return (uint8_t)(x >> 56);
}

#endif
