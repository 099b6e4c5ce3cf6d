// SPDX-License-Identifier: BSD-2-Clause
/* test_bootinfo.c - include/bootinfo.h laid out as Pure64's info table (addresses - 0x5000),
 * and the loader's filling of it (boot/stage/info.c) checked field by field against what
 * Pure64 writes (ReturnInfinity/Pure64 docs/README.md, src/pure64.asm, src/init/acpi.asm). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "include/bootinfo.h"
#include "boot/stage/info.h"

#define OFF(type, field) ((unsigned long)offsetof(struct type, field))
#define FSIZE(type, field) sizeof(((struct type *)0)->field)

/* Pure64 docs/README.md, "System Information" at 0x5000: address - 0x5000, and width. */
static void test_info_offsets(void **state)
{
	(void)state;
	assert_int_equal(OFF(bootinfo, acpi), 0x00);             assert_int_equal(FSIZE(bootinfo, acpi), 8);
	assert_int_equal(OFF(bootinfo, bsp_apic_id), 0x08);      assert_int_equal(FSIZE(bootinfo, bsp_apic_id), 4);
	assert_int_equal(OFF(bootinfo, cpu_speed_mhz), 0x10);    assert_int_equal(FSIZE(bootinfo, cpu_speed_mhz), 2);
	assert_int_equal(OFF(bootinfo, cores_active), 0x12);     assert_int_equal(FSIZE(bootinfo, cores_active), 2);
	assert_int_equal(OFF(bootinfo, cores_detected), 0x14);   assert_int_equal(FSIZE(bootinfo, cores_detected), 2);
	assert_int_equal(OFF(bootinfo, phys_bits), 0x16);        assert_int_equal(FSIZE(bootinfo, phys_bits), 1);
	assert_int_equal(OFF(bootinfo, virt_bits), 0x17);        assert_int_equal(FSIZE(bootinfo, virt_bits), 1);
	assert_int_equal(OFF(bootinfo, cpuid_max_std), 0x18);    assert_int_equal(FSIZE(bootinfo, cpuid_max_std), 4);
	assert_int_equal(OFF(bootinfo, cpuid_max_ext), 0x1C);    assert_int_equal(FSIZE(bootinfo, cpuid_max_ext), 4);
	assert_int_equal(OFF(bootinfo, ram_mib), 0x20);          assert_int_equal(FSIZE(bootinfo, ram_mib), 4);
	assert_int_equal(OFF(bootinfo, ioapic_count), 0x30);     assert_int_equal(FSIZE(bootinfo, ioapic_count), 1);
	assert_int_equal(OFF(bootinfo, intsource_count), 0x31);  assert_int_equal(FSIZE(bootinfo, intsource_count), 1);
	assert_int_equal(OFF(bootinfo, hpet_base), 0x40);        assert_int_equal(FSIZE(bootinfo, hpet_base), 8);
	assert_int_equal(OFF(bootinfo, hpet_freq), 0x48);        assert_int_equal(FSIZE(bootinfo, hpet_freq), 4);
	assert_int_equal(OFF(bootinfo, hpet_counter_min), 0x4C); assert_int_equal(FSIZE(bootinfo, hpet_counter_min), 2);
	assert_int_equal(OFF(bootinfo, hpet_counters), 0x4E);    assert_int_equal(FSIZE(bootinfo, hpet_counters), 1);
	assert_int_equal(OFF(bootinfo, tsc_loader_start), 0x50); assert_int_equal(FSIZE(bootinfo, tsc_loader_start), 8);
	assert_int_equal(OFF(bootinfo, tsc_loader_end), 0x58);   assert_int_equal(FSIZE(bootinfo, tsc_loader_end), 8);
	assert_int_equal(OFF(bootinfo, lapic), 0x60);            assert_int_equal(FSIZE(bootinfo, lapic), 8);
	assert_int_equal(OFF(bootinfo, video_base), 0x80);       assert_int_equal(FSIZE(bootinfo, video_base), 8);
	assert_int_equal(OFF(bootinfo, video_x), 0x88);          assert_int_equal(FSIZE(bootinfo, video_x), 2);
	assert_int_equal(OFF(bootinfo, video_y), 0x8A);          assert_int_equal(FSIZE(bootinfo, video_y), 2);
	assert_int_equal(OFF(bootinfo, video_ppsl), 0x8C);       assert_int_equal(FSIZE(bootinfo, video_ppsl), 2);
	assert_int_equal(OFF(bootinfo, video_bpp), 0x8E);        assert_int_equal(FSIZE(bootinfo, video_bpp), 2);
	assert_int_equal(OFF(bootinfo, pcie_count), 0x90);       assert_int_equal(FSIZE(bootinfo, pcie_count), 2);
	assert_int_equal(OFF(bootinfo, iapc_boot_arch), 0x92);   assert_int_equal(FSIZE(bootinfo, iapc_boot_arch), 2);
	assert_int_equal(OFF(bootinfo, flag_1gb_pages), 0xE0);   assert_int_equal(FSIZE(bootinfo, flag_1gb_pages), 1);
	assert_int_equal(OFF(bootinfo, flag_x2apic), 0xE1);      assert_int_equal(FSIZE(bootinfo, flag_x2apic), 1);
	/* APIC_ID: a list of 32-bit IDs up to the PCIE list (src/init/acpi.asm stores each
	 * 8-bit MADT ID with stosd; src/init/smp.asm reads them back with lodsd) */
	assert_int_equal(OFF(bootinfo, apic_ids), 0x100);        assert_int_equal(sizeof(((struct bootinfo *)0)->apic_ids[0]), 4);
	assert_int_equal(OFF(bootinfo, apic_ids) + FSIZE(bootinfo, apic_ids), 0x400);
	assert_int_equal(OFF(bootinfo, pcie), 0x400);            assert_int_equal(FSIZE(bootinfo, pcie), 32 * 16);
	assert_int_equal(OFF(bootinfo, ioapic), 0x600);          assert_int_equal(FSIZE(bootinfo, ioapic), 16 * 16);
	assert_int_equal(OFF(bootinfo, intsource), 0x700);       assert_int_equal(FSIZE(bootinfo, intsource), 32 * 8);
	assert_int_equal(sizeof(struct bootinfo), 0x800);
}

