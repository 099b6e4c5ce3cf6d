// SPDX-License-Identifier: BSD-2-Clause
/* test_memmap.c - boot/stage/memmap.c: E820 sanitizing, usable bytes, RAM in MiB, top of RAM,
 * RAM missing from a range. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/memmap_expect.h"

#include "boot/stage/memmap.h"

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

#define OUT_MAX 64
static struct memmap_entry out[OUT_MAX];

static int reset_out(void **state)
{
	(void)state;
	memset(out, 0xCC, sizeof(out));
	return 0;
}

/* ---- sanitize ------------------------------------------------------------------------- */

static void test_clean_map_unchanged(void **state)
{
	(void)state;
	static const struct memmap_entry in[] = {
		E(0x0, 0x9FC00, U),
		E(0x9FC00, 0x400, R),
		E(0xF0000, 0x10000, R),         /* hole 0xA0000-0xF0000 stays a hole */
		E(0x100000, 0x7EE0000, U),
		E(0x7FE0000, 0x20000, A),
		E(0xFEC00000, 0x1000, R),
	};
	int n = memmap_sanitize(in, COUNT(in), out, OUT_MAX);
	expect_map(out, n, in, COUNT(in));
	expect_untouched(&out[n], sizeof(out) - (size_t)n * sizeof(out[0]));
}

static void test_empty_input(void **state)
{
	(void)state;
	static const struct memmap_entry in[] = { E(0x1000, 0x1000, U) };
	assert_int_equal(memmap_sanitize(in, 0, out, OUT_MAX), 0);
	expect_untouched(out, sizeof(out));
	assert_int_equal(memmap_usable_bytes(out, 0), 0);
	assert_int_equal(memmap_ram_mib(out, 0, 0), 0);
	assert_int_equal(memmap_top(out, 0), 0);
}

static void test_unsorted_sorted(void **state)
{
	(void)state;
	static const struct memmap_entry in[] = {
		E(0x100000000ull, 0x40000000, U),
		E(0xFFFC0000, 0x40000, R),
		E(0x100000, 0x3FF00000, U),
		E(0x0, 0x9F000, U),
		E(0xE0000, 0x20000, R),
		E(0x9F000, 0x1000, R),
	};
	static const struct memmap_entry exp[] = {
		E(0x0, 0x9F000, U),
		E(0x9F000, 0x1000, R),
		E(0xE0000, 0x20000, R),
		E(0x100000, 0x3FF00000, U),
		E(0xFFFC0000, 0x40000, R),
		E(0x100000000ull, 0x40000000, U),
	};
	int n = memmap_sanitize(in, COUNT(in), out, OUT_MAX);
	expect_map(out, n, exp, COUNT(exp));
}

static void test_zero_length_dropped(void **state)
{
	(void)state;
	static const struct memmap_entry in[] = {
		E(0x5000, 0, R),                /* alone */
		E(0x0, 0x10000, U),
		E(0x8000, 0, BAD),              /* inside usable: must not split it */
		E(0x10000, 0, A),               /* at the boundary */
		E(0x20000, 0x1000, R),
		E(0x0, 0, U),
	};
	static const struct memmap_entry exp[] = {
		E(0x0, 0x10000, U),
		E(0x20000, 0x1000, R),
	};
	int n = memmap_sanitize(in, COUNT(in), out, OUT_MAX);
	expect_map(out, n, exp, COUNT(exp));
}

static void test_all_zero_length(void **state)
{
	(void)state;
	static const struct memmap_entry in[] = { E(0x0, 0, U), E(0x1000, 0, R) };
	assert_int_equal(memmap_sanitize(in, COUNT(in), out, OUT_MAX), 0);
	expect_untouched(out, sizeof(out));
}

static void test_reserved_inside_usable(void **state)
{
	(void)state;
	static const struct memmap_entry in[] = {
		E(0x100000, 0x100000, U),
		E(0x180000, 0x10000, R),
	};
	static const struct memmap_entry exp[] = {
		E(0x100000, 0x80000, U),
		E(0x180000, 0x10000, R),
		E(0x190000, 0x70000, U),
	};
	int n = memmap_sanitize(in, COUNT(in), out, OUT_MAX);
	expect_map(out, n, exp, COUNT(exp));
	assert_int_equal(memmap_usable_bytes(out, n), 0xF0000);
}

