// SPDX-License-Identifier: BSD-2-Clause
/* test_acpi.c - boot/stage/acpi.c and common/acpi.c over synthetic ACPI tables in a fake
 * physical memory. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "boot/stage/acpi.h"
#include "common/errno.h"

/* ---- fake physical memory: addresses 0 .. MEM_SIZE-1 ------------------------------ */

#define MEM_SIZE 0x100000u   /* 1 MiB: covers the EBDA and the BIOS area 0xE0000-0xFFFFF */

static uint8_t mem[MEM_SIZE] __attribute__((aligned(4096)));
/* The largest length acpi.c asked to map: the loader's acpi_map checks nothing, so a wild
 * length must be refused before it gets here. */
static uint64_t map_max_len;

const void *acpi_map(uint64_t phys, uint64_t len)
{
	if (len > map_max_len)
		map_max_len = len;
	if (phys > MEM_SIZE || len > MEM_SIZE - phys)
		return NULL;   /* beyond the buffer, or phys + len wraps */
	return mem + phys;
}

static int reset_mem(void **state)
{
	(void)state;
	memset(mem, 0, sizeof(mem));
	map_max_len = 0;
	return 0;
}

static void put8(uint64_t a, uint8_t v) { mem[a] = v; }
static void put16(uint64_t a, uint16_t v) { put8(a, (uint8_t)v); put8(a + 1, (uint8_t)(v >> 8)); }
static void put32(uint64_t a, uint32_t v) { put16(a, (uint16_t)v); put16(a + 2, (uint16_t)(v >> 16)); }
static void put64(uint64_t a, uint64_t v) { put32(a, (uint32_t)v); put32(a + 4, (uint32_t)(v >> 32)); }

static uint8_t sum(uint64_t a, uint32_t len)
{
	uint8_t s = 0;
	for (uint32_t i = 0; i < len; i++)
		s = (uint8_t)(s + mem[a + i]);
	return s;
}

/* Sets the checksum byte at a + off so that bytes a .. a+len-1 sum to 0. */
static void fix_sum(uint64_t a, uint32_t len, uint32_t off)
{
	mem[a + off] = 0;
	mem[a + off] = (uint8_t)(0x100 - sum(a, len));
}

/* ---- table builders ----------------------------------------------------------------- */

#define SDT_HDR 36

static void sdt_header(uint64_t a, const char *sig, uint32_t len)
{
	memcpy(&mem[a], sig, 4);
	put32(a + 4, len);
	put8(a + 8, 1);                        /* revision */
	memcpy(&mem[a + 10], "BMCTST", 6);     /* OEM ID */
	memcpy(&mem[a + 16], "UNITTEST", 8);   /* OEM table ID */
	put32(a + 24, 1);
	memcpy(&mem[a + 28], "CMKA", 4);
	put32(a + 32, 1);
}

static void sdt_finish(uint64_t a)
{
	uint32_t len = (uint32_t)(mem[a + 4] | mem[a + 5] << 8 | mem[a + 6] << 16 | (uint32_t)mem[a + 7] << 24);
	fix_sum(a, len, 9);
}

static void make_rsdp_v1(uint64_t a, uint32_t rsdt)
{
	memcpy(&mem[a], "RSD PTR ", 8);
	memcpy(&mem[a + 9], "BMCTST", 6);
	put8(a + 15, 0);
	put32(a + 16, rsdt);
	fix_sum(a, 20, 8);
}

static void make_rsdp_v2(uint64_t a, uint32_t rsdt, uint64_t xsdt)
{
	memcpy(&mem[a], "RSD PTR ", 8);
	memcpy(&mem[a + 9], "BMCTST", 6);
	put8(a + 15, 2);
	put32(a + 16, rsdt);
	put32(a + 20, 36);
	put64(a + 24, xsdt);
	fix_sum(a, 20, 8);
	fix_sum(a, 36, 32);
}

static void make_rsdt(uint64_t a, const uint32_t *tables, int n)
{
	sdt_header(a, "RSDT", SDT_HDR + 4u * (uint32_t)n);
	for (int i = 0; i < n; i++)
		put32(a + SDT_HDR + 4u * (uint32_t)i, tables[i]);
	sdt_finish(a);
}

static void make_xsdt(uint64_t a, const uint64_t *tables, int n)
{
	sdt_header(a, "XSDT", SDT_HDR + 8u * (uint32_t)n);
	for (int i = 0; i < n; i++)
		put64(a + SDT_HDR + 8u * (uint32_t)i, tables[i]);
	sdt_finish(a);
}

/* MADT built entry by entry; madt_end() writes the length and the checksum. */
static uint64_t madt_at, madt_cur;

static void madt_begin(uint64_t a, uint32_t lapic)
{
	madt_at = a;
	madt_cur = a + 44;
	sdt_header(a, "APIC", 44);
	put32(a + 36, lapic);
	put32(a + 40, 1);                      /* PCAT_COMPAT */
}

static void madt_lapic(uint8_t uid, uint8_t id, uint32_t flags)
{
	put8(madt_cur, 0); put8(madt_cur + 1, 8);
	put8(madt_cur + 2, uid); put8(madt_cur + 3, id);
	put32(madt_cur + 4, flags);
	madt_cur += 8;
}

static void madt_x2apic(uint32_t id, uint32_t flags, uint32_t uid)
{
	put8(madt_cur, 9); put8(madt_cur + 1, 16);
	put16(madt_cur + 2, 0);
	put32(madt_cur + 4, id);
	put32(madt_cur + 8, flags);
	put32(madt_cur + 12, uid);
	madt_cur += 16;
}

static void madt_ioapic(uint8_t id, uint32_t addr, uint32_t gsi)
{
	put8(madt_cur, 1); put8(madt_cur + 1, 12);
	put8(madt_cur + 2, id); put8(madt_cur + 3, 0);
	put32(madt_cur + 4, addr);
	put32(madt_cur + 8, gsi);
	madt_cur += 12;
}

static void madt_iso(uint8_t bus, uint8_t src, uint32_t gsi, uint16_t flags)
{
	put8(madt_cur, 2); put8(madt_cur + 1, 10);
	put8(madt_cur + 2, bus); put8(madt_cur + 3, src);
	put32(madt_cur + 4, gsi);
	put16(madt_cur + 8, flags);
	madt_cur += 10;
}

static void madt_lapic_override(uint64_t addr)
{
	put8(madt_cur, 5); put8(madt_cur + 1, 12);
	put16(madt_cur + 2, 0);
	put64(madt_cur + 4, addr);
	madt_cur += 12;
}