/* The BareMetal-C additions stay in space Pure64 leaves for future use (0xA0-0xDF, 0xE2). */
static void test_info_additions(void **state)
{
	(void)state;
	assert_int_equal(OFF(bootinfo, ram_total_mib), 0xA0);
	assert_int_equal(OFF(bootinfo, app_size), 0xB0);
	assert_int_equal(OFF(bootinfo, kernel_size), 0xB4);
	assert_int_equal(OFF(bootinfo, program_mem), 0xB8);
	assert_int_equal(OFF(bootinfo, identity_end), 0xC0);
	assert_true(OFF(bootinfo, identity_end) + FSIZE(bootinfo, identity_end) <= 0xE0);
	assert_int_equal(OFF(bootinfo, flag_bootmode), 0xE2);    assert_int_equal(FSIZE(bootinfo, flag_bootmode), 1);
}

static void test_array_limits(void **state)
{
	(void)state;
	assert_int_equal(BOOTINFO_MAX_CPUS, 192);   /* (0x400 - 0x100) / 4 */
	assert_int_equal(BOOTINFO_MAX_PCIE, 32);
	assert_int_equal(BOOTINFO_MAX_IOAPIC, 16);
	assert_int_equal(BOOTINFO_MAX_INTSOURCE, 32);
	assert_int_equal(BOOTMODE_BIOS, 'B');
	assert_int_equal(BOOTMODE_UEFI, 'U');
}

