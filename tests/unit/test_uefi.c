// SPDX-License-Identifier: BSD-2-Clause
/* test_uefi.c - boot/uefi/handoff.c: EFI map to E820, ExitBootServices retry, payload check, GOP mode pick. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/memmap_expect.h"

#include "boot/uefi/handoff.h"

#define D(t, b, len) { .type = (t), .physical_start = (b), .virtual_start = 0, \
		       .pages = (len) >> 12, .attribute = 0xF }
#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

#define STRIDE 48       /* the DescriptorSize OVMF reports: larger than the 40-byte struct */
#define PAD 0xA5        /* fills the bytes between descriptors */

#define OUT_MAX 64
static struct memmap_entry out[OUT_MAX];
static union {
	uint8_t b[64 * 64];
	uint64_t align;
} map;

static int reset_out(void **state)
{
	(void)state;
	memset(out, 0xCC, sizeof(out));
	memset(map.b, PAD, sizeof(map.b));
	return 0;
}

/* Places d[0..n) at i * stride in map.b, padding in between; returns the map size. */
static size_t build_map(const struct efi_memory_descriptor *d, int n, size_t stride)
{
	assert_true((size_t)n * stride <= sizeof(map.b));
	memset(map.b, PAD, sizeof(map.b));
	for (int i = 0; i < n; i++)
		memcpy(map.b + (size_t)i * stride, &d[i], sizeof(d[i]));
	return (size_t)n * stride;
}

/* ---- efi_type_to_e820 ----------------------------------------------------------------- */

static void test_type_to_e820(void **state)
{
	(void)state;
	static const uint32_t exp[15] = {
		[EFI_RESERVED] = R,
		[EFI_LOADER_CODE] = U,
		[EFI_LOADER_DATA] = U,
		[EFI_BOOT_CODE] = U,
		[EFI_BOOT_DATA] = U,
		[EFI_RUNTIME_CODE] = R,
		[EFI_RUNTIME_DATA] = R,
		[EFI_CONVENTIONAL] = U,
		[EFI_UNUSABLE] = BAD,
		[EFI_ACPI_RECLAIM] = A,
		[EFI_ACPI_NVS] = N,
		[EFI_MMIO] = R,
		[EFI_MMIO_PORT] = R,
		[EFI_PAL_CODE] = R,
		[EFI_PERSISTENT] = U,
	};
	assert_int_equal(EFI_PERSISTENT, 14);
	for (uint32_t t = 0; t < 15; t++)
		if (efi_type_to_e820(t) != exp[t])
			fail_msg("EFI type %u: got E820 type %u, want %u", t, efi_type_to_e820(t), exp[t]);
}

static void test_type_to_e820_out_of_range(void **state)
{
	(void)state;
	assert_int_equal(efi_type_to_e820(15), R);           /* unaccepted memory (UEFI 2.9+) */
	assert_int_equal(efi_type_to_e820(0x70000000u), R);  /* OEM */
	assert_int_equal(efi_type_to_e820(0x80000000u), R);  /* OS loader defined */
	assert_int_equal(efi_type_to_e820(0xFFFFFFFFu), R);
}

/* ---- efi_memmap_to_e820 --------------------------------------------------------------- */