/* Raw bytes, for malformed entries. */
static void madt_raw(const uint8_t *b, uint32_t n)
{
	memcpy(&mem[madt_cur], b, n);
	madt_cur += n;
}

static void madt_end(void)
{
	put32(madt_at + 4, (uint32_t)(madt_cur - madt_at));
	sdt_finish(madt_at);
}

static void make_hpet(uint64_t a, uint64_t addr, uint16_t min_tick)
{
	sdt_header(a, "HPET", 56);
	put32(a + 36, 0x8086A201);             /* event timer block ID */
	put8(a + 40, 0);                       /* GAS: system memory */
	put8(a + 41, 64);
	put8(a + 42, 0);
	put8(a + 43, 0);
	put64(a + 44, addr);
	put8(a + 52, 0xAA);                    /* HPET number: must not leak into the fields */
	put16(a + 53, min_tick);
	put8(a + 55, 0x55);                    /* page protection */
	sdt_finish(a);
}

struct mcfg_ent {
	uint64_t base;
	uint16_t segment;
	uint8_t start_bus, end_bus;
};

static void make_mcfg(uint64_t a, const struct mcfg_ent *e, int n)
{
	sdt_header(a, "MCFG", 44 + 16u * (uint32_t)n);
	for (int i = 0; i < n; i++) {
		uint64_t p = a + 44 + 16u * (uint32_t)i;
		put64(p, e[i].base);
		put16(p + 8, e[i].segment);
		put8(p + 10, e[i].start_bus);
		put8(p + 11, e[i].end_bus);
		put32(p + 12, 0xDEADBEEF);     /* reserved: must not be copied */
	}
	sdt_finish(a);
}

static void make_fadt(uint64_t a, uint32_t len, uint32_t dsdt, uint32_t pm1a, uint32_t pm1b,
		      uint16_t boot_arch, uint64_t x_dsdt)
{
	sdt_header(a, "FACP", len);
	put8(a + 8, 3);                        /* revision 3: ACPI 2.0 and later */
	put32(a + 36, 0x7000);                 /* FIRMWARE_CTRL */
	put32(a + 40, dsdt);
	put32(a + 64, pm1a);
	put32(a + 68, pm1b);
	put16(a + 109, boot_arch);
	put64(a + 140, x_dsdt);
	sdt_finish(a);
}

/* ---- a whole system ------------------------------------------------------------------ */

#define RSDP_AT   0xE0000u
#define RSDT_AT   0x10000u
#define XSDT_AT   0x10100u
#define MADT_AT   0x11000u
#define HPET_AT   0x12000u
#define MCFG_AT   0x13000u
#define FADT_AT   0x14000u
#define SSDT_AT   0x15000u
#define DSDT_AT   0x16000u

#define LAPIC_MADT     0xFEE00000u
#define LAPIC_OVERRIDE 0x1FEE10000ull
#define HPET_ADDR      0xFED00000ull
#define HPET_MIN_TICK  0x1234
#define PM1A_CNT       0x604u
#define PM1B_CNT       0x608u
#define BOOT_ARCH      0x0123
#define X_DSDT         0x123456789000ull

static const struct mcfg_ent sys_mcfg[2] = {
	{ 0xB0000000ull, 0, 0x00, 0xFF },
	{ 0x300000000ull, 1, 0x10, 0x7F },
};

static void build_madt(uint64_t a)
{
	madt_begin(a, LAPIC_MADT);
	madt_lapic(0, 0, 1);            /* enabled */
	madt_lapic(1, 2, 1);            /* enabled */
	madt_lapic(2, 4, 0);            /* disabled */
	madt_lapic(3, 6, 2);            /* online capable only: not enabled now */
	madt_ioapic(8, 0xFEC00000, 0);
	madt_lapic(4, 7, 3);            /* enabled and online capable */
	madt_iso(0, 0, 2, 0);
	madt_x2apic(0x100, 1, 5);       /* enabled */
	madt_x2apic(0x101, 0, 6);       /* disabled */
	madt_iso(0, 9, 9, 0x000D);
	madt_ioapic(9, 0xFEC01000, 24);
	madt_lapic_override(LAPIC_OVERRIDE);
	madt_end();
}

/* Every table the parser knows, plus an SSDT it must ignore. x_dsdt goes in FADT.X_DSDT. */
static void build_tables(uint64_t x_dsdt)
{
	build_madt(MADT_AT);
	make_hpet(HPET_AT, HPET_ADDR, HPET_MIN_TICK);
	make_mcfg(MCFG_AT, sys_mcfg, 2);
	make_fadt(FADT_AT, 276, DSDT_AT, PM1A_CNT, PM1B_CNT, BOOT_ARCH, x_dsdt);
	sdt_header(SSDT_AT, "SSDT", 40);
	sdt_finish(SSDT_AT);
}

static void build_rsdt_system(void)
{
	static const uint32_t t[] = { FADT_AT, MADT_AT, SSDT_AT, HPET_AT, MCFG_AT };
	build_tables(0);
	make_rsdt(RSDT_AT, t, 5);
	make_rsdp_v1(RSDP_AT, RSDT_AT);
}

static void build_xsdt_system(void)
{
	static const uint64_t t[] = { FADT_AT, MADT_AT, SSDT_AT, HPET_AT, MCFG_AT };
	static const uint32_t rt[] = { FADT_AT };   /* a different RSDT: must not be used */
	build_tables(X_DSDT);
	make_xsdt(XSDT_AT, t, 5);
	make_rsdt(RSDT_AT, rt, 1);
	make_rsdp_v2(RSDP_AT, RSDT_AT, XSDT_AT);
}

static struct acpi_info ai;

static void assert_all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i])
			fail_msg("byte %zu of struct acpi_info is 0x%02x, not 0", i, b[i]);
}