static void test_reserved_overlaps_usable_edges(void **state)
{
	(void)state;
	/* Reserved listed first, usable later: the order of the input does not matter. */
	static const struct memmap_entry in[] = {
		E(0xF0000, 0x20000, R),         /* 0xF0000-0x110000 covers usable's start */
		E(0x1F0000, 0x20000, N),        /* 0x1F0000-0x210000 covers usable's end */
		E(0x100000, 0x100000, U),       /* 0x100000-0x200000 */
	};
	static const struct memmap_entry exp[] = {
		E(0xF0000, 0x20000, R),
		E(0x110000, 0xE0000, U),
		E(0x1F0000, 0x20000, N),
	};
	int n = memmap_sanitize(in, COUNT(in), out, OUT_MAX);
	expect_map(out, n, exp, COUNT(exp));
	assert_int_equal(memmap_usable_bytes(out, n), 0xE0000);
}

static void test_usable_inside_reserved_vanishes(void **state)
{
	(void)state;
	static const struct memmap_entry in[] = {
		E(0x2000, 0x1000, U),
		E(0x0, 0x10000, R),
		E(0x4000, 0x1000, U),
	};
	static const struct memmap_entry exp[] = { E(0x0, 0x10000, R) };
	int n = memmap_sanitize(in, COUNT(in), out, OUT_MAX);
	expect_map(out, n, exp, COUNT(exp));
	assert_int_equal(memmap_usable_bytes(out, n), 0);
	assert_int_equal(memmap_top(out, n), 0);
}

static void test_reserved_vs_acpi_higher_wins(void **state)
{
	(void)state;
	static const struct memmap_entry in[] = {
		E(0x1000, 0x4000, R),           /* 0x1000-0x5000 */
		E(0x3000, 0x4000, A),           /* 0x3000-0x7000 */
	};
	static const struct memmap_entry exp[] = {
		E(0x1000, 0x2000, R),
		E(0x3000, 0x4000, A),
	};
	int n = memmap_sanitize(in, COUNT(in), out, OUT_MAX);
	expect_map(out, n, exp, COUNT(exp));

	/* the other way round: ACPI inside reserved is still ACPI */
	static const struct memmap_entry in2[] = {
		E(0x3000, 0x1000, A),
		E(0x1000, 0x6000, R),
	};
	static const struct memmap_entry exp2[] = {
		E(0x1000, 0x2000, R),
		E(0x3000, 0x1000, A),
		E(0x4000, 0x3000, R),
	};
	n = memmap_sanitize(in2, COUNT(in2), out, OUT_MAX);
	expect_map(out, n, exp2, COUNT(exp2));
}

static void test_type_ranking(void **state)
{
	(void)state;
	/* Four records over one range: bad (5) beats NVS (4) beats ACPI (3) beats usable. */
	static const struct memmap_entry in[] = {
		E(0x0, 0x4000, U),
		E(0x1000, 0x3000, A),
		E(0x2000, 0x2000, N),
		E(0x3000, 0x1000, BAD),
		E(0x0, 0x1000, U),              /* a duplicate */
	};
	static const struct memmap_entry exp[] = {
		E(0x0, 0x1000, U),
		E(0x1000, 0x1000, A),
		E(0x2000, 0x1000, N),
		E(0x3000, 0x1000, BAD),
	};
	int n = memmap_sanitize(in, COUNT(in), out, OUT_MAX);
	expect_map(out, n, exp, COUNT(exp));
}

static void test_unknown_types_beat_usable(void **state)
{
	(void)state;
	/* ACPI 6.4 15.1: other types must be treated as reserved, so none may lose to usable,
	 * whatever its number and wherever it sits in the input. */
	static const struct memmap_entry in[] = {
		E(0x0, 0x10000, U),
		E(0x1000, 0x1000, 0),           /* undefined type 0 */
		E(0x3000, 0x1000, 12),          /* e.g. persistent memory */
		E(0x5000, 0x1000, 0xF0000000u), /* garbage above INT32_MAX */
		E(0x7000, 0x1000, 0xFFFFFFFFu),
	};
	static const struct memmap_entry exp[] = {
		E(0x0, 0x1000, U),
		E(0x1000, 0x1000, 2),           /* type 0 comes out reserved: 0 ends the map */
		E(0x2000, 0x1000, U),
		E(0x3000, 0x1000, 12),
		E(0x4000, 0x1000, U),
		E(0x5000, 0x1000, 0xF0000000u),
		E(0x6000, 0x1000, U),
		E(0x7000, 0x1000, 0xFFFFFFFFu),
		E(0x8000, 0x8000, U),
	};
	int n = memmap_sanitize(in, COUNT(in), out, OUT_MAX);
	expect_map(out, n, exp, COUNT(exp));
	assert_int_equal(memmap_usable_bytes(out, n), 0xC000);
}