static void test_ovmf_q35_256m(void **state)
{
	(void)state;
	/* OVMF, QEMU q35, -m 256, as GetMemoryMap returns it just before ExitBootServices. */
	static const struct efi_memory_descriptor in[] = {
		D(EFI_CONVENTIONAL, 0x0, 0xA0000),
		D(EFI_CONVENTIONAL, 0xA0000, 0),              /* zero pages */
		D(EFI_BOOT_DATA, 0x100000, 0x706000),
		D(EFI_ACPI_NVS, 0x806000, 0x2000),
		D(EFI_CONVENTIONAL, 0x808000, 0x8000),
		D(EFI_ACPI_NVS, 0x810000, 0xF0000),
		D(EFI_CONVENTIONAL, 0x900000, 0x700000),
		D(EFI_LOADER_CODE, 0x1000000, 0x20000),
		D(EFI_ACPI_NVS, 0x1020000, 0),                /* zero pages: must not split usable */
		D(EFI_CONVENTIONAL, 0x1020000, 0xBFE0000),
		D(EFI_BOOT_CODE, 0xD000000, 0x200000),
		D(EFI_BOOT_DATA, 0xD200000, 0x1800000),
		D(EFI_LOADER_DATA, 0xEA00000, 0x8A000),
		D(EFI_RUNTIME_DATA, 0xEA8A000, 0x102000),
		D(EFI_RUNTIME_CODE, 0xEB8C000, 0x100000),
		D(EFI_BOOT_DATA, 0xEC8C000, 0x2F4000),
		D(EFI_ACPI_RECLAIM, 0xEF80000, 0x10000),
		D(EFI_ACPI_NVS, 0xEF90000, 0x70000),
		D(EFI_BOOT_DATA, 0xF000000, 0xFE0000),
		D(EFI_RESERVED, 0xFFE0000, 0x10000),
		D(EFI_RUNTIME_DATA, 0xFFF0000, 0x10000),
		D(EFI_MMIO, 0xB0000000, 0x10000000),          /* PCIe ECAM */
		D(EFI_MMIO, 0xFFC00000, 0x400000),            /* flash */
	};
	static const struct memmap_entry exp[] = {
		E(0x0, 0xA0000, U),
		E(0x100000, 0x706000, U),
		E(0x806000, 0x2000, N),
		E(0x808000, 0x8000, U),
		E(0x810000, 0xF0000, N),
		E(0x900000, 0xE18A000, U),      /* conventional, loader, boot services, loader */
		E(0xEA8A000, 0x202000, R),      /* runtime data + runtime code */
		E(0xEC8C000, 0x2F4000, U),
		E(0xEF80000, 0x10000, A),
		E(0xEF90000, 0x70000, N),
		E(0xF000000, 0xFE0000, U),
		E(0xFFE0000, 0x20000, R),       /* reserved + runtime data */
	};
	size_t size = build_map(in, COUNT(in), STRIDE);
	uint64_t rt = 0x1000;
	int n = efi_memmap_to_e820(map.b, size, STRIDE, out, OUT_MAX, &rt);
	expect_map(out, n, exp, COUNT(exp));
	expect_untouched(&out[n], sizeof(out) - (size_t)n * sizeof(out[0]));
	assert_int_equal(rt, 0x1000 + 0x102000 + 0x100000 + 0x10000);

	/* a second call adds again */
	n = efi_memmap_to_e820(map.b, size, STRIDE, out, OUT_MAX, &rt);
	assert_int_equal(n, COUNT(exp));
	assert_int_equal(rt, 0x1000 + 2 * (0x102000 + 0x100000 + 0x10000));
}

static void test_stride_equal_to_struct(void **state)
{
	(void)state;
	static const struct efi_memory_descriptor in[] = {
		D(EFI_CONVENTIONAL, 0x0, 0x9F000),
		D(EFI_RESERVED, 0x9F000, 0x1000),
		D(EFI_BOOT_DATA, 0x100000, 0x100000),
	};
	static const struct memmap_entry exp[] = {
		E(0x0, 0x9F000, U),
		E(0x9F000, 0x1000, R),
		E(0x100000, 0x100000, U),
	};
	size_t size = build_map(in, COUNT(in), sizeof(struct efi_memory_descriptor));
	uint64_t rt = 0;
	int n = efi_memmap_to_e820(map.b, size, sizeof(struct efi_memory_descriptor), out, OUT_MAX, &rt);
	expect_map(out, n, exp, COUNT(exp));
	assert_int_equal(rt, 0);
}