static void test_entry_layouts(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct bootinfo_pcie), 16);
	assert_int_equal(OFF(bootinfo_pcie, base), 0);
	assert_int_equal(OFF(bootinfo_pcie, segment), 8);
	assert_int_equal(OFF(bootinfo_pcie, start_bus), 10);
	assert_int_equal(OFF(bootinfo_pcie, end_bus), 11);
	assert_int_equal(OFF(bootinfo_pcie, reserved), 12);

	assert_int_equal(sizeof(struct bootinfo_ioapic), 16);
	assert_int_equal(OFF(bootinfo_ioapic, id), 0);
	assert_int_equal(OFF(bootinfo_ioapic, address), 4);
	assert_int_equal(OFF(bootinfo_ioapic, gsi_base), 8);
	assert_int_equal(OFF(bootinfo_ioapic, reserved), 12);

	assert_int_equal(sizeof(struct bootinfo_intsource), 8);
	assert_int_equal(OFF(bootinfo_intsource, bus), 0);
	assert_int_equal(OFF(bootinfo_intsource, source), 1);
	assert_int_equal(OFF(bootinfo_intsource, gsi), 2);
	assert_int_equal(OFF(bootinfo_intsource, flags), 6);

	assert_int_equal(sizeof(struct memmap_entry), 32);
	assert_int_equal(OFF(memmap_entry, base), 0);
	assert_int_equal(OFF(memmap_entry, length), 8);
	assert_int_equal(OFF(memmap_entry, type), 16);
	assert_int_equal(OFF(memmap_entry, acpi_attr), 20);
	assert_int_equal(OFF(memmap_entry, reserved), 24);

	assert_int_equal(MEMMAP_USABLE, 1);
	assert_int_equal(MEMMAP_RESERVED, 2);
	assert_int_equal(MEMMAP_ACPI, 3);
	assert_int_equal(MEMMAP_NVS, 4);
	assert_int_equal(MEMMAP_BAD, 5);
}

/* ---- byte level: fill through the fields, read the raw table as Pure64 users do ---------- */

static const uint8_t *raw;

static uint64_t rd(size_t off, int width)
{
	uint64_t v = 0;
	for (int i = width - 1; i >= 0; i--)
		v = v << 8 | raw[off + (size_t)i];
	return v;
}

#define EXPECT_AT(off, width, value) assert_int_equal(rd((off), (width)), (value))