static void test_merge_adjacent_same_type(void **state)
{
	(void)state;
	static const struct memmap_entry in[] = {
		E(0x0, 0x1000, U),
		E(0x1000, 0x2000, U),           /* adjacent, same type: merged */
		E(0x3000, 0x1000, R),           /* adjacent, other type: kept apart */
		E(0x4000, 0x1000, R),           /* merged with the previous */
		E(0x5000, 0x1000, U),
		E(0x7000, 0x1000, U),           /* same type after a hole: kept apart */
		E(0x7800, 0x1000, U),           /* overlapping same type: merged */
	};
	static const struct memmap_entry exp[] = {
		E(0x0, 0x3000, U),
		E(0x3000, 0x2000, R),
		E(0x5000, 0x1000, U),
		E(0x7000, 0x1800, U),
	};
	int n = memmap_sanitize(in, COUNT(in), out, OUT_MAX);
	expect_map(out, n, exp, COUNT(exp));
}

static void test_wrapping_record_clamped(void **state)
{
	(void)state;
	static const struct memmap_entry in[] = {
		E(0x0, 0x10000, U),
		E(0xFFFFFFFF00000000ull, 0x200000000ull, R),     /* end wraps past 2^64 */
	};
	static const struct memmap_entry exp[] = {
		E(0x0, 0x10000, U),
		E(0xFFFFFFFF00000000ull, 0xFFFFFFFFull, R),      /* up to UINT64_MAX */
	};
	int n = memmap_sanitize(in, COUNT(in), out, OUT_MAX);
	expect_map(out, n, exp, COUNT(exp));
	assert_int_equal(memmap_top(out, n), 0x10000);
}

static void test_wrapping_usable_overlap(void **state)
{
	(void)state;
	static const struct memmap_entry in[] = {
		E(UINT64_MAX - 0xFFF, UINT64_MAX, U),             /* huge length from a broken BIOS */
		E(0x100000, UINT64_MAX, U),                       /* wraps too */
		E(0xFEC00000, 0x1000, R),
	};
	static const struct memmap_entry exp[] = {
		E(0x100000, 0xFEC00000 - 0x100000, U),
		E(0xFEC00000, 0x1000, R),
		E(0xFEC01000, UINT64_MAX - 0xFEC01000, U),
	};
	int n = memmap_sanitize(in, COUNT(in), out, OUT_MAX);
	expect_map(out, n, exp, COUNT(exp));
	assert_int_equal(memmap_top(out, n), UINT64_MAX);
	assert_int_equal(memmap_usable_bytes(out, n), UINT64_MAX - 0x100000 - 0x1000);
}

static void test_capacity_respected(void **state)
{
	(void)state;
	static const struct memmap_entry in[] = {
		E(0x0, 0x1000, U),
		E(0x1000, 0x1000, R),
		E(0x2000, 0x1000, U),
		E(0x3000, 0x1000, R),
		E(0x4000, 0x1000, U),
		E(0x5000, 0x1000, A),
	};
	static const struct memmap_entry exp[] = {
		E(0x0, 0x1000, U),
		E(0x1000, 0x1000, R),
		E(0x2000, 0x1000, U),
	};
	struct {
		struct memmap_entry m[3];
		uint8_t canary[256];
	} buf;
	memset(&buf, 0xCC, sizeof(buf));
	int n = memmap_sanitize(in, COUNT(in), buf.m, 3);
	assert_int_equal(n, 3);
	expect_map(buf.m, n, exp, COUNT(exp));
	expect_untouched(buf.canary, sizeof(buf.canary));

	memset(&buf, 0xCC, sizeof(buf));
	assert_int_equal(memmap_sanitize(in, COUNT(in), buf.m, 0), 0);
	expect_untouched(&buf, sizeof(buf));
}

static void test_capacity_with_merges(void **state)
{
	(void)state;
	/* A full output may still grow its last record by merging, never add one. */
	static const struct memmap_entry in[] = {
		E(0x0, 0x1000, R),
		E(0x1000, 0x1000, U),
		E(0x2000, 0x1000, U),
		E(0x3000, 0x1000, R),
	};
	struct {
		struct memmap_entry m[2];
		uint8_t canary[128];
	} buf;
	memset(&buf, 0xCC, sizeof(buf));
	int n = memmap_sanitize(in, COUNT(in), buf.m, 2);
	assert_int_equal(n, 2);
	static const struct memmap_entry exp[] = {
		E(0x0, 0x1000, R),
		E(0x1000, 0x2000, U),
	};
	expect_map(buf.m, n, exp, COUNT(exp));
	expect_untouched(buf.canary, sizeof(buf.canary));
}