static void test_merge_and_gaps(void **state)
{
	(void)state;
	static const struct efi_memory_descriptor in[] = {
		D(EFI_BOOT_CODE, 0x1000, 0x1000),
		D(EFI_CONVENTIONAL, 0x2000, 0x2000),          /* adjacent, both usable: merged */
		D(EFI_CONVENTIONAL, 0x5000, 0x1000),          /* gap at 0x4000: kept apart */
		D(EFI_ACPI_RECLAIM, 0x6000, 0x1000),          /* adjacent, other type: kept apart */
		D(EFI_ACPI_RECLAIM, 0x7000, 0x1000),          /* merged */
		D(EFI_ACPI_RECLAIM, 0x9000, 0x1000),          /* gap: kept apart */
		D(EFI_MMIO, 0xA000, 0x1000),                  /* skipped, leaves a gap */
		D(EFI_ACPI_RECLAIM, 0xB000, 0x1000),          /* not adjacent to 0x9000 record */
		D(EFI_MMIO_PORT, 0xC000, 0x1000),             /* skipped */
		D(EFI_UNUSABLE, 0xD000, 0x1000),
		D(EFI_UNUSABLE, 0xE000, 0x2000),              /* merged */
		D(EFI_PERSISTENT, 0x10000, 0x1000),
		D(EFI_LOADER_DATA, 0x11000, 0x1000),          /* merged */
		D(EFI_PAL_CODE, 0x12000, 0x1000),
		D(0x70000000u, 0x13000, 0x1000),              /* OEM: reserved, merged */
		D(EFI_CONVENTIONAL, 0x14000, 0),              /* zero pages: skipped */
		D(EFI_RESERVED, 0x14000, 0x1000),             /* still merges with the previous */
	};
	static const struct memmap_entry exp[] = {
		E(0x1000, 0x3000, U),
		E(0x5000, 0x1000, U),
		E(0x6000, 0x2000, A),
		E(0x9000, 0x1000, A),
		E(0xB000, 0x1000, A),
		E(0xD000, 0x3000, BAD),
		E(0x10000, 0x2000, U),
		E(0x12000, 0x3000, R),
	};
	size_t size = build_map(in, COUNT(in), STRIDE);
	uint64_t rt = 0;
	int n = efi_memmap_to_e820(map.b, size, STRIDE, out, OUT_MAX, &rt);
	expect_map(out, n, exp, COUNT(exp));
	assert_int_equal(rt, 0);        /* reserved, PAL and OEM memory are not runtime memory */
}

static void test_runtime_bytes_accumulate(void **state)
{
	(void)state;
	static const struct efi_memory_descriptor in[] = {
		D(EFI_RUNTIME_CODE, 0x100000, 0x3000),
		D(EFI_CONVENTIONAL, 0x200000, 0x1000),
		D(EFI_RUNTIME_DATA, 0x300000, 0x5000),
		D(EFI_RUNTIME_DATA, 0x400000, 0),
		D(EFI_RESERVED, 0x500000, 0x7000),
	};
	static const struct memmap_entry exp[] = {
		E(0x100000, 0x3000, R),
		E(0x200000, 0x1000, U),
		E(0x300000, 0x5000, R),
		E(0x500000, 0x7000, R),
	};
	size_t size = build_map(in, COUNT(in), STRIDE);
	uint64_t rt = 0x123456789ull;
	int n = efi_memmap_to_e820(map.b, size, STRIDE, out, OUT_MAX, &rt);
	expect_map(out, n, exp, COUNT(exp));
	assert_int_equal(rt, 0x123456789ull + 0x8000);
}

static void test_bad_desc_size(void **state)
{
	(void)state;
	static const struct efi_memory_descriptor in[] = { D(EFI_CONVENTIONAL, 0x0, 0x1000) };
	size_t size = build_map(in, COUNT(in), STRIDE);
	uint64_t rt = 7;
	assert_int_equal(efi_memmap_to_e820(map.b, size, 39, out, OUT_MAX, &rt), -1);
	assert_int_equal(efi_memmap_to_e820(map.b, size, 32, out, OUT_MAX, &rt), -1);
	assert_int_equal(efi_memmap_to_e820(map.b, size, 0, out, OUT_MAX, &rt), -1);
	assert_int_equal(rt, 7);
	expect_untouched(out, sizeof(out));
}

static void test_partial_trailing_descriptor(void **state)
{
	(void)state;
	static const struct efi_memory_descriptor in[] = {
		D(EFI_CONVENTIONAL, 0x0, 0x1000),
		D(EFI_RESERVED, 0x1000, 0x1000),
		D(EFI_RUNTIME_DATA, 0x2000, 0x1000),
	};
	static const struct memmap_entry exp[] = {
		E(0x0, 0x1000, U),
		E(0x1000, 0x1000, R),
	};
	size_t size = build_map(in, COUNT(in), STRIDE);
	uint64_t rt = 0;
	int n = efi_memmap_to_e820(map.b, size - 1, STRIDE, out, OUT_MAX, &rt);
	expect_map(out, n, exp, COUNT(exp));
	assert_int_equal(rt, 0);
	expect_untouched(&out[n], sizeof(out) - (size_t)n * sizeof(out[0]));

	/* the last one's 40 bytes are there, its stride is not: still ignored */
	n = efi_memmap_to_e820(map.b, 2 * STRIDE + sizeof(struct efi_memory_descriptor), STRIDE,
			       out, OUT_MAX, &rt);
	expect_map(out, n, exp, COUNT(exp));
	assert_int_equal(rt, 0);

	/* less than one descriptor, and an empty map */
	assert_int_equal(efi_memmap_to_e820(map.b, STRIDE - 1, STRIDE, out, OUT_MAX, &rt), 0);
	assert_int_equal(efi_memmap_to_e820(map.b, 0, STRIDE, out, OUT_MAX, &rt), 0);
	assert_int_equal(rt, 0);
}