static void test_info_bytes(void **state)
{
	(void)state;
	static struct bootinfo bi;
	memset(&bi, 0, sizeof(bi));
	raw = (const uint8_t *)&bi;

	bi.acpi = 0x00000000000F5A20ull | 0x1122334400000000ull;
	bi.bsp_apic_id = 0xA1B2C3D4;
	bi.cpu_speed_mhz = 0x0BB8;
	bi.cores_active = 0x0102;
	bi.cores_detected = 0x0304;
	bi.phys_bits = 0x27;
	bi.virt_bits = 0x30;
	bi.cpuid_max_std = 0x0000001F;
	bi.cpuid_max_ext = 0x80000008;
	bi.ram_mib = 0x00012345;
	bi.ioapic_count = 0x02;
	bi.intsource_count = 0x05;
	bi.hpet_base = 0x00000000FED00000ull | 0xAB00000000000000ull;
	bi.hpet_freq = 0x00989680;
	bi.hpet_counter_min = 0x1234;
	bi.hpet_counters = 0x03;
	bi.tsc_loader_start = 0x0123456789ABCDEFull;
	bi.tsc_loader_end = 0xFEDCBA9876543210ull;
	bi.lapic = 0x00000000FEE00000ull | 0x0000000100000000ull;
	bi.video_base = 0x00000000FD000000ull | 0x0000C00000000000ull;
	bi.video_x = 1024;
	bi.video_y = 768;
	bi.video_ppsl = 1280;
	bi.video_bpp = 32;
	bi.pcie_count = 0x0201;
	bi.iapc_boot_arch = 0x8003;
	bi.flag_1gb_pages = 1;
	bi.flag_x2apic = 0x7E;
	bi.flag_bootmode = BOOTMODE_UEFI;
	for (int i = 0; i < BOOTINFO_MAX_CPUS; i++)
		bi.apic_ids[i] = (uint32_t)(i ^ 0x5A) | (uint32_t)i << 24;
	bi.pcie[0] = (struct bootinfo_pcie){ .base = 0xB0000000ull, .segment = 0, .start_bus = 0, .end_bus = 0xFF };
	bi.pcie[31] = (struct bootinfo_pcie){ .base = 0x123456789A000000ull, .segment = 0xBEEF,
					      .start_bus = 0x10, .end_bus = 0x7F, .reserved = 0xCAFEF00D };
	bi.ioapic[0] = (struct bootinfo_ioapic){ .id = 0x08, .address = 0xFEC00000, .gsi_base = 0 };
	bi.ioapic[15] = (struct bootinfo_ioapic){ .id = 0x11223344, .address = 0xFEC01000,
						  .gsi_base = 0x00000018, .reserved = 0x55667788 };
	bi.intsource[0] = (struct bootinfo_intsource){ .bus = 0, .source = 0, .gsi = 2, .flags = 0 };
	bi.intsource[31] = (struct bootinfo_intsource){ .bus = 0xB1, .source = 0x09,
							.gsi = 0x0A0B0C0D, .flags = 0xE00F };

	EXPECT_AT(0x00, 8, 0x11223344000F5A20ull);
	assert_int_equal(raw[0x00], 0x20);        /* least significant byte first */
	assert_int_equal(raw[0x07], 0x11);
	EXPECT_AT(0x08, 4, 0xA1B2C3D4);
	assert_int_equal(raw[0x08], 0xD4);
	EXPECT_AT(0x10, 2, 0x0BB8);
	assert_int_equal(raw[0x10], 0xB8);
	EXPECT_AT(0x12, 2, 0x0102);
	EXPECT_AT(0x14, 2, 0x0304);
	EXPECT_AT(0x16, 1, 0x27);
	EXPECT_AT(0x17, 1, 0x30);
	EXPECT_AT(0x18, 4, 0x0000001F);
	EXPECT_AT(0x1C, 4, 0x80000008);
	assert_int_equal(raw[0x1F], 0x80);
	EXPECT_AT(0x20, 4, 0x00012345);
	EXPECT_AT(0x30, 1, 0x02);
	EXPECT_AT(0x31, 1, 0x05);
	EXPECT_AT(0x40, 8, 0xAB000000FED00000ull);
	EXPECT_AT(0x48, 4, 0x00989680);
	EXPECT_AT(0x4C, 2, 0x1234);
	assert_int_equal(raw[0x4C], 0x34);
	EXPECT_AT(0x4E, 1, 0x03);
	EXPECT_AT(0x50, 8, 0x0123456789ABCDEFull);   /* T0 */
	assert_int_equal(raw[0x50], 0xEF);
	EXPECT_AT(0x58, 8, 0xFEDCBA9876543210ull);   /* T1 */
	EXPECT_AT(0x60, 8, 0x00000001FEE00000ull);
	EXPECT_AT(0x80, 8, 0x0000C000FD000000ull);
	EXPECT_AT(0x88, 2, 1024);
	EXPECT_AT(0x8A, 2, 768);
	EXPECT_AT(0x8C, 2, 1280);
	EXPECT_AT(0x8E, 2, 32);
	EXPECT_AT(0x90, 2, 0x0201);
	EXPECT_AT(0x92, 2, 0x8003);
	assert_int_equal(raw[0x92], 0x03);
	assert_int_equal(raw[0x93], 0x80);
	EXPECT_AT(0xE0, 1, 1);
	EXPECT_AT(0xE1, 1, 0x7E);
	EXPECT_AT(0xE2, 1, 'U');
	for (int i = 0; i < BOOTINFO_MAX_CPUS; i++) {
		EXPECT_AT(0x100 + 4 * (size_t)i, 4, (uint32_t)(i ^ 0x5A) | (uint32_t)i << 24);
		assert_int_equal(raw[0x100 + 4 * i], (uint8_t)(i ^ 0x5A));   /* the ID byte first */
	}

	EXPECT_AT(0x400 + 0, 8, 0xB0000000ull);
	EXPECT_AT(0x400 + 8, 2, 0);
	EXPECT_AT(0x400 + 10, 1, 0);
	EXPECT_AT(0x400 + 11, 1, 0xFF);
	EXPECT_AT(0x400 + 31 * 16 + 0, 8, 0x123456789A000000ull);
	EXPECT_AT(0x400 + 31 * 16 + 8, 2, 0xBEEF);
	EXPECT_AT(0x400 + 31 * 16 + 10, 1, 0x10);
	EXPECT_AT(0x400 + 31 * 16 + 11, 1, 0x7F);
	EXPECT_AT(0x400 + 31 * 16 + 12, 4, 0xCAFEF00D);

	EXPECT_AT(0x600 + 0, 4, 0x08);
	EXPECT_AT(0x600 + 4, 4, 0xFEC00000);
	EXPECT_AT(0x600 + 8, 4, 0);
	EXPECT_AT(0x600 + 15 * 16 + 0, 4, 0x11223344);
	EXPECT_AT(0x600 + 15 * 16 + 4, 4, 0xFEC01000);
	EXPECT_AT(0x600 + 15 * 16 + 8, 4, 0x18);
	EXPECT_AT(0x600 + 15 * 16 + 12, 4, 0x55667788);

	EXPECT_AT(0x700 + 0, 1, 0);
	EXPECT_AT(0x700 + 1, 1, 0);
	EXPECT_AT(0x700 + 2, 4, 2);
	EXPECT_AT(0x700 + 6, 2, 0);
	EXPECT_AT(0x700 + 31 * 8 + 0, 1, 0xB1);
	EXPECT_AT(0x700 + 31 * 8 + 1, 1, 0x09);
	EXPECT_AT(0x700 + 31 * 8 + 2, 4, 0x0A0B0C0D);
	EXPECT_AT(0x700 + 31 * 8 + 6, 2, 0xE00F);
	assert_int_equal(raw[0x7FF], 0xE0);       /* the very last byte of the table */

	/* Nothing else was written: the reserved gaps are still zero. */
	static const struct { size_t from, to; } gaps[] = {
		{ 0x0C, 0x10 }, { 0x24, 0x30 }, { 0x32, 0x40 }, { 0x4F, 0x50 }, { 0x68, 0x80 },
		{ 0x94, 0xE0 }, { 0xE3, 0x100 },
		{ 0x400 + 16, 0x400 + 31 * 16 }, { 0x600 + 16, 0x600 + 15 * 16 },
		{ 0x700 + 8, 0x700 + 31 * 8 },
	};
	for (size_t g = 0; g < sizeof(gaps) / sizeof(gaps[0]); g++)
		for (size_t i = gaps[g].from; i < gaps[g].to; i++)
			if (raw[i])
				fail_msg("byte 0x%zx should be 0, is 0x%02x", i, raw[i]);
}