static void test_many_records(void **state)
{
	(void)state;
	/* More records than the sanitizer's boundary table holds: no overflow; the first 256
	 * are used. */
	static struct memmap_entry in[300];
	static struct memmap_entry big[512];
	for (int i = 0; i < 300; i++)
		in[i] = (struct memmap_entry)E((uint64_t)i * 0x2000, 0x1000, U);
	int n = memmap_sanitize(in, 300, big, 512);
	assert_int_equal(n, 256);
	assert_int_equal(big[255].base, 255 * 0x2000);
	assert_int_equal(big[255].length, 0x1000);
	assert_int_equal(memmap_usable_bytes(big, n), 256 * 0x1000);
}

/* ---- real firmware maps --------------------------------------------------------------- */

static void test_seabios_256m(void **state)
{
	(void)state;
	/* QEMU pc, -m 256, SeaBIOS: reported out of order as some BIOSes do. */
	static const struct memmap_entry in[] = {
		E(0xFEFFC000, 0x4000, R),
		E(0x0, 0x9FC00, U),
		E(0x9FC00, 0x400, R),
		E(0xF0000, 0x10000, R),
		E(0x100000, 0xFEE0000, U),
		E(0xFFFC0000, 0x40000, R),
		E(0xFFE0000, 0x20000, R),
	};
	static const struct memmap_entry exp[] = {
		E(0x0, 0x9FC00, U),
		E(0x9FC00, 0x400, R),
		E(0xF0000, 0x10000, R),
		E(0x100000, 0xFEE0000, U),
		E(0xFFE0000, 0x20000, R),
		E(0xFEFFC000, 0x4000, R),
		E(0xFFFC0000, 0x40000, R),
	};
	int n = memmap_sanitize(in, COUNT(in), out, OUT_MAX);
	expect_map(out, n, exp, COUNT(exp));
	assert_int_equal(memmap_usable_bytes(out, n), 0x9FC00 + 0xFEE0000);
	assert_int_equal(memmap_ram_mib(out, n, 0), 256);
	assert_int_equal(memmap_top(out, n), 0xFFE0000);
}

static void test_q35_5g(void **state)
{
	(void)state;
	/* QEMU q35, -m 5G: 2 GiB below the PCI hole, 3 GiB from 4 GiB up. */
	static const struct memmap_entry in[] = {
		E(0x0, 0x9FC00, U),
		E(0x9FC00, 0x400, R),
		E(0xF0000, 0x10000, R),
		E(0x100000, 0x7FEE0000, U),
		E(0x7FFE0000, 0x20000, R),
		E(0xB0000000, 0x10000000, R),   /* MMCONFIG */
		E(0xFED1C000, 0x4000, R),
		E(0xFEFFC000, 0x4000, R),
		E(0xFFFC0000, 0x40000, R),
		E(0x100000000ull, 0xC0000000ull, U),
		E(0xFD00000000ull, 0x300000000ull, R),
	};
	int n = memmap_sanitize(in, COUNT(in), out, OUT_MAX);
	expect_map(out, n, in, COUNT(in));
	assert_int_equal(memmap_usable_bytes(out, n), 0x9FC00 + 0x7FEE0000ull + 0xC0000000ull);
	assert_int_equal(memmap_ram_mib(out, n, 0), 5120);
	assert_int_equal(memmap_top(out, n), 0x1C0000000ull);
}

/* ---- the derived values --------------------------------------------------------------- */

static void test_ram_mib_rounding(void **state)
{
	(void)state;
	struct memmap_entry m[2] = { E(0x100000, 0x100000, U), E(0x200000, 0x1000, R) };
	assert_int_equal(memmap_ram_mib(m, 2, 0), 1);        /* exactly 1 MiB */
	m[0].length = 0x100001;
	assert_int_equal(memmap_ram_mib(m, 2, 0), 2);        /* one byte more rounds up */
	m[0].length = 0xFFFFF;
	assert_int_equal(memmap_ram_mib(m, 2, 0), 1);
	m[0].length = 1;
	assert_int_equal(memmap_ram_mib(m, 2, 0), 1);
	m[0].type = R;
	assert_int_equal(memmap_ram_mib(m, 2, 0), 0);
	assert_int_equal(memmap_ram_mib(m, 2, 0x100000), 1);   /* firmware RAM counts */
	m[0].type = A;
	m[1].type = N;
	assert_int_equal(memmap_ram_mib(m, 2, 0), 1);           /* ACPI and NVS are RAM */
	assert_int_equal(memmap_ram_mib(m, 2, 0xFF000), 2);
}