static void test_capacity_respected(void **state)
{
	(void)state;
	static const struct efi_memory_descriptor in[] = {
		D(EFI_CONVENTIONAL, 0x0, 0x1000),
		D(EFI_RESERVED, 0x1000, 0x1000),
		D(EFI_BOOT_CODE, 0x2000, 0x1000),
		D(EFI_BOOT_DATA, 0x3000, 0x1000),             /* merges into the full output */
		D(EFI_ACPI_NVS, 0x4000, 0x1000),              /* no room */
		D(EFI_CONVENTIONAL, 0x5000, 0x1000),
	};
	static const struct memmap_entry exp[] = {
		E(0x0, 0x1000, U),
		E(0x1000, 0x1000, R),
		E(0x2000, 0x2000, U),
	};
	struct {
		struct memmap_entry m[3];
		uint8_t canary[256];
	} buf;
	size_t size = build_map(in, COUNT(in), STRIDE);
	uint64_t rt = 0;
	memset(&buf, 0xCC, sizeof(buf));
	int n = efi_memmap_to_e820(map.b, size, STRIDE, buf.m, 3, &rt);
	assert_int_equal(n, 3);
	expect_map(buf.m, n, exp, COUNT(exp));
	expect_untouched(buf.canary, sizeof(buf.canary));

	memset(&buf, 0xCC, sizeof(buf));
	assert_int_equal(efi_memmap_to_e820(map.b, size, STRIDE, buf.m, 0, &rt), 0);
	expect_untouched(&buf, sizeof(buf));
}

/* ---- efi_exit_boot_services_retry ------------------------------------------------------ */

#define SCRIPT 16
struct ctx {
	int get_calls, exit_calls;
	int get_result[SCRIPT];         /* per call; 0 unless set */
	int exit_result[SCRIPT];        /* per call; exit_default beyond the script */
	int exit_default;
	uint64_t exit_key[SCRIPT];      /* the key each exit_bs call received */
};

static uint64_t key_for(int call)
{
	return 0x1000 + (uint64_t)call * 0x111;
}

static int mock_get_map(void *p, uint64_t *key)
{
	struct ctx *c = p;
	int i = c->get_calls++;
	assert_true(i < SCRIPT);
	if (c->get_result[i])
		return c->get_result[i];
	*key = key_for(i);
	return 0;
}

static int mock_exit_bs(void *p, uint64_t key)
{
	struct ctx *c = p;
	int i = c->exit_calls++;
	assert_true(i < SCRIPT);
	c->exit_key[i] = key;
	return c->exit_result[i] ? c->exit_result[i] : c->exit_default;
}

static void test_exit_first_try(void **state)
{
	(void)state;
	struct ctx c = { 0 };
	assert_int_equal(efi_exit_boot_services_retry(mock_get_map, mock_exit_bs, &c, 4), 0);
	assert_int_equal(c.get_calls, 1);
	assert_int_equal(c.exit_calls, 1);
	assert_int_equal(c.exit_key[0], key_for(0));
}

static void test_exit_stale_once(void **state)
{
	(void)state;
	struct ctx c = { .exit_result = { EFI_HANDOFF_STALE_KEY } };
	assert_int_equal(efi_exit_boot_services_retry(mock_get_map, mock_exit_bs, &c, 4), 0);
	assert_int_equal(c.get_calls, 2);
	assert_int_equal(c.exit_calls, 2);
	assert_int_equal(c.exit_key[0], key_for(0));
	assert_int_equal(c.exit_key[1], key_for(1));  /* the fresh key, not the stale one */
}

static void test_exit_stale_always(void **state)
{
	(void)state;
	for (int tries = 1; tries <= 5; tries++) {
		struct ctx c = { .exit_default = EFI_HANDOFF_STALE_KEY };
		assert_true(efi_exit_boot_services_retry(mock_get_map, mock_exit_bs, &c, tries) < 0);
		assert_int_equal(c.get_calls, tries);
		assert_int_equal(c.exit_calls, tries);
		for (int i = 0; i < tries; i++)
			assert_int_equal(c.exit_key[i], key_for(i));
	}
}