/* The MADT, HPET, MCFG and FADT fields of the whole system. */
static void check_system(void)
{
	assert_int_equal(ai.lapic, LAPIC_OVERRIDE);
	assert_int_equal(ai.cpu_count, 4);
	assert_int_equal(ai.apic_ids[0], 0);
	assert_int_equal(ai.apic_ids[1], 2);
	assert_int_equal(ai.apic_ids[2], 7);
	assert_int_equal(ai.apic_ids[3], 0x100);
	for (int i = 4; i < ACPI_MAX_CPUS; i++)
		assert_int_equal(ai.apic_ids[i], 0);

	assert_int_equal(ai.ioapic_count, 2);
	assert_int_equal(ai.ioapic[0].id, 8);
	assert_int_equal(ai.ioapic[0].address, 0xFEC00000);
	assert_int_equal(ai.ioapic[0].gsi_base, 0);
	assert_int_equal(ai.ioapic[0].reserved, 0);
	assert_int_equal(ai.ioapic[1].id, 9);
	assert_int_equal(ai.ioapic[1].address, 0xFEC01000);
	assert_int_equal(ai.ioapic[1].gsi_base, 24);
	assert_int_equal(ai.ioapic[1].reserved, 0);
	assert_int_equal(ai.ioapic[2].address, 0);

	assert_int_equal(ai.iso_count, 2);
	assert_int_equal(ai.iso[0].bus, 0);
	assert_int_equal(ai.iso[0].source, 0);
	assert_int_equal(ai.iso[0].gsi, 2);
	assert_int_equal(ai.iso[0].flags, 0);
	assert_int_equal(ai.iso[1].bus, 0);
	assert_int_equal(ai.iso[1].source, 9);
	assert_int_equal(ai.iso[1].gsi, 9);
	assert_int_equal(ai.iso[1].flags, 0x000D);
	assert_int_equal(ai.iso[2].gsi, 0);

	assert_int_equal(ai.hpet, HPET_ADDR);
	assert_int_equal(ai.hpet_min_tick, HPET_MIN_TICK);

	assert_int_equal(ai.mcfg_count, 2);
	assert_int_equal(ai.mcfg[0].base, 0xB0000000ull);
	assert_int_equal(ai.mcfg[0].segment, 0);
	assert_int_equal(ai.mcfg[0].start_bus, 0x00);
	assert_int_equal(ai.mcfg[0].end_bus, 0xFF);
	assert_int_equal(ai.mcfg[0].reserved, 0);
	assert_int_equal(ai.mcfg[1].base, 0x300000000ull);
	assert_int_equal(ai.mcfg[1].segment, 1);
	assert_int_equal(ai.mcfg[1].start_bus, 0x10);
	assert_int_equal(ai.mcfg[1].end_bus, 0x7F);
	assert_int_equal(ai.mcfg[1].reserved, 0);

	assert_true(ai.have_fadt);
	assert_int_equal(ai.iapc_boot_arch, BOOT_ARCH);
	assert_int_equal(ai.tables_rejected, 0);
}

/* ---- whole systems ------------------------------------------------------------------- */

static void test_full_system_rsdt(void **state)
{
	(void)state;
	build_rsdt_system();
	memset(&ai, 0xA5, sizeof(ai));
	assert_int_equal(acpi_parse(RSDP_AT, &ai), 0);
	assert_int_equal(ai.sdt, RSDT_AT);
	assert_false(ai.xsdt);
	check_system();
}

static void test_full_system_xsdt(void **state)
{
	(void)state;
	build_xsdt_system();
	memset(&ai, 0xA5, sizeof(ai));
	assert_int_equal(acpi_parse(RSDP_AT, &ai), 0);
	assert_int_equal(ai.sdt, XSDT_AT);
	assert_true(ai.xsdt);
	check_system();
}

static void test_v2_rsdp_without_xsdt_uses_rsdt(void **state)
{
	(void)state;
	static const uint32_t t[] = { FADT_AT, MADT_AT, SSDT_AT, HPET_AT, MCFG_AT };
	build_tables(0);
	make_rsdt(RSDT_AT, t, 5);
	make_rsdp_v2(RSDP_AT, RSDT_AT, 0);
	assert_int_equal(acpi_parse(RSDP_AT, &ai), 0);
	assert_int_equal(ai.sdt, RSDT_AT);
	assert_false(ai.xsdt);
	check_system();
}

/* ---- the RSDP -------------------------------------------------------------------------- */

static void test_rsdp_bad_checksum(void **state)
{
	(void)state;
	build_rsdt_system();
	mem[RSDP_AT + 8] ^= 0x01;
	memset(&ai, 0xA5, sizeof(ai));
	assert_int_equal(acpi_parse(RSDP_AT, &ai), -EINVAL);
	assert_all_zero(&ai, sizeof(ai));
}

static void test_rsdp_bad_signature(void **state)
{
	(void)state;
	build_rsdt_system();
	mem[RSDP_AT + 3] = 'X';            /* "RSX PTR " */
	fix_sum(RSDP_AT, 20, 8);
	memset(&ai, 0xA5, sizeof(ai));
	assert_int_equal(acpi_parse(RSDP_AT, &ai), -EINVAL);
	assert_all_zero(&ai, sizeof(ai));
}

static void test_rsdp_v2_bad_ext_checksum(void **state)
{
	(void)state;
	build_xsdt_system();
	mem[RSDP_AT + 32] ^= 0x40;          /* extended checksum only: the first 20 bytes still sum to 0 */
	assert_int_equal(sum(RSDP_AT, 20), 0);
	assert_false(acpi_rsdp_valid(acpi_map(RSDP_AT, 36)));
	memset(&ai, 0xA5, sizeof(ai));
	assert_int_equal(acpi_parse(RSDP_AT, &ai), -EINVAL);
	assert_all_zero(&ai, sizeof(ai));
}

static void test_rsdp_v2_xsdt_byte_covered_by_ext_checksum(void **state)
{
	(void)state;
	build_xsdt_system();
	mem[RSDP_AT + 24] ^= 0x01;          /* corrupt XSDT address: only the extended checksum sees it */
	assert_int_equal(sum(RSDP_AT, 20), 0);
	assert_int_equal(acpi_parse(RSDP_AT, &ai), -EINVAL);
}

static void test_rsdp_v2_bad_length(void **state)
{
	(void)state;
	build_xsdt_system();
	put32(RSDP_AT + 20, 20);            /* shorter than the v2 structure: an extended checksum */
	fix_sum(RSDP_AT, 20, 8);            /* over 20 bytes is then 0 like the first one */
	assert_false(acpi_rsdp_valid(acpi_map(RSDP_AT, 36)));
	assert_int_equal(acpi_parse(RSDP_AT, &ai), -EINVAL);

	reset_mem(NULL);
	build_xsdt_system();
	put32(RSDP_AT + 20, 8192);          /* absurd, though both checksums are right */
	fix_sum(RSDP_AT, 20, 8);
	fix_sum(RSDP_AT, 8192, 32);
	assert_int_equal(sum(RSDP_AT, 20), 0);
	assert_false(acpi_rsdp_valid(acpi_map(RSDP_AT, 36)));
	assert_int_equal(acpi_parse(RSDP_AT, &ai), -EINVAL);
}