/* ---- the loader's filling (boot/stage/info.c) ------------------------------------------ */

#define MIB (1ull << 20)

/* SeaBIOS's E820 map for -m 256 (QEMU pc and q35). */
static const struct memmap_entry seabios_256[] = {
	{ 0x00000000, 0x0009FC00, MEMMAP_USABLE, 1, 0 },
	{ 0x0009FC00, 0x00000400, MEMMAP_RESERVED, 1, 0 },
	{ 0x000F0000, 0x00010000, MEMMAP_RESERVED, 1, 0 },
	{ 0x00100000, 0x0FEE0000, MEMMAP_USABLE, 1, 0 },
	{ 0x0FFE0000, 0x00020000, MEMMAP_RESERVED, 1, 0 },
	{ 0xFFFC0000, 0x00040000, MEMMAP_RESERVED, 1, 0 },
};
#define NSEABIOS ((int)(sizeof(seabios_256) / sizeof(seabios_256[0])))

/* Pure64 (src/pure64.asm, BIOS) adds up each usable record's length >> 20, takes 2 MiB
 * off for its CPU stacks and stores it with bit 0 cleared. */
static void test_ramamount(void **state)
{
	(void)state;
	/* 0 + 254 (0x0FEE0000 >> 20) - 2 = 252 */
	assert_int_equal(info_ramamount(seabios_256, NSEABIOS), 252);
	/* -m 2048 on q35: 0 + 2046 - 2 */
	struct memmap_entry m[3] = {
		{ 0, 0x9FC00, MEMMAP_USABLE, 1, 0 },
		{ 0x100000, 0x7FEE0000, MEMMAP_USABLE, 1, 0 },
		{ 0xFEC00000, 0x1000, MEMMAP_RESERVED, 1, 0 },
	};
	assert_int_equal(info_ramamount(m, 3), 2044);
	/* each record is counted in whole MiB before the sum; the result rounds down to even */
	m[0] = (struct memmap_entry){ 0x100000, 3 * MIB + 0xFFFFF, MEMMAP_USABLE, 1, 0 };
	m[1] = (struct memmap_entry){ 0x800000, 4 * MIB + 0xFFFFF, MEMMAP_USABLE, 1, 0 };
	m[2] = (struct memmap_entry){ 0x1000000, 64 * MIB, MEMMAP_ACPI, 1, 0 };   /* not usable */
	assert_int_equal(info_ramamount(m, 3), 4);   /* 3 + 4 - 2 = 5 -> 4 */
	m[0].length = 2 * MIB;
	assert_int_equal(info_ramamount(m, 1), 0);   /* nothing left after the stacks */
	assert_int_equal(info_ramamount(m, 0), 0);
}

