// SPDX-License-Identifier: BSD-2-Clause
/* test_nvme_prp.c - drivers/nvs/nvme_prp.c: PRP1, PRP2 and the PRP list (NVMe 1.4, 4.3)
 * for 1, 2, 3 and 32 pages, page offsets, the list's capacity and the errors; over
 * several physical pieces (nvme_prp_segs): the pages in order, and the layout rule. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "drivers/nvs/nvme_prp.h"
#include "common/errno.h"

#define P 4096ull
#define SENTINEL 0xCCCCCCCCCCCCCCCCull

static uint64_t list[NVME_PRP_LIST_MAX + 1] __attribute__((aligned(4096)));
static uint64_t prp1, prp2;

static int reset(void **state)
{
	(void)state;
	memset(list, 0xCC, sizeof(list));
	prp1 = prp2 = SENTINEL;
	return 0;
}

static uint64_t list_addr(void)
{
	return (uint64_t)(uintptr_t)list;
}

/* list[0..n) must be the pages after first_page; everything past it untouched. */
static void expect_list(uint64_t first_page, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (list[i] != first_page + (i + 1) * P)
			fail_msg("list[%u] = 0x%llx, want 0x%llx", i, (unsigned long long)list[i],
				 (unsigned long long)(first_page + (i + 1) * P));
	for (uint32_t i = n; i < NVME_PRP_LIST_MAX + 1; i++)
		if (list[i] != SENTINEL)
			fail_msg("list[%u] written (0x%llx)", i, (unsigned long long)list[i]);
}

static void test_one_page(void **state)
{
	(void)state;
	assert_int_equal(nvme_prp_build(0x200000, 4096, &prp1, &prp2, list, NVME_PRP_LIST_MAX), 0);
	assert_int_equal(prp1, 0x200000);
	assert_int_equal(prp2, 0);
	expect_list(0, 0);
}

static void test_less_than_a_page(void **state)
{
	(void)state;
	assert_int_equal(nvme_prp_build(0x200000, 512, &prp1, &prp2, list, NVME_PRP_LIST_MAX), 0);
	assert_int_equal(prp1, 0x200000);
	assert_int_equal(prp2, 0);
	expect_list(0, 0);
}

static void test_two_pages(void **state)
{
	(void)state;
	assert_int_equal(nvme_prp_build(0x340000, 8192, &prp1, &prp2, list, NVME_PRP_LIST_MAX), 0);
	assert_int_equal(prp1, 0x340000);
	assert_int_equal(prp2, 0x341000);   /* the second page itself, no list */
	expect_list(0, 0);
}

static void test_three_pages_list(void **state)
{
	(void)state;
	assert_int_equal(nvme_prp_build(0x340000, 3 * 4096, &prp1, &prp2, list, NVME_PRP_LIST_MAX), 0);
	assert_int_equal(prp1, 0x340000);
	assert_int_equal(prp2, list_addr());
	assert_int_equal(list[0], 0x341000);
	assert_int_equal(list[1], 0x342000);
	expect_list(0x340000, 2);
}

static void test_32_pages(void **state)
{
	(void)state;
	assert_int_equal(nvme_prp_build(0x300000, 32 * 4096, &prp1, &prp2, list, NVME_PRP_LIST_MAX), 0);
	assert_int_equal(prp1, 0x300000);
	assert_int_equal(prp2, list_addr());
	assert_int_equal(list[0], 0x301000);
	assert_int_equal(list[30], 0x31F000);
	expect_list(0x300000, 31);
}

static void test_above_4g(void **state)
{
	(void)state;
	assert_int_equal(nvme_prp_build(0x1FFFFF000ull, 3 * 4096, &prp1, &prp2, list, NVME_PRP_LIST_MAX), 0);
	assert_int_equal(prp1, 0x1FFFFF000ull);
	assert_int_equal(prp2, list_addr());
	assert_int_equal(list[0], 0x200000000ull);
	assert_int_equal(list[1], 0x200001000ull);
	expect_list(0x1FFFFF000ull, 2);
}

/* PRP1 keeps the offset; the bytes past the first page's end decide the page count. */
static void test_unaligned_one_page(void **state)
{
	(void)state;
	assert_int_equal(nvme_prp_build(0x200800, 2048, &prp1, &prp2, list, NVME_PRP_LIST_MAX), 0);
	assert_int_equal(prp1, 0x200800);
	assert_int_equal(prp2, 0);
	expect_list(0, 0);
}