static void test_rsdp_valid(void **state)
{
	(void)state;
	make_rsdp_v1(0x1000, 0x2000);
	make_rsdp_v2(0x1100, 0x2000, 0x3000);
	assert_true(acpi_rsdp_valid(acpi_map(0x1000, 20)));
	assert_true(acpi_rsdp_valid(acpi_map(0x1100, 36)));

	/* v1: checksum off by one */
	make_rsdp_v1(0x1200, 0x2000);
	mem[0x1200 + 16] ^= 0x80;
	assert_false(acpi_rsdp_valid(acpi_map(0x1200, 20)));
	/* v1: wrong signature with a correct checksum */
	make_rsdp_v1(0x1300, 0x2000);
	mem[0x1300 + 7] = '_';
	fix_sum(0x1300, 20, 8);
	assert_false(acpi_rsdp_valid(acpi_map(0x1300, 20)));
	/* v2: first checksum bad, extended fine */
	make_rsdp_v2(0x1400, 0x2000, 0x3000);
	mem[0x1400 + 8] ^= 0x01;
	fix_sum(0x1400, 36, 32);
	assert_false(acpi_rsdp_valid(acpi_map(0x1400, 36)));
	/* all zeroes */
	assert_false(acpi_rsdp_valid(acpi_map(0x1500, 36)));
}

static void test_rsdp_outside_memory(void **state)
{
	(void)state;
	memset(&ai, 0xA5, sizeof(ai));
	assert_int_equal(acpi_parse(MEM_SIZE, &ai), -EINVAL);
	assert_all_zero(&ai, sizeof(ai));
	assert_int_equal(acpi_parse(MEM_SIZE - 10, &ai), -EINVAL);
	assert_int_equal(acpi_parse(UINT64_MAX - 8, &ai), -EINVAL);
}

/* ---- the RSDT / XSDT ----------------------------------------------------------------- */

static void test_rsdt_bad_checksum(void **state)
{
	(void)state;
	build_rsdt_system();
	mem[RSDT_AT + 9] ^= 0x01;
	memset(&ai, 0xA5, sizeof(ai));
	assert_int_equal(acpi_parse(RSDP_AT, &ai), -EINVAL);
	assert_all_zero(&ai, sizeof(ai));
}

static void test_xsdt_bad_checksum(void **state)
{
	(void)state;
	build_xsdt_system();
	mem[XSDT_AT + SDT_HDR] ^= 0x01;     /* first entry */
	memset(&ai, 0xA5, sizeof(ai));
	assert_int_equal(acpi_parse(RSDP_AT, &ai), -EINVAL);
	assert_all_zero(&ai, sizeof(ai));
}

static void test_rsdt_wrong_signature(void **state)
{
	(void)state;
	build_rsdt_system();
	memcpy(&mem[RSDT_AT], "XSDT", 4);   /* an RSDP v1 must point at an RSDT */
	sdt_finish(RSDT_AT);
	assert_int_equal(acpi_parse(RSDP_AT, &ai), -EINVAL);
}

static void test_rsdt_length_too_small(void **state)
{
	(void)state;
	build_rsdt_system();
	put32(RSDT_AT + 4, 35);
	sdt_finish(RSDT_AT);
	memset(&ai, 0xA5, sizeof(ai));
	assert_int_equal(acpi_parse(RSDP_AT, &ai), -EINVAL);
	assert_all_zero(&ai, sizeof(ai));

	put32(RSDT_AT + 4, 0);
	sdt_finish(RSDT_AT);
	assert_int_equal(acpi_parse(RSDP_AT, &ai), -EINVAL);
}

static void test_rsdt_length_absurd(void **state)
{
	(void)state;
	build_rsdt_system();
	put32(RSDT_AT + 4, 0xFFFFFFF0u);    /* no checksum fix: it would have to cover 4 GiB */
	memset(&ai, 0xA5, sizeof(ai));
	assert_int_equal(acpi_parse(RSDP_AT, &ai), -EINVAL);
	assert_all_zero(&ai, sizeof(ai));
	assert_true(map_max_len <= 4096);   /* refused on its header, never mapped */

	put32(RSDT_AT + 4, (1u << 20) + 4); /* just over acpi.c's 1 MiB limit */
	assert_int_equal(acpi_parse(RSDP_AT, &ai), -EINVAL);
	assert_true(map_max_len <= 4096);
}

static void test_rsdt_past_end_of_memory(void **state)
{
	(void)state;
	static const uint32_t t[] = { MADT_AT };
	build_tables(0);
	make_rsdt(MEM_SIZE - 40, t, 1);     /* 40 bytes: exactly fits */
	make_rsdp_v1(RSDP_AT, MEM_SIZE - 40);
	assert_int_equal(acpi_parse(RSDP_AT, &ai), 0);
	assert_int_equal(ai.cpu_count, 4);

	put32(MEM_SIZE - 40 + 4, 4096);     /* now claims to run past the end */
	assert_int_equal(acpi_parse(RSDP_AT, &ai), -EINVAL);

	make_rsdp_v1(RSDP_AT, 0xFFFFFFF0u); /* RSDT pointer far outside */
	assert_int_equal(acpi_parse(RSDP_AT, &ai), -EINVAL);
}

static void test_rsdt_partial_entry_ignored(void **state)
{
	(void)state;
	static const uint32_t t[] = { HPET_AT, MADT_AT };
	build_tables(0);
	make_rsdt(RSDT_AT, t, 2);
	put32(RSDT_AT + 4, SDT_HDR + 4 + 3);  /* the second entry is cut to 3 bytes */
	sdt_finish(RSDT_AT);
	make_rsdp_v1(RSDP_AT, RSDT_AT);
	assert_int_equal(acpi_parse(RSDP_AT, &ai), 0);
	assert_int_equal(ai.hpet, HPET_ADDR);
	assert_int_equal(ai.cpu_count, 0);
	assert_int_equal(ai.tables_rejected, 0);
}

static void test_empty_rsdt(void **state)
{
	(void)state;
	make_rsdt(RSDT_AT, NULL, 0);
	make_rsdp_v1(RSDP_AT, RSDT_AT);
	memset(&ai, 0xA5, sizeof(ai));
	assert_int_equal(acpi_parse(RSDP_AT, &ai), 0);
	assert_int_equal(ai.sdt, RSDT_AT);
	assert_int_equal(ai.cpu_count, 0);
	assert_int_equal(ai.hpet, 0);
	assert_false(ai.have_fadt);
	assert_int_equal(ai.tables_rejected, 0);
}

/* ---- individual tables ----------------------------------------------------------------- */