static struct acpi_info ai;
static const uint32_t started[] = { 2, 0, 3 };   /* BSP first: APIC ID 1 did not start */

static struct info_in input(bool pure64)
{
	memset(&ai, 0, sizeof(ai));
	ai.sdt = 0x7FE14B2;
	ai.cpu_count = 4;
	ai.apic_ids[0] = 0;                           /* the MADT's order */
	ai.apic_ids[1] = 1;
	ai.apic_ids[2] = 2;
	ai.apic_ids[3] = 3;
	ai.ioapic_count = 1;
	ai.ioapic[0] = (struct bootinfo_ioapic){ .id = 0, .address = 0xFEC00000, .gsi_base = 0 };
	ai.iso_count = 2;
	ai.iso[0] = (struct bootinfo_intsource){ .bus = 0, .source = 0, .gsi = 2, .flags = 0 };
	ai.iso[1] = (struct bootinfo_intsource){ .bus = 0, .source = 9, .gsi = 9, .flags = 0xD };
	ai.hpet = 0xFED00000;
	ai.hpet_min_tick = 0x80;
	ai.mcfg_count = 1;
	ai.mcfg[0] = (struct bootinfo_pcie){ .base = 0xB0000000, .segment = 0, .start_bus = 0, .end_bus = 0xFF };
	ai.have_fadt = true;
	ai.iapc_boot_arch = 0x0002;
	return (struct info_in){
		.acpi = &ai, .map = seabios_256, .nmap = NSEABIOS, .firmware_ram = 0,
		.tsc_hz = 2994000000ull, .tsc_start = 0x1000, .lapic = 0xFEE00000,
		.active = started, .ncores = 3,
		.cpuid_max_std = 0xD, .cpuid_max_ext = 0x8000000A, .phys_bits = 40, .virt_bits = 48,
		.gb_pages = true, .x2apic = false, .hpet_hz = 100000000, .hpet_counters = 3,
		.fb_base = 0xFD000000, .fb_x = 1024, .fb_y = 768, .fb_ppsl = 1024, .fb_bpp = 32,
		.boot_mode = BOOTMODE_BIOS, .kernel_size = 31000,
		.program_bytes = 250 * MIB, .identity_end = 4ull << 30, .pure64 = pure64,
	};
}