static void test_unaligned_two_pages(void **state)
{
	(void)state;
	assert_int_equal(nvme_prp_build(0x200200, 4096, &prp1, &prp2, list, NVME_PRP_LIST_MAX), 0);
	assert_int_equal(prp1, 0x200200);
	assert_int_equal(prp2, 0x201000);   /* page aligned */
	expect_list(0, 0);
}

static void test_unaligned_list(void **state)
{
	(void)state;
	/* 0x200FFC + 8 KiB touches pages 0x200000, 0x201000 and 0x202000 */
	assert_int_equal(nvme_prp_build(0x200FFC, 8192, &prp1, &prp2, list, NVME_PRP_LIST_MAX), 0);
	assert_int_equal(prp1, 0x200FFC);
	assert_int_equal(prp2, list_addr());
	assert_int_equal(list[0], 0x201000);
	assert_int_equal(list[1], 0x202000);
	expect_list(0x200000, 2);
}

static void test_unaligned_32_pages_needs_33(void **state)
{
	(void)state;
	assert_int_equal(nvme_prp_build(0x300010, 32 * 4096, &prp1, &prp2, list, NVME_PRP_LIST_MAX), 0);
	assert_int_equal(prp1, 0x300010);
	assert_int_equal(prp2, list_addr());
	assert_int_equal(list[31], 0x320000);
	expect_list(0x300000, 32);
}

static void test_list_exactly_full(void **state)
{
	(void)state;
	assert_int_equal(nvme_prp_build(0x400000, 5 * 4096, &prp1, &prp2, list, 4), 0);
	assert_int_equal(prp2, list_addr());
	expect_list(0x400000, 4);
	/* the whole page: 512 entries, 513 pages (2 MiB + 4 KiB) */
	reset(state);
	assert_int_equal(nvme_prp_build(0x1000000, 513 * 4096, &prp1, &prp2, list, NVME_PRP_LIST_MAX), 0);
	assert_int_equal(list[511], 0x1000000 + 512 * P);
	expect_list(0x1000000, 512);
}

static void expect_rejected(uint64_t buf, uint32_t bytes, uint32_t list_max)
{
	reset(NULL);
	assert_int_equal(nvme_prp_build(buf, bytes, &prp1, &prp2, list, list_max), -EINVAL);
	assert_int_equal(prp1, SENTINEL);
	assert_int_equal(prp2, SENTINEL);
	expect_list(0, 0);
}

static void test_zero_bytes(void **state)
{
	(void)state;
	expect_rejected(0x200000, 0, NVME_PRP_LIST_MAX);
}

static void test_too_many_pages(void **state)
{
	(void)state;
	expect_rejected(0x400000, 6 * 4096, 4);                 /* 5 entries, room for 4 */
	expect_rejected(0x400010, 5 * 4096, 4);                 /* the offset makes it 6 pages */
	expect_rejected(0x400000, 3 * 4096, 0);                 /* no list at all */
	expect_rejected(0x1000000, 514 * 4096, NVME_PRP_LIST_MAX);  /* past one list page */
	expect_rejected(0x1000000, 514 * 4096, NVME_PRP_LIST_MAX + 1);  /* capped at one page */
	expect_rejected(0x1000000, 0xFFFFF000u, NVME_PRP_LIST_MAX);
}

static void test_no_list_needed_with_list_max_0(void **state)
{
	(void)state;
	assert_int_equal(nvme_prp_build(0x200000, 8192, &prp1, &prp2, list, 0), 0);
	assert_int_equal(prp2, 0x201000);
	expect_list(0, 0);
}

static void test_not_dword_aligned(void **state)
{
	(void)state;
	expect_rejected(0x200001, 4096, NVME_PRP_LIST_MAX);
	expect_rejected(0x200002, 512, NVME_PRP_LIST_MAX);
}

static void test_max_bytes_no_overflow(void **state)
{
	(void)state;
	/* 4 GiB - 4 KiB at offset 0xFFC: the page count must not wrap to a small number */
	expect_rejected(0x200FFC, 0xFFFFF000u, NVME_PRP_LIST_MAX);
}