static void test_madt_bad_checksum_skipped(void **state)
{
	(void)state;
	build_rsdt_system();
	mem[MADT_AT + 44 + 3] ^= 0x10;      /* first LAPIC's APIC ID */
	assert_int_equal(acpi_parse(RSDP_AT, &ai), 0);
	assert_int_equal(ai.tables_rejected, 1);
	assert_int_equal(ai.cpu_count, 0);
	assert_int_equal(ai.lapic, 0);
	assert_int_equal(ai.ioapic_count, 0);
	assert_int_equal(ai.iso_count, 0);
	/* the rest is still read */
	assert_int_equal(ai.hpet, HPET_ADDR);
	assert_int_equal(ai.hpet_min_tick, HPET_MIN_TICK);
	assert_int_equal(ai.mcfg_count, 2);
	assert_int_equal(ai.mcfg[1].base, 0x300000000ull);
	assert_true(ai.have_fadt);
	assert_int_equal(ai.iapc_boot_arch, BOOT_ARCH);
}

static void test_bad_checksums_counted(void **state)
{
	(void)state;
	build_xsdt_system();
	mem[HPET_AT + 44] ^= 0x01;
	mem[MCFG_AT + 44] ^= 0x01;
	mem[FADT_AT + 40] ^= 0x01;
	mem[SSDT_AT + 9] ^= 0x01;          /* unknown table: never checked, never counted */
	assert_int_equal(acpi_parse(RSDP_AT, &ai), 0);
	assert_int_equal(ai.tables_rejected, 3);
	assert_int_equal(ai.hpet, 0);
	assert_int_equal(ai.hpet_min_tick, 0);
	assert_int_equal(ai.mcfg_count, 0);
	assert_false(ai.have_fadt);
	assert_int_equal(ai.iapc_boot_arch, 0);
	assert_int_equal(ai.cpu_count, 4);   /* MADT intact */
}

static void test_table_lengths_checked(void **state)
{
	(void)state;
	build_rsdt_system();
	put32(MADT_AT + 4, 43);             /* no room for the local APIC address and flags */
	sdt_finish(MADT_AT);
	put32(HPET_AT + 4, 55);             /* min tick cut */
	sdt_finish(HPET_AT);
	put32(MCFG_AT + 4, 0xFFFFFFF0u);    /* absurd */
	put32(FADT_AT + 4, 71);             /* PM1b_CNT cut */
	sdt_finish(FADT_AT);
	assert_int_equal(acpi_parse(RSDP_AT, &ai), 0);
	assert_int_equal(ai.tables_rejected, 4);
	assert_int_equal(ai.cpu_count, 0);
	assert_int_equal(ai.lapic, 0);
	assert_int_equal(ai.hpet, 0);
	assert_int_equal(ai.mcfg_count, 0);
	assert_false(ai.have_fadt);
	assert_true(map_max_len <= 4096);   /* the absurd MCFG was never mapped whole */
}

static void test_madt_zero_length_entry(void **state)
{
	(void)state;
	static const uint8_t zero_len[8] = { 0, 0, 9, 9, 1, 0, 0, 0 };
	static const uint32_t t[] = { MADT_AT, HPET_AT };
	make_hpet(HPET_AT, HPET_ADDR, HPET_MIN_TICK);
	madt_begin(MADT_AT, LAPIC_MADT);
	madt_lapic(0, 1, 1);
	madt_ioapic(2, 0xFEC00000, 0);
	madt_raw(zero_len, sizeof(zero_len));
	madt_lapic(1, 3, 1);                /* behind the bad entry: not reached */
	madt_end();
	make_rsdt(RSDT_AT, t, 2);
	make_rsdp_v1(RSDP_AT, RSDT_AT);

	assert_int_equal(acpi_parse(RSDP_AT, &ai), 0);
	assert_int_equal(ai.tables_rejected, 0);
	assert_int_equal(ai.lapic, LAPIC_MADT);
	assert_int_equal(ai.cpu_count, 1);
	assert_int_equal(ai.apic_ids[0], 1);
	assert_int_equal(ai.apic_ids[1], 0);
	assert_int_equal(ai.ioapic_count, 1);
	assert_int_equal(ai.ioapic[0].id, 2);
	assert_int_equal(ai.hpet, HPET_ADDR);   /* the next table is still read */
}

static void test_madt_entry_length_one(void **state)
{
	(void)state;
	static const uint8_t len_one[2] = { 0, 1 };
	static const uint32_t t[] = { MADT_AT };
	madt_begin(MADT_AT, LAPIC_MADT);
	madt_lapic(0, 5, 1);
	madt_raw(len_one, sizeof(len_one));
	madt_lapic(1, 6, 1);
	madt_end();
	make_rsdt(RSDT_AT, t, 1);
	make_rsdp_v1(RSDP_AT, RSDT_AT);

	assert_int_equal(acpi_parse(RSDP_AT, &ai), 0);
	assert_int_equal(ai.cpu_count, 1);
	assert_int_equal(ai.apic_ids[0], 5);
}

static void test_madt_entry_past_end(void **state)
{
	(void)state;
	static const uint32_t t[] = { MADT_AT };
	madt_begin(MADT_AT, LAPIC_MADT);
	madt_lapic(0, 1, 1);
	madt_iso(0, 0, 2, 5);
	madt_ioapic(3, 0xFEC00000, 0);      /* will be cut to 6 of its 12 bytes */
	madt_end();
	put32(MADT_AT + 4, 44 + 8 + 10 + 6);
	sdt_finish(MADT_AT);
	make_rsdt(RSDT_AT, t, 1);
	make_rsdp_v1(RSDP_AT, RSDT_AT);

	assert_int_equal(acpi_parse(RSDP_AT, &ai), 0);
	assert_int_equal(ai.tables_rejected, 0);
	assert_int_equal(ai.cpu_count, 1);
	assert_int_equal(ai.apic_ids[0], 1);
	assert_int_equal(ai.iso_count, 1);
	assert_int_equal(ai.iso[0].gsi, 2);
	assert_int_equal(ai.iso[0].flags, 5);
	assert_int_equal(ai.ioapic_count, 0);
}

static void test_madt_single_trailing_byte(void **state)
{
	(void)state;
	static const uint8_t one = 0;
	static const uint32_t t[] = { MADT_AT };
	madt_begin(MADT_AT, LAPIC_MADT);
	madt_lapic(0, 1, 1);
	madt_raw(&one, 1);                  /* a lone type byte with no length */
	madt_end();
	make_rsdt(RSDT_AT, t, 1);
	make_rsdp_v1(RSDP_AT, RSDT_AT);

	assert_int_equal(acpi_parse(RSDP_AT, &ai), 0);
	assert_int_equal(ai.cpu_count, 1);
	assert_int_equal(ai.apic_ids[0], 1);
}