/* What both builds write: every field Pure64's docs list, with its width and meaning. */
static void expect_pure64_fields(void)
{
	EXPECT_AT(0x00, 8, 0x7FE14B2);                /* ACPI: the RSDT/XSDT */
	EXPECT_AT(0x08, 4, 2);                        /* BSP_ID */
	EXPECT_AT(0x10, 2, 2994);                     /* CPU_SPEED, MHz */
	EXPECT_AT(0x12, 2, 3);                        /* CORES_ACTIVE */
	EXPECT_AT(0x14, 2, 4);                        /* CORES_DETECT */
	EXPECT_AT(0x16, 1, 40);
	EXPECT_AT(0x17, 1, 48);
	EXPECT_AT(0x18, 4, 0xD);
	EXPECT_AT(0x1C, 4, 0x8000000A);
	EXPECT_AT(0x20, 4, 252);                      /* RAMAMOUNT, Pure64's count */
	EXPECT_AT(0x30, 1, 1);
	EXPECT_AT(0x31, 1, 2);
	EXPECT_AT(0x40, 8, 0xFED00000);
	EXPECT_AT(0x48, 4, 100000000);
	EXPECT_AT(0x4C, 2, 0x80);
	EXPECT_AT(0x4E, 1, 3);
	EXPECT_AT(0x50, 8, 0x1000);                   /* T0 (T1 is written at the jump) */
	EXPECT_AT(0x58, 8, 0);
	EXPECT_AT(0x60, 8, 0xFEE00000);
	EXPECT_AT(0x80, 8, 0xFD000000);
	EXPECT_AT(0x88, 2, 1024);
	EXPECT_AT(0x8A, 2, 768);
	EXPECT_AT(0x8C, 2, 1024);
	EXPECT_AT(0x8E, 2, 32);
	EXPECT_AT(0x90, 2, 1);
	EXPECT_AT(0x92, 2, 0x0002);                   /* IAPC_BOOT_ARCH from the FADT */
	EXPECT_AT(0xE0, 1, 1);
	EXPECT_AT(0xE1, 1, 0);
	EXPECT_AT(0x400, 8, 0xB0000000);
	EXPECT_AT(0x40B, 1, 0xFF);
	EXPECT_AT(0x604, 4, 0xFEC00000);              /* where BareMetal reads its I/O APIC */
	EXPECT_AT(0x700 + 8 + 1, 1, 9);
	EXPECT_AT(0x700 + 8 + 2, 4, 9);
	EXPECT_AT(0x700 + 8 + 6, 2, 0xD);
}

static void test_fill_as_pure64(void **state)
{
	(void)state;
	static struct bootinfo bi;
	struct info_in in = input(true);
	memset(&bi, 0xEE, sizeof(bi));
	info_fill(&bi, &in);
	raw = (const uint8_t *)&bi;
	expect_pure64_fields();
	/* APIC_ID: every core the MADT enables, 32 bits each, in its order (acpi.asm) */
	for (size_t i = 0; i < 4; i++)
		EXPECT_AT(0x100 + 4 * i, 4, i);
	/* nothing of BareMetal-C's: 0x94-0xDF and 0xE2-0xFF stay zero, as after Pure64 */
	for (size_t i = 0x94; i < 0xE0; i++)
		if (raw[i])
			fail_msg("byte 0x%zx should be 0, is 0x%02x", i, raw[i]);
	for (size_t i = 0xE2; i < 0x100; i++)
		assert_int_equal(raw[i], 0);
	for (size_t i = 0x100 + 4 * 4; i < 0x400; i++)
		assert_int_equal(raw[i], 0);
}