static void test_exit_hard_failure(void **state)
{
	(void)state;
	static const int hard[] = { -1, 2, 3, 0x7FFFFFFF, -0x7FFFFFFF - 1 };
	for (int k = 0; k < COUNT(hard); k++) {
		struct ctx c = { .exit_default = hard[k] };
		assert_true(efi_exit_boot_services_retry(mock_get_map, mock_exit_bs, &c, 4) < 0);
		assert_int_equal(c.get_calls, 1);
		assert_int_equal(c.exit_calls, 1);
	}

	/* a hard failure after a stale key stops there too */
	struct ctx c = { .exit_result = { EFI_HANDOFF_STALE_KEY, 2 } };
	assert_true(efi_exit_boot_services_retry(mock_get_map, mock_exit_bs, &c, 4) < 0);
	assert_int_equal(c.get_calls, 2);
	assert_int_equal(c.exit_calls, 2);
}

static void test_exit_get_map_fails(void **state)
{
	(void)state;
	struct ctx c = { .get_result = { -1 } };
	assert_true(efi_exit_boot_services_retry(mock_get_map, mock_exit_bs, &c, 4) < 0);
	assert_int_equal(c.get_calls, 1);
	assert_int_equal(c.exit_calls, 0);

	/* failing on the retry: the stale key is not reused */
	struct ctx c2 = { .get_result = { 0, -5 }, .exit_result = { EFI_HANDOFF_STALE_KEY } };
	assert_true(efi_exit_boot_services_retry(mock_get_map, mock_exit_bs, &c2, 4) < 0);
	assert_int_equal(c2.get_calls, 2);
	assert_int_equal(c2.exit_calls, 1);
}

static void test_exit_zero_tries(void **state)
{
	(void)state;
	struct ctx c = { 0 };
	assert_true(efi_exit_boot_services_retry(mock_get_map, mock_exit_bs, &c, 0) < 0);
	assert_int_equal(c.get_calls, 0);
	assert_int_equal(c.exit_calls, 0);
	assert_true(efi_exit_boot_services_retry(mock_get_map, mock_exit_bs, &c, -1) < 0);
	assert_int_equal(c.get_calls, 0);
	assert_int_equal(c.exit_calls, 0);
}

/* ---- efi_payload_check ------------------------------------------------------------------ */

#define PAYLOAD_MAX (3 * PAYLOAD_SLOT)
static uint8_t payload[PAYLOAD_MAX];

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v & 0xFF;
	p[1] = (v >> 8) & 0xFF;
	p[2] = (v >> 16) & 0xFF;
	p[3] = v >> 24;
}

/* A loader slot with the header filled in; everything else 0x90. */
static void make_payload(uint32_t magic, uint32_t ksize, uint32_t asize)
{
	memset(payload, 0x90, sizeof(payload));
	put32(payload + 0, 0x0000EBFE);
	put32(payload + 4, magic);
	put32(payload + 8, ksize);
	put32(payload + 12, asize);
	memset(payload + 16, 0, 48);   /* the rest of the 64-byte header: no program-form one */
}

/* A program for program memory: its file bytes at 0x20 (boot/stage/layout.h). */
static void set_prog_file(uint64_t bytes)
{
	put32(payload + 0x20, (uint32_t)bytes);
	put32(payload + 0x24, (uint32_t)(bytes >> 32));
}

static void test_payload_program_form(void **state)
{
	(void)state;
	make_payload(0x4C434D42u, 0x2000, 0);
	set_prog_file(0x1000);
	assert_null(efi_payload_check(payload, 2 * PAYLOAD_SLOT + 0x1000));
	assert_non_null(efi_payload_check(payload, 2 * PAYLOAD_SLOT + 0xFFF));   /* truncated */
	assert_non_null(efi_payload_check(payload, PAYLOAD_SLOT + 0x2000));      /* none of it */
	set_prog_file(1ULL << 40);                                               /* far past the end */
	assert_non_null(efi_payload_check(payload, PAYLOAD_MAX));
	make_payload(0x4C434D42u, 0x2000, 0x100);                                /* and a payload too */
	set_prog_file(0x100);
	assert_non_null(efi_payload_check(payload, PAYLOAD_MAX));
}