static void test_madt_short_known_entries_skipped(void **state)
{
	(void)state;
	/* Well-formed but too short for their type: ignored, and the walk goes on. */
	static const uint8_t short_x2apic[8] = { 9, 8, 0, 0, 0x44, 0, 0, 0 };
	static const uint8_t short_ioapic[6] = { 1, 6, 7, 0, 0, 0 };
	static const uint8_t short_override[4] = { 5, 4, 0, 0 };
	static const uint8_t unknown[6] = { 0x7F, 6, 1, 2, 3, 4 };
	static const uint32_t t[] = { MADT_AT };
	madt_begin(MADT_AT, LAPIC_MADT);
	madt_raw(short_x2apic, sizeof(short_x2apic));
	madt_raw(short_ioapic, sizeof(short_ioapic));
	madt_raw(short_override, sizeof(short_override));
	madt_raw(unknown, sizeof(unknown));
	madt_lapic(0, 9, 1);
	madt_end();
	make_rsdt(RSDT_AT, t, 1);
	make_rsdp_v1(RSDP_AT, RSDT_AT);

	assert_int_equal(acpi_parse(RSDP_AT, &ai), 0);
	assert_int_equal(ai.cpu_count, 1);
	assert_int_equal(ai.apic_ids[0], 9);
	assert_int_equal(ai.ioapic_count, 0);
	assert_int_equal(ai.lapic, LAPIC_MADT);
}

static void test_madt_limits(void **state)
{
	(void)state;
	static const uint32_t t[] = { MADT_AT };
	madt_begin(MADT_AT, LAPIC_MADT);
	for (int i = 0; i < ACPI_MAX_CPUS + 10; i++)
		madt_x2apic((uint32_t)i + 1000, 1, (uint32_t)i);
	for (int i = 0; i < BOOTINFO_MAX_IOAPIC + 3; i++)
		madt_ioapic((uint8_t)i, 0xFEC00000u + 0x1000u * (uint32_t)i, 24u * (uint32_t)i);
	for (int i = 0; i < BOOTINFO_MAX_INTSOURCE + 3; i++)
		madt_iso(0, (uint8_t)i, (uint32_t)i + 100, 0xF);
	madt_end();
	make_rsdt(RSDT_AT, t, 1);
	make_rsdp_v1(RSDP_AT, RSDT_AT);

	assert_int_equal(acpi_parse(RSDP_AT, &ai), 0);
	assert_int_equal(ai.cpu_count, ACPI_MAX_CPUS);
	assert_int_equal(ai.apic_ids[0], 1000);
	assert_int_equal(ai.apic_ids[ACPI_MAX_CPUS - 1], 1000 + ACPI_MAX_CPUS - 1);
	assert_int_equal(ai.ioapic_count, BOOTINFO_MAX_IOAPIC);
	assert_int_equal(ai.ioapic[BOOTINFO_MAX_IOAPIC - 1].id, BOOTINFO_MAX_IOAPIC - 1);
	assert_int_equal(ai.iso_count, BOOTINFO_MAX_INTSOURCE);
	assert_int_equal(ai.iso[BOOTINFO_MAX_INTSOURCE - 1].gsi, 100 + BOOTINFO_MAX_INTSOURCE - 1);
	assert_int_equal(ai.hpet, 0);       /* the field after the arrays is untouched */
}

static void test_mcfg_limits_and_partial(void **state)
{
	(void)state;
	struct mcfg_ent e[BOOTINFO_MAX_PCIE + 4];
	static const uint32_t t[] = { MCFG_AT };
	for (int i = 0; i < BOOTINFO_MAX_PCIE + 4; i++)
		e[i] = (struct mcfg_ent){ 0xE0000000ull + ((uint64_t)i << 28), (uint16_t)i, 0, 0xFF };
	make_mcfg(MCFG_AT, e, BOOTINFO_MAX_PCIE + 4);
	make_rsdt(RSDT_AT, t, 1);
	make_rsdp_v1(RSDP_AT, RSDT_AT);
	assert_int_equal(acpi_parse(RSDP_AT, &ai), 0);
	assert_int_equal(ai.mcfg_count, BOOTINFO_MAX_PCIE);
	assert_int_equal(ai.mcfg[BOOTINFO_MAX_PCIE - 1].segment, BOOTINFO_MAX_PCIE - 1);
	assert_int_equal(ai.mcfg[BOOTINFO_MAX_PCIE - 1].base,
			 0xE0000000ull + ((uint64_t)(BOOTINFO_MAX_PCIE - 1) << 28));

	/* a table of one entry and a half: the half is ignored */
	make_mcfg(MCFG_AT, e, 2);
	put32(MCFG_AT + 4, 44 + 16 + 15);
	sdt_finish(MCFG_AT);
	assert_int_equal(acpi_parse(RSDP_AT, &ai), 0);
	assert_int_equal(ai.mcfg_count, 1);
	assert_int_equal(ai.mcfg[0].base, 0xE0000000ull);
	assert_int_equal(ai.mcfg[1].base, 0);
}