static void test_usable_bytes_and_top_ignore_other_types(void **state)
{
	(void)state;
	static const struct memmap_entry m[] = {
		E(0x0, 0x1000, U),
		E(0x1000, 0x1000, A),
		E(0x100000, 0x200000, U),
		E(0x10000000, 0x1000000, N),    /* above every usable record */
		E(0x20000000, 0x1000, BAD),
	};
	assert_int_equal(memmap_usable_bytes(m, COUNT(m)), 0x201000);
	assert_int_equal(memmap_top(m, COUNT(m)), 0x300000);
	assert_int_equal(memmap_usable_bytes(m, 1), 0x1000);  /* n is honoured */
	assert_int_equal(memmap_top(m, 1), 0x1000);
}

static void test_missing(void **state)
{
	(void)state;
	/* SeaBIOS on q35 at -m 2 and -m 4 (as its E820 reads): the top 132 KiB reserved. */
	static const struct memmap_entry m2[] = {
		E(0x0, 0x9FC00, U), E(0x9FC00, 0x400, R), E(0xF0000, 0x10000, R),
		E(0x100000, 0xDF000, U), E(0x1DF000, 0x21000, R),
	};
	static const struct memmap_entry m4[] = {
		E(0x0, 0x9FC00, U), E(0x9FC00, 0x400, R), E(0xF0000, 0x10000, R),
		E(0x100000, 0x2DF000, U), E(0x3DF000, 0x21000, R),
	};
	assert_int_equal(memmap_missing(m2, COUNT(m2), 0x100000, 0x400000), 0x300000 - 0xDF000);
	assert_int_equal(memmap_missing(m4, COUNT(m4), 0x100000, 0x400000), 0x21000);
	assert_int_equal(memmap_missing(m4, COUNT(m4), 0x100000, 0x3DF000), 0);
	assert_int_equal(memmap_missing(m4, COUNT(m4), 0x0, 0xA0000), 0x400);
	assert_int_equal(memmap_missing(m4, COUNT(m4), 0x9FC00, 0x100000), 0x60400);
	assert_int_equal(memmap_missing(m4, 0, 0x100000, 0x400000), 0x300000);
	/* only usable records count, and two of them covering one range add up */
	static const struct memmap_entry split[] = {
		E(0x100000, 0x100000, U), E(0x200000, 0x100000, A), E(0x300000, 0x200000, U),
	};
	assert_int_equal(memmap_missing(split, COUNT(split), 0x100000, 0x400000), 0x100000);
	assert_int_equal(memmap_missing(split, COUNT(split), 0x180000, 0x380000), 0x100000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_clean_map_unchanged, reset_out),
		cmocka_unit_test_setup(test_empty_input, reset_out),
		cmocka_unit_test_setup(test_unsorted_sorted, reset_out),
		cmocka_unit_test_setup(test_zero_length_dropped, reset_out),
		cmocka_unit_test_setup(test_all_zero_length, reset_out),
		cmocka_unit_test_setup(test_reserved_inside_usable, reset_out),
		cmocka_unit_test_setup(test_reserved_overlaps_usable_edges, reset_out),
		cmocka_unit_test_setup(test_usable_inside_reserved_vanishes, reset_out),
		cmocka_unit_test_setup(test_reserved_vs_acpi_higher_wins, reset_out),
		cmocka_unit_test_setup(test_type_ranking, reset_out),
		cmocka_unit_test_setup(test_unknown_types_beat_usable, reset_out),
		cmocka_unit_test_setup(test_merge_adjacent_same_type, reset_out),
		cmocka_unit_test_setup(test_wrapping_record_clamped, reset_out),
		cmocka_unit_test_setup(test_wrapping_usable_overlap, reset_out),
		cmocka_unit_test_setup(test_capacity_respected, reset_out),
		cmocka_unit_test_setup(test_capacity_with_merges, reset_out),
		cmocka_unit_test_setup(test_many_records, reset_out),
		cmocka_unit_test_setup(test_seabios_256m, reset_out),
		cmocka_unit_test_setup(test_q35_5g, reset_out),
		cmocka_unit_test_setup(test_ram_mib_rounding, reset_out),
		cmocka_unit_test_setup(test_usable_bytes_and_top_ignore_other_types, reset_out),
		cmocka_unit_test_setup(test_missing, reset_out),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
