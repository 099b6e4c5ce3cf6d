/* SPDX-License-Identifier: BSD-2-Clause */
/* pattern.h - the files of tests/prog/bmfsio and their contents, as
 * tests/system/test_bmfs_guest.py makes and checks them: byte i of a file is byte i % 8
 * (little-endian) of ((i / 8 + 1) * 0x9E3779B97F4A7C15) ^ seed, so a byte out of place
 * shows. */
#ifndef BMFSIO_PATTERN_H
#define BMFSIO_PATTERN_H

#include <stdint.h>

#define PATTERN_NAME "pattern.bin"          /* the host's, 5 MiB + 77 bytes */
#define PATTERN_SEED 0xB3F5000000000001ULL
#define GUEST_NAME   "guest.out"            /* stdio, one block */
#define GUEST_SEED   0x6E57000000000002ULL
#define GUEST_SIZE   1500001
#define LIB_NAME     "lib.out"              /* bmfs_create + bmfs_write, two blocks */
#define LIB_SEED     0x11B0000000000003ULL
#define LIB_SIZE     (3 * (1u << 20) + 5)
#define APPEND_NAME  "append.out"
#define APPEND_TEXT  "0123456789abcdef"
#define BAD_NAME     "bad.bin"              /* the drive-error run's, 64 KiB */
#define BAD_SEED     0xBAD0000000000004ULL
#define BAD_SIZE     65536
#define BAD_READ     3                      /* its 4 KiB sectors QEMU fails */
#define BAD_WRITE    15

static inline void pattern_fill(uint8_t *dst, uint64_t seed, uint64_t off, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		uint64_t at = off + i;
		uint64_t v = ((at / 8 + 1) * 0x9E3779B97F4A7C15ULL) ^ seed;
		dst[i] = (uint8_t)(v >> (8 * (at % 8)));
	}
}

#endif