static void test_fadt_short_revisions(void **state)
{
	(void)state;
	static const uint32_t t[] = { FADT_AT };
	make_rsdt(RSDT_AT, t, 1);
	make_rsdp_v1(RSDP_AT, RSDT_AT);

	/* 116 bytes, revision 3: IAPC_BOOT_ARCH is inside, X_DSDT is not */
	make_fadt(FADT_AT, 116, DSDT_AT, PM1A_CNT, 0, BOOT_ARCH, X_DSDT);
	assert_int_equal(acpi_parse(RSDP_AT, &ai), 0);
	assert_true(ai.have_fadt);
	assert_int_equal(ai.iapc_boot_arch, BOOT_ARCH);

	/* ACPI 1.0 FADT (revision 1, 116 bytes, as QEMU's pc machine has): byte 109 is
	 * reserved, whatever it holds; the PC-AT flags (legacy devices, an 8042) apply.
	 * Revision 2 does not define the field either (ACPI 2.0's FADT is revision 3). */
	for (uint8_t rev = 1; rev <= 2; rev++) {
		make_fadt(FADT_AT, 116, DSDT_AT, PM1A_CNT, 0, 0x0000, X_DSDT);
		put8(FADT_AT + 8, rev);
		sdt_finish(FADT_AT);
		assert_int_equal(acpi_parse(RSDP_AT, &ai), 0);
		assert_true(ai.have_fadt);
		assert_int_equal(ai.iapc_boot_arch, IAPC_BOOT_ARCH_PCAT);
		assert_int_equal(IAPC_BOOT_ARCH_PCAT, 0x0003);
		make_fadt(FADT_AT, 116, DSDT_AT, PM1A_CNT, 0, 0x0004, X_DSDT);
		put8(FADT_AT + 8, rev);
		sdt_finish(FADT_AT);
		assert_int_equal(acpi_parse(RSDP_AT, &ai), 0);
		assert_int_equal(ai.iapc_boot_arch, IAPC_BOOT_ARCH_PCAT);
	}
	/* revision 3 with the 8042 bit clear (q35,i8042=off) is taken as it is */
	make_fadt(FADT_AT, 116, DSDT_AT, PM1A_CNT, 0, 0x0001, X_DSDT);
	assert_int_equal(acpi_parse(RSDP_AT, &ai), 0);
	assert_int_equal(ai.iapc_boot_arch, 0x0001);

	/* 110 bytes: IAPC_BOOT_ARCH cut in half: the PC-AT flags */
	make_fadt(FADT_AT, 110, DSDT_AT, PM1A_CNT, PM1B_CNT, BOOT_ARCH, X_DSDT);
	assert_int_equal(acpi_parse(RSDP_AT, &ai), 0);
	assert_true(ai.have_fadt);
	assert_int_equal(ai.iapc_boot_arch, IAPC_BOOT_ARCH_PCAT);
	assert_int_equal(acpi_fadt_dsdt(&mem[FADT_AT], 110), DSDT_AT);

	/* 147 bytes: X_DSDT cut by one byte */
	make_fadt(FADT_AT, 147, DSDT_AT, PM1A_CNT, PM1B_CNT, BOOT_ARCH, X_DSDT);
	assert_int_equal(acpi_parse(RSDP_AT, &ai), 0);
	assert_int_equal(acpi_fadt_dsdt(&mem[FADT_AT], 147), DSDT_AT);

	/* 148 bytes: X_DSDT fully there */
	make_fadt(FADT_AT, 148, DSDT_AT, PM1A_CNT, PM1B_CNT, BOOT_ARCH, X_DSDT);
	assert_int_equal(acpi_parse(RSDP_AT, &ai), 0);
	assert_int_equal(acpi_fadt_dsdt(&mem[FADT_AT], 148), X_DSDT);
	assert_int_equal(ai.tables_rejected, 0);
}

static void test_table_pointers_outside_memory(void **state)
{
	(void)state;
	static const uint64_t t[] = {
		0x100000000ull,                 /* above the fake memory */
		MADT_AT,
		MEM_SIZE - 20,                  /* header runs past the end */
		UINT64_MAX - 15,                /* phys + 36 wraps */
		MEM_SIZE,                       /* exactly at the end */
		HPET_AT,
	};
	build_tables(0);
	make_xsdt(XSDT_AT, t, 6);
	make_rsdp_v2(RSDP_AT, RSDT_AT, XSDT_AT);
	assert_int_equal(acpi_parse(RSDP_AT, &ai), 0);
	assert_int_equal(ai.tables_rejected, 4);
	assert_int_equal(ai.cpu_count, 4);
	assert_int_equal(ai.hpet, HPET_ADDR);
}

static void test_table_body_past_end_of_memory(void **state)
{
	(void)state;
	/* The header fits in memory, the length it claims does not. */
	static const uint32_t t[] = { MEM_SIZE - 64, HPET_AT };
	make_hpet(HPET_AT, HPET_ADDR, HPET_MIN_TICK);
	sdt_header(MEM_SIZE - 64, "APIC", 4096);
	make_rsdt(RSDT_AT, t, 2);
	make_rsdp_v1(RSDP_AT, RSDT_AT);
	assert_int_equal(acpi_parse(RSDP_AT, &ai), 0);
	assert_int_equal(ai.tables_rejected, 1);
	assert_int_equal(ai.cpu_count, 0);
	assert_int_equal(ai.hpet, HPET_ADDR);
}

/* ---- finding the RSDP ---------------------------------------------------------------- */

static void test_find_rsdp_none(void **state)
{
	(void)state;
	assert_int_equal(acpi_find_rsdp_bios(), 0);
	put16(0x40E, 0x9FC0);               /* an EBDA with nothing in it */
	assert_int_equal(acpi_find_rsdp_bios(), 0);
}

static void test_find_rsdp_bios_area(void **state)
{
	(void)state;
	make_rsdp_v1(0xE0000 + 0x1230, RSDT_AT);
	assert_int_equal(acpi_find_rsdp_bios(), 0xE1230);
}

static void test_find_rsdp_skips_invalid(void **state)
{
	(void)state;
	make_rsdp_v1(0xE0000, RSDT_AT);
	mem[0xE0000 + 8] ^= 0xFF;           /* bad checksum */
	make_rsdp_v2(0xE0100, RSDT_AT, XSDT_AT);
	mem[0xE0100 + 32] ^= 0xFF;          /* bad extended checksum */
	make_rsdp_v2(0xF8000, RSDT_AT, XSDT_AT);
	assert_int_equal(acpi_find_rsdp_bios(), 0xF8000);
}

static void test_find_rsdp_unaligned_ignored(void **state)
{
	(void)state;
	make_rsdp_v1(0xF0008, RSDT_AT);     /* not on a 16-byte boundary */
	assert_int_equal(acpi_find_rsdp_bios(), 0);
	make_rsdp_v1(0xDFFF0, RSDT_AT);     /* below the BIOS area */
	assert_int_equal(acpi_find_rsdp_bios(), 0);
}

static void test_find_rsdp_last_slot(void **state)
{
	(void)state;
	/* The last slot whose 20 bytes lie inside the area; 0xFFFF0 is the reset vector. It is
	 * also 32 bytes from the end of the fake memory: a v1 RSDP must not be read as 36. */
	make_rsdp_v1(0xFFFE0, RSDT_AT);
	assert_int_equal(acpi_find_rsdp_bios(), 0xFFFE0);
}

static void test_find_rsdp_ebda_first(void **state)
{
	(void)state;
	put16(0x40E, 0x9FC0);               /* EBDA at 0x9FC00 */
	make_rsdp_v1(0xE0000, RSDT_AT);
	make_rsdp_v2(0x9FC00 + 0x20, RSDT_AT, XSDT_AT);
	assert_int_equal(acpi_find_rsdp_bios(), 0x9FC20);
}