#define MAGIC 0x4C434D42u       /* "BMCL" */

static void test_payload_valid(void **state)
{
	(void)state;
	make_payload(MAGIC, 0x2000, 0x1000);
	assert_memory_equal(payload + 4, "BMCL", 4);
	assert_null(efi_payload_check(payload, 2 * PAYLOAD_SLOT + 0x1000));
	assert_null(efi_payload_check(payload, PAYLOAD_MAX));           /* longer is fine */

	/* no program: the kernel's end is enough */
	make_payload(MAGIC, 0x2000, 0);
	assert_null(efi_payload_check(payload, PAYLOAD_SLOT + 0x2000));

	/* the largest kernel and program */
	make_payload(MAGIC, PAYLOAD_SLOT, 2 * PAYLOAD_SLOT);
	static uint8_t big[4 * PAYLOAD_SLOT];
	memcpy(big, payload, 16);
	assert_null(efi_payload_check(big, sizeof(big)));
}

static void test_payload_too_short(void **state)
{
	(void)state;
	make_payload(MAGIC, 16, 0);
	assert_null(efi_payload_check(payload, PAYLOAD_SLOT + 16));
	assert_non_null(efi_payload_check(payload, PAYLOAD_SLOT + 15));
	assert_non_null(efi_payload_check(payload, PAYLOAD_SLOT));
	assert_non_null(efi_payload_check(payload, 16));
	assert_non_null(efi_payload_check(payload, 0));
}

static void test_payload_bad_magic(void **state)
{
	(void)state;
	static const uint32_t bad[] = { 0, 0x424D434Cu /* big-endian */, MAGIC ^ 1, MAGIC ^ 0x80000000u };
	for (int i = 0; i < COUNT(bad); i++) {
		make_payload(bad[i], 0x2000, 0x1000);
		assert_non_null(efi_payload_check(payload, PAYLOAD_MAX));
	}
	/* the magic at offset 0 instead of 4 */
	make_payload(0, 0x2000, 0);
	put32(payload, MAGIC);
	assert_non_null(efi_payload_check(payload, PAYLOAD_MAX));
}

static void test_payload_bad_kernel(void **state)
{
	(void)state;
	make_payload(MAGIC, 0, 0);
	assert_non_null(efi_payload_check(payload, PAYLOAD_MAX));
	make_payload(MAGIC, PAYLOAD_SLOT + 1, 0);
	assert_non_null(efi_payload_check(payload, PAYLOAD_MAX));
	make_payload(MAGIC, 0xFFFFFFFFu, 0);
	assert_non_null(efi_payload_check(payload, PAYLOAD_MAX));
	make_payload(MAGIC, 0x2000, 0);
	assert_non_null(efi_payload_check(payload, PAYLOAD_SLOT + 0x2000 - 1));
	make_payload(MAGIC, PAYLOAD_SLOT, 0);
	assert_non_null(efi_payload_check(payload, 2 * PAYLOAD_SLOT - 1));
	assert_null(efi_payload_check(payload, 2 * PAYLOAD_SLOT));
}

static void test_payload_bad_app(void **state)
{
	(void)state;
	static uint8_t big[5 * PAYLOAD_SLOT];
	make_payload(MAGIC, 0x2000, 2 * PAYLOAD_SLOT + 1);
	memcpy(big, payload, 16);
	assert_non_null(efi_payload_check(big, sizeof(big)));
	make_payload(MAGIC, 0x2000, 0xFFFFFFFFu);
	memcpy(big, payload, 16);
	assert_non_null(efi_payload_check(big, sizeof(big)));

	/* present but truncated */
	make_payload(MAGIC, 0x2000, 0x1000);
	assert_non_null(efi_payload_check(payload, 2 * PAYLOAD_SLOT + 0x1000 - 1));
	assert_non_null(efi_payload_check(payload, 2 * PAYLOAD_SLOT));
	assert_non_null(efi_payload_check(payload, PAYLOAD_SLOT + 0x2000));
}

static void test_payload_null(void **state)
{
	(void)state;
	assert_non_null(efi_payload_check(NULL, PAYLOAD_MAX));
	assert_non_null(efi_payload_check(NULL, 0));
}

/* ---- gop_pick_mode ----------------------------------------------------------------------- */

