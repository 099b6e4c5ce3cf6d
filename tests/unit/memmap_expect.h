/* SPDX-License-Identifier: BSD-2-Clause */
/* memmap_expect.h - shared by the host tests that produce E820-style maps (test_memmap.c,
 * test_uefi.c): record shorthands and the record-by-record check. Include after cmocka.h. */
#ifndef MEMMAP_EXPECT_H
#define MEMMAP_EXPECT_H

#include "include/bootinfo.h"

#define U MEMMAP_USABLE
#define R MEMMAP_RESERVED
#define A MEMMAP_ACPI
#define N MEMMAP_NVS
#define BAD MEMMAP_BAD

#define E(b, l, t) { .base = (b), .length = (l), .type = (t), .acpi_attr = 1, .reserved = 0 }

/* Checks got[0..n) against exp record by record (base, length, type, acpi_attr 1, reserved 0). */
static inline void expect_map(const struct memmap_entry *got, int n, const struct memmap_entry *exp, int nexp)
{
	for (int i = 0; i < n && i < nexp; i++) {
		if (got[i].base != exp[i].base || got[i].length != exp[i].length || got[i].type != exp[i].type)
			fail_msg("record %d: got base 0x%llx len 0x%llx type %u, want base 0x%llx len 0x%llx type %u",
				 i, (unsigned long long)got[i].base, (unsigned long long)got[i].length, got[i].type,
				 (unsigned long long)exp[i].base, (unsigned long long)exp[i].length, exp[i].type);
		assert_int_equal(got[i].acpi_attr, 1);
		assert_int_equal(got[i].reserved, 0);
	}
	assert_int_equal(n, nexp);
}

/* Fails when any of len bytes at p lost the 0xCC fill (an output array overran). */
static inline void expect_untouched(const void *p, size_t len)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < len; i++)
		if (b[i] != 0xCC)
			fail_msg("byte %zu past the output was written (0x%02x)", i, b[i]);
}

#endif