static void test_find_rsdp_ebda_first_kib_only(void **state)
{
	(void)state;
	put16(0x40E, 0x9000);               /* EBDA at 0x90000 */
	make_rsdp_v1(0x90000 + 0x3E0, RSDT_AT);   /* last slot whose 20 bytes are in the first KiB */
	assert_int_equal(acpi_find_rsdp_bios(), 0x903E0);

	reset_mem(NULL);
	put16(0x40E, 0x9000);
	make_rsdp_v1(0x90000 + 0x400, RSDT_AT);   /* just past it */
	assert_int_equal(acpi_find_rsdp_bios(), 0);
	make_rsdp_v1(0xEFFF0, RSDT_AT);
	assert_int_equal(acpi_find_rsdp_bios(), 0xEFFF0);
}

static void test_find_then_parse(void **state)
{
	(void)state;
	build_xsdt_system();                /* RSDP at 0xE0000 */
	uint64_t r = acpi_find_rsdp_bios();
	assert_int_equal(r, RSDP_AT);
	assert_int_equal(acpi_parse(r, &ai), 0);
	check_system();
}

/* ---- the lookup the kernel uses (common/acpi.c) ---------------------------------------- */

static void test_find_table_through_rsdt_and_xsdt(void **state)
{
	(void)state;
	build_xsdt_system();
	assert_ptr_equal(acpi_find_table(XSDT_AT, "FACP", 72), &mem[FADT_AT]);
	assert_ptr_equal(acpi_find_table(XSDT_AT, "MCFG", 44), &mem[MCFG_AT]);
	assert_ptr_equal(acpi_find_table(RSDT_AT, "FACP", 72), &mem[FADT_AT]);
	assert_null(acpi_find_table(RSDT_AT, "APIC", 44));   /* this RSDT lists the FADT only */
	assert_null(acpi_find_table(XSDT_AT, "DSDT", 36));   /* the FADT points to it, no SDT */
	assert_null(acpi_find_table(0, "FACP", 72));
	assert_null(acpi_find_table(MADT_AT, "FACP", 72));   /* neither an RSDT nor an XSDT */
}

static void test_find_table_checks_what_it_returns(void **state)
{
	(void)state;
	build_xsdt_system();
	assert_null(acpi_find_table(XSDT_AT, "FACP", 277));  /* shorter than asked */
	mem[FADT_AT + 64] ^= 0x01;
	assert_null(acpi_find_table(XSDT_AT, "FACP", 72));   /* bad checksum */
	mem[FADT_AT + 64] ^= 0x01;
	mem[XSDT_AT + 40] ^= 0x01;
	assert_null(acpi_find_table(XSDT_AT, "FACP", 72));   /* the XSDT's own checksum */
}

static void test_fadt_dsdt(void **state)
{
	(void)state;
	build_xsdt_system();
	assert_int_equal(acpi_fadt_dsdt(&mem[FADT_AT], 276), X_DSDT);
	assert_int_equal(acpi_fadt_dsdt(&mem[FADT_AT], 147), DSDT_AT);   /* X_DSDT not covered */
	put64(FADT_AT + 140, 0);
	assert_int_equal(acpi_fadt_dsdt(&mem[FADT_AT], 276), DSDT_AT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_full_system_rsdt, reset_mem),
		cmocka_unit_test_setup(test_full_system_xsdt, reset_mem),
		cmocka_unit_test_setup(test_v2_rsdp_without_xsdt_uses_rsdt, reset_mem),
		cmocka_unit_test_setup(test_rsdp_bad_checksum, reset_mem),
		cmocka_unit_test_setup(test_rsdp_bad_signature, reset_mem),
		cmocka_unit_test_setup(test_rsdp_v2_bad_ext_checksum, reset_mem),
		cmocka_unit_test_setup(test_rsdp_v2_xsdt_byte_covered_by_ext_checksum, reset_mem),
		cmocka_unit_test_setup(test_rsdp_v2_bad_length, reset_mem),
		cmocka_unit_test_setup(test_rsdp_valid, reset_mem),
		cmocka_unit_test_setup(test_rsdp_outside_memory, reset_mem),
		cmocka_unit_test_setup(test_rsdt_bad_checksum, reset_mem),
		cmocka_unit_test_setup(test_xsdt_bad_checksum, reset_mem),
		cmocka_unit_test_setup(test_rsdt_wrong_signature, reset_mem),
		cmocka_unit_test_setup(test_rsdt_length_too_small, reset_mem),
		cmocka_unit_test_setup(test_rsdt_length_absurd, reset_mem),
		cmocka_unit_test_setup(test_rsdt_past_end_of_memory, reset_mem),
		cmocka_unit_test_setup(test_rsdt_partial_entry_ignored, reset_mem),
		cmocka_unit_test_setup(test_empty_rsdt, reset_mem),
		cmocka_unit_test_setup(test_madt_bad_checksum_skipped, reset_mem),
		cmocka_unit_test_setup(test_bad_checksums_counted, reset_mem),
		cmocka_unit_test_setup(test_table_lengths_checked, reset_mem),
		cmocka_unit_test_setup(test_madt_zero_length_entry, reset_mem),
		cmocka_unit_test_setup(test_madt_entry_length_one, reset_mem),
		cmocka_unit_test_setup(test_madt_entry_past_end, reset_mem),
		cmocka_unit_test_setup(test_madt_single_trailing_byte, reset_mem),
		cmocka_unit_test_setup(test_madt_short_known_entries_skipped, reset_mem),
		cmocka_unit_test_setup(test_madt_limits, reset_mem),
		cmocka_unit_test_setup(test_mcfg_limits_and_partial, reset_mem),
		cmocka_unit_test_setup(test_fadt_short_revisions, reset_mem),
		cmocka_unit_test_setup(test_table_pointers_outside_memory, reset_mem),
		cmocka_unit_test_setup(test_table_body_past_end_of_memory, reset_mem),
		cmocka_unit_test_setup(test_find_rsdp_none, reset_mem),
		cmocka_unit_test_setup(test_find_rsdp_bios_area, reset_mem),
		cmocka_unit_test_setup(test_find_rsdp_skips_invalid, reset_mem),
		cmocka_unit_test_setup(test_find_rsdp_unaligned_ignored, reset_mem),
		cmocka_unit_test_setup(test_find_rsdp_last_slot, reset_mem),
		cmocka_unit_test_setup(test_find_rsdp_ebda_first, reset_mem),
		cmocka_unit_test_setup(test_find_rsdp_ebda_first_kib_only, reset_mem),
		cmocka_unit_test_setup(test_find_then_parse, reset_mem),
		cmocka_unit_test_setup(test_find_table_through_rsdt_and_xsdt, reset_mem),
		cmocka_unit_test_setup(test_find_table_checks_what_it_returns, reset_mem),
		cmocka_unit_test_setup(test_fadt_dsdt, reset_mem),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