static void test_fill_ours(void **state)
{
	(void)state;
	static struct bootinfo bi;
	struct info_in in = input(false);
	memset(&bi, 0xEE, sizeof(bi));
	info_fill(&bi, &in);
	raw = (const uint8_t *)&bi;
	expect_pure64_fields();
	/* APIC_ID: the cores that started, BSP first, 32 bits each */
	EXPECT_AT(0x100, 4, 2);
	EXPECT_AT(0x104, 4, 0);
	EXPECT_AT(0x108, 4, 3);
	EXPECT_AT(0x10C, 4, 0);
	for (size_t i = 0x110; i < 0x400; i++)
		assert_int_equal(raw[i], 0);
	EXPECT_AT(0xA0, 4, 256);                      /* installed RAM: the boot report's ram= */
	EXPECT_AT(0xB0, 4, 0);                        /* app_size: the kernel's to fill */
	EXPECT_AT(0xB4, 4, 31000);
	EXPECT_AT(0xB8, 8, 250 * MIB);
	EXPECT_AT(0xC0, 8, 4ull << 30);
	EXPECT_AT(0xE2, 1, 'B');
}

/* IAPC_BOOT_ARCH: the FADT's (acpi.c gives the PC-AT flags for one that predates the
 * field), and the PC-AT flags without an FADT. */
static void test_fill_boot_arch(void **state)
{
	(void)state;
	static struct bootinfo bi;
	struct info_in in = input(true);
	ai.have_fadt = false;
	ai.iapc_boot_arch = 0;
	info_fill(&bi, &in);
	assert_int_equal(bi.iapc_boot_arch, 0x0003);
	ai.have_fadt = true;
	ai.iapc_boot_arch = 0x0001;                   /* legacy devices, no 8042 */
	info_fill(&bi, &in);
	assert_int_equal(bi.iapc_boot_arch, 0x0001);
	/* no MADT: one core, the BSP, in either build */
	ai.cpu_count = 0;
	in.ncores = 1;
	info_fill(&bi, &in);
	assert_int_equal(bi.cores_detected, 1);
	assert_int_equal(bi.apic_ids[0], 2);
	assert_int_equal(bi.apic_ids[1], 0);
}

static void test_memmap_entry_bytes(void **state)
{
	(void)state;
	struct memmap_entry m[2];
	memset(m, 0, sizeof(m));
	raw = (const uint8_t *)m;
	m[1].base = 0x0000000100000000ull | 0x9FC00;
	m[1].length = 0x00000000C0000000ull | 0x0102030400000000ull;
	m[1].type = MEMMAP_ACPI;
	m[1].acpi_attr = 0x00000001;
	m[1].reserved = 0xFFEEDDCCBBAA9988ull;

	for (size_t i = 0; i < 32; i++)
		assert_int_equal(raw[i], 0);       /* the 32-byte stride: entry 1 starts at 32 */
	EXPECT_AT(32 + 0, 8, 0x000000010009FC00ull);
	assert_int_equal(raw[32 + 0], 0x00);
	assert_int_equal(raw[32 + 1], 0xFC);
	assert_int_equal(raw[32 + 2], 0x09);
	assert_int_equal(raw[32 + 4], 0x01);
	EXPECT_AT(32 + 8, 8, 0x01020304C0000000ull);
	EXPECT_AT(32 + 16, 4, 3);
	assert_int_equal(raw[32 + 16], 3);
	EXPECT_AT(32 + 20, 4, 1);
	EXPECT_AT(32 + 24, 8, 0xFFEEDDCCBBAA9988ull);
	assert_int_equal(raw[32 + 24], 0x88);
	assert_int_equal(raw[63], 0xFF);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_info_offsets),
		cmocka_unit_test(test_info_additions),
		cmocka_unit_test(test_array_limits),
		cmocka_unit_test(test_entry_layouts),
		cmocka_unit_test(test_info_bytes),
		cmocka_unit_test(test_memmap_entry_bytes),
		cmocka_unit_test(test_ramamount),
		cmocka_unit_test(test_fill_as_pure64),
		cmocka_unit_test(test_fill_ours),
		cmocka_unit_test(test_fill_boot_arch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