static void test_gop_largest_fitting(void **state)
{
	(void)state;
	static const struct gop_mode m[] = {
		{ 640, 480, 1 },
		{ 800, 600, 1 },
		{ 1024, 768, 1 },
		{ 1920, 1080, 1 },
		{ 1280, 1024, 1 },
		{ 2560, 1440, 1 },
		{ 3840, 2160, 2 },
	};
	assert_int_equal(gop_pick_mode(m, COUNT(m)), 3);
	assert_int_equal(gop_pick_mode(m, 3), 2);           /* n is honoured */
	assert_int_equal(gop_pick_mode(m, 1), 0);
}

static void test_gop_formats(void **state)
{
	(void)state;
	static const struct gop_mode m[] = {
		{ 1024, 768, 1 },
		{ 1920, 1080, 2 },      /* bitmask */
		{ 1600, 900, 3 },       /* blt only */
		{ 1280, 800, 7 },
	};
	assert_int_equal(gop_pick_mode(m, COUNT(m)), 0);
	static const struct gop_mode rgb[] = { { 800, 600, 1 }, { 1280, 720, 0 } };
	assert_int_equal(gop_pick_mode(rgb, COUNT(rgb)), 1);
	static const struct gop_mode bgr[] = { { 800, 600, 0 }, { 1280, 720, 1 } };
	assert_int_equal(gop_pick_mode(bgr, COUNT(bgr)), 1);
}

static void test_gop_limits(void **state)
{
	(void)state;
	static const struct gop_mode m[] = {
		{ 2560, 1440, 0 },
		{ 1280, 1024, 0 },
		{ 1921, 1080, 0 },
		{ 1920, 1081, 0 },
		{ 4096, 100, 0 },       /* small area, too wide */
		{ 100, 2048, 0 },       /* small area, too tall */
	};
	assert_int_equal(gop_pick_mode(m, COUNT(m)), 1);
}

static void test_gop_none(void **state)
{
	(void)state;
	static const struct gop_mode m[] = {
		{ 2560, 1440, 1 },
		{ 800, 600, 2 },
		{ 1024, 768, 3 },
	};
	assert_int_equal(gop_pick_mode(m, COUNT(m)), -1);
	static const struct gop_mode ok[] = { { 800, 600, 1 } };
	assert_int_equal(gop_pick_mode(ok, 0), -1);
	assert_int_equal(gop_pick_mode(ok, -1), -1);
}

static void test_gop_tie_keeps_first(void **state)
{
	(void)state;
	static const struct gop_mode m[] = {
		{ 640, 480, 0 },
		{ 1200, 400, 1 },       /* 480000 */
		{ 800, 600, 0 },        /* 480000 too */
		{ 600, 800, 1 },
	};
	assert_int_equal(gop_pick_mode(m, COUNT(m)), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_type_to_e820),
		cmocka_unit_test(test_type_to_e820_out_of_range),
		cmocka_unit_test_setup(test_ovmf_q35_256m, reset_out),
		cmocka_unit_test_setup(test_stride_equal_to_struct, reset_out),
		cmocka_unit_test_setup(test_merge_and_gaps, reset_out),
		cmocka_unit_test_setup(test_runtime_bytes_accumulate, reset_out),
		cmocka_unit_test_setup(test_bad_desc_size, reset_out),
		cmocka_unit_test_setup(test_partial_trailing_descriptor, reset_out),
		cmocka_unit_test_setup(test_capacity_respected, reset_out),
		cmocka_unit_test(test_exit_first_try),
		cmocka_unit_test(test_exit_stale_once),
		cmocka_unit_test(test_exit_stale_always),
		cmocka_unit_test(test_exit_hard_failure),
		cmocka_unit_test(test_exit_get_map_fails),
		cmocka_unit_test(test_exit_zero_tries),
		cmocka_unit_test(test_payload_valid),
		cmocka_unit_test(test_payload_program_form),
		cmocka_unit_test(test_payload_too_short),
		cmocka_unit_test(test_payload_bad_magic),
		cmocka_unit_test(test_payload_bad_kernel),
		cmocka_unit_test(test_payload_bad_app),
		cmocka_unit_test(test_payload_null),
		cmocka_unit_test(test_gop_largest_fitting),
		cmocka_unit_test(test_gop_formats),
		cmocka_unit_test(test_gop_limits),
		cmocka_unit_test(test_gop_none),
		cmocka_unit_test(test_gop_tie_keeps_first),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