/* Two pieces, the first with an offset: PRP1 carries it, the list holds the rest. */
static void test_segs_two_pieces_list(void **state)
{
	(void)state;
	const struct nvs_seg seg[2] = { { 0x300010, 0x1FF0 }, { 0x800000, 0x1010 } };
	assert_int_equal(nvme_prp_segs(seg, 2, &prp1, &prp2, list, NVME_PRP_LIST_MAX), 0);
	assert_int_equal(prp1, 0x300010);
	assert_int_equal(prp2, list_addr());
	assert_int_equal(list[0], 0x301000);
	assert_int_equal(list[1], 0x800000);
	assert_int_equal(list[2], 0x801000);
	assert_int_equal(list[3], SENTINEL);
}

/* Two pages in two pieces: the second piece's page is PRP2, no list. */
static void test_segs_two_pages(void **state)
{
	(void)state;
	const struct nvs_seg seg[2] = { { 0x300000, 0x1000 }, { 0x900000, 0x1000 } };
	assert_int_equal(nvme_prp_segs(seg, 2, &prp1, &prp2, list, NVME_PRP_LIST_MAX), 0);
	assert_int_equal(prp1, 0x300000);
	assert_int_equal(prp2, 0x900000);
	expect_list(0, 0);
}

/* A first piece inside its page, the next on a page: PRP2 is that page. */
static void test_segs_short_first(void **state)
{
	(void)state;
	const struct nvs_seg seg[3] = { { 0x300F00, 0x100 }, { 0x500000, 0x1000 }, { 0x700000, 0xF00 } };
	assert_int_equal(nvme_prp_segs(seg, 3, &prp1, &prp2, list, NVME_PRP_LIST_MAX), 0);
	assert_int_equal(prp1, 0x300F00);
	assert_int_equal(prp2, list_addr());
	assert_int_equal(list[0], 0x500000);
	assert_int_equal(list[1], 0x700000);
	assert_int_equal(list[2], SENTINEL);
}

static void expect_segs_rejected(const struct nvs_seg *seg, uint32_t n)
{
	reset(NULL);
	assert_int_equal(nvme_prp_segs(seg, n, &prp1, &prp2, list, NVME_PRP_LIST_MAX), -EINVAL);
	assert_int_equal(prp1, SENTINEL);
	assert_int_equal(prp2, SENTINEL);
	expect_list(0, 0);
}

static void test_segs_layout_rule(void **state)
{
	(void)state;
	const struct nvs_seg mid_start[2] = { { 0x300000, 0x1000 }, { 0x800010, 0x1000 } };
	const struct nvs_seg mid_end[2] = { { 0x300000, 0x1800 }, { 0x800000, 0x800 } };
	const struct nvs_seg empty[2] = { { 0x300000, 0x1000 }, { 0x800000, 0 } };
	const struct nvs_seg odd[1] = { { 0x300002, 0x1000 } };
	expect_segs_rejected(mid_start, 2);
	expect_segs_rejected(mid_end, 2);
	expect_segs_rejected(empty, 2);
	expect_segs_rejected(odd, 1);
	expect_segs_rejected(odd, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_one_page, reset),
		cmocka_unit_test_setup(test_less_than_a_page, reset),
		cmocka_unit_test_setup(test_two_pages, reset),
		cmocka_unit_test_setup(test_three_pages_list, reset),
		cmocka_unit_test_setup(test_32_pages, reset),
		cmocka_unit_test_setup(test_above_4g, reset),
		cmocka_unit_test_setup(test_unaligned_one_page, reset),
		cmocka_unit_test_setup(test_unaligned_two_pages, reset),
		cmocka_unit_test_setup(test_unaligned_list, reset),
		cmocka_unit_test_setup(test_unaligned_32_pages_needs_33, reset),
		cmocka_unit_test_setup(test_list_exactly_full, reset),
		cmocka_unit_test_setup(test_zero_bytes, reset),
		cmocka_unit_test_setup(test_too_many_pages, reset),
		cmocka_unit_test_setup(test_no_list_needed_with_list_max_0, reset),
		cmocka_unit_test_setup(test_not_dword_aligned, reset),
		cmocka_unit_test_setup(test_max_bytes_no_overflow, reset),
		cmocka_unit_test_setup(test_segs_two_pieces_list, reset),
		cmocka_unit_test_setup(test_segs_two_pages, reset),
		cmocka_unit_test_setup(test_segs_short_first, reset),
		cmocka_unit_test_setup(test_segs_layout_rule, reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
