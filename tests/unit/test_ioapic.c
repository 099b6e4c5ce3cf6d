// SPDX-License-Identifier: BSD-2-Clause
/* test_ioapic.c - kernel/ioapic.c: ioapic_isa_entry(), ISA IRQ redirection entries with the MADT's source overrides. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/ioapic.h"

/* ioapic.c's other functions touch the I/O APIC and BOOTINFO: linked, never called here. */

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define LOW   (1ULL << 13)
#define LEVEL (1ULL << 15)
#define MASK  (1ULL << 16)

/* QEMU pc and q35 (hw/i386/acpi-common.c): IRQ 0 -> GSI 2, and the PCI link IRQs 5, 9,
 * 10 and 11 level-triggered, active high (flags 0x000D). */
static const struct bootinfo_intsource qemu[] = {
	{ .bus = 0, .source = 0, .gsi = 2, .flags = 0x0000 },
	{ .bus = 0, .source = 5, .gsi = 5, .flags = 0x000D },
	{ .bus = 0, .source = 9, .gsi = 9, .flags = 0x000D },
	{ .bus = 0, .source = 10, .gsi = 10, .flags = 0x000D },
	{ .bus = 0, .source = 11, .gsi = 11, .flags = 0x000D },
};

static uint64_t entry(const struct bootinfo_intsource *iso, int n, uint8_t irq, uint8_t vector,
		      uint8_t dest, uint32_t *gsi)
{
	*gsi = 0xDEADBEEF;
	return ioapic_isa_entry(iso, n, irq, vector, dest, gsi);
}

/* Checks the constants the kernel uses against the 82093AA layout. */
static void test_entry_bits(void **state)
{
	(void)state;
	assert_int_equal(IOAPIC_ENTRY_LOW, LOW);
	assert_int_equal(IOAPIC_ENTRY_LEVEL, LEVEL);
	assert_int_equal(IOAPIC_ENTRY_MASKED, MASK);
}

/* No overrides at all: identity, edge, active high, unmasked, fixed, physical. */
static void test_no_overrides(void **state)
{
	(void)state;
	uint32_t gsi;
	assert_int_equal(entry(NULL, 0, 1, 0x21, 0, &gsi), 0x21);
	assert_int_equal(gsi, 1);
	assert_int_equal(entry(NULL, 0, 4, 0x24, 3, &gsi), 0x0300000000000024ULL);
	assert_int_equal(gsi, 4);
	assert_int_equal(entry(NULL, 0, 15, 0x2F, 1, &gsi), 0x010000000000002FULL);
	assert_int_equal(gsi, 15);
}

/* QEMU's table, but an IRQ it does not override (1: keyboard, 4: COM1, 8: RTC, 12, 14). */
static void test_qemu_not_overridden(void **state)
{
	(void)state;
	static const uint8_t irqs[] = { 1, 3, 4, 6, 7, 8, 12, 13, 14, 15 };
	for (unsigned i = 0; i < sizeof(irqs); i++) {
		uint32_t gsi;
		uint64_t e = entry(qemu, COUNT(qemu), irqs[i], 0x30 + irqs[i], 0, &gsi);
		assert_int_equal(e, 0x30u + irqs[i]);
		assert_int_equal(gsi, irqs[i]);
	}
}

/* The PIT: IRQ 0 arrives on GSI 2, flags 0 conform to ISA (edge, high). */
static void test_qemu_irq0(void **state)
{
	(void)state;
	uint32_t gsi;
	assert_int_equal(entry(qemu, COUNT(qemu), 0, 0x30, 0, &gsi), 0x30);
	assert_int_equal(gsi, 2);
	assert_int_equal(entry(qemu, COUNT(qemu), 0, 0x30, 2, &gsi), 0x0200000000000030ULL);
	assert_int_equal(gsi, 2);
}

/* 5, 9, 10, 11: same GSI, level (bit 15), active high (bit 13 clear). */
static void test_qemu_pci_links(void **state)
{
	(void)state;
	static const uint8_t irqs[] = { 5, 9, 10, 11 };
	for (unsigned i = 0; i < sizeof(irqs); i++) {
		uint32_t gsi;
		uint64_t e = entry(qemu, COUNT(qemu), irqs[i], 0x50, 1, &gsi);
		assert_int_equal(e, 0x0100000000008050ULL);
		assert_int_equal(gsi, irqs[i]);
	}
}

/* Flags 0x000F: active low (bits 1:0 = 3) and level (bits 3:2 = 3): bits 13 and 15. */
static void test_active_low_level(void **state)
{
	(void)state;
	static const struct bootinfo_intsource iso[] = { { .bus = 0, .source = 9, .gsi = 20, .flags = 0x000F } };
	uint32_t gsi;
	assert_int_equal(entry(iso, 1, 9, 0x41, 0, &gsi), 0xA041);
	assert_int_equal(gsi, 20);
}

/* Flags 0x0003: active low, trigger conforms (edge). */
static void test_active_low_edge(void **state)
{
	(void)state;
	static const struct bootinfo_intsource iso[] = { { .bus = 0, .source = 3, .gsi = 3, .flags = 0x0003 } };
	uint32_t gsi;
	assert_int_equal(entry(iso, 1, 3, 0x23, 0, &gsi), 0x2023);
	assert_int_equal(gsi, 3);
}

/* Explicit active high / edge (0x0005), conforms (0x0000), level with conforming polarity
 * (0x000C: ISA's active high), and the reserved encodings 2 (polarity) and 2 (trigger),
 * which the code treats as high and edge. */
static void test_other_flags(void **state)
{
	(void)state;
	static const struct { uint16_t flags; uint64_t e; } c[] = {
		{ 0x0000, 0x0000 }, { 0x0001, 0x0000 }, { 0x0005, 0x0000 }, { 0x0004, 0x0000 },
		{ 0x000C, LEVEL }, { 0x000D, LEVEL }, { 0x0007, LOW }, { 0x000B, LOW },
		{ 0x0002, 0x0000 }, { 0x0008, 0x0000 }, { 0x000E, LEVEL }, { 0x000A, 0x0000 },
		{ 0xFFF0, 0x0000 }, { 0xFFFF, LOW | LEVEL },   /* bits 15:4 are reserved: ignored */
	};
	for (unsigned i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		const struct bootinfo_intsource iso = { .bus = 0, .source = 7, .gsi = 7, .flags = c[i].flags };
		uint32_t gsi;
		uint64_t e = entry(&iso, 1, 7, 0x27, 0, &gsi);
		if (e != (0x27 | c[i].e) || gsi != 7)
			fail_msg("flags 0x%04x: entry 0x%llx gsi %u, want 0x%llx gsi 7", c[i].flags,
				 (unsigned long long)e, gsi, (unsigned long long)(0x27 | c[i].e));
	}
}

/* An override for another bus (not ISA) is ignored, even with the same source number. */
static void test_other_bus_ignored(void **state)
{
	(void)state;
	static const struct bootinfo_intsource iso[] = {
		{ .bus = 1, .source = 0, .gsi = 16, .flags = 0x000F },
		{ .bus = 0xFF, .source = 4, .gsi = 17, .flags = 0x000F },
	};
	uint32_t gsi;
	assert_int_equal(entry(iso, COUNT(iso), 0, 0x30, 0, &gsi), 0x30);
	assert_int_equal(gsi, 0);
	assert_int_equal(entry(iso, COUNT(iso), 4, 0x34, 0, &gsi), 0x34);
	assert_int_equal(gsi, 4);
}

/* Only the first n entries count. */
static void test_count_respected(void **state)
{
	(void)state;
	uint32_t gsi;
	assert_int_equal(entry(qemu, 1, 9, 0x50, 0, &gsi), 0x50);
	assert_int_equal(gsi, 9);
	assert_int_equal(entry(qemu, 0, 0, 0x30, 0, &gsi), 0x30);
	assert_int_equal(gsi, 0);
}

/* Duplicates for one source: the last matching override wins as a whole - its GSI and its
 * flags; an earlier one's polarity and trigger do not stay behind. */
static void test_last_override_wins(void **state)
{
	(void)state;
	static const struct bootinfo_intsource iso[] = {
		{ .bus = 0, .source = 9, .gsi = 20, .flags = 0x000F },
		{ .bus = 0, .source = 5, .gsi = 5, .flags = 0x000D },
		{ .bus = 0, .source = 9, .gsi = 9, .flags = 0x0000 },
		{ .bus = 0, .source = 5, .gsi = 21, .flags = 0x0003 },
	};
	uint32_t gsi;
	assert_int_equal(entry(iso, COUNT(iso), 9, 0x49, 0, &gsi), 0x49);
	assert_int_equal(gsi, 9);
	assert_int_equal(entry(iso, COUNT(iso), 5, 0x45, 0, &gsi), 0x2045);
	assert_int_equal(gsi, 21);
	/* The first three only: 9 -> GSI 9 edge/high, 5 -> GSI 5 level/high. */
	assert_int_equal(entry(iso, 3, 9, 0x49, 0, &gsi), 0x49);
	assert_int_equal(gsi, 9);
	assert_int_equal(entry(iso, 3, 5, 0x45, 0, &gsi), 0x8045);
	assert_int_equal(gsi, 5);
	/* The first two only: 9 -> GSI 20 level/low. */
	assert_int_equal(entry(iso, 2, 9, 0x49, 0, &gsi), 0xA049);
	assert_int_equal(gsi, 20);
}

/* Destination in bits 63:56, vector in 7:0; nothing else set (fixed, physical, unmasked). */
static void test_dest_and_vector_fields(void **state)
{
	(void)state;
	uint32_t gsi;
	assert_int_equal(entry(NULL, 0, 1, 0xFF, 0xFF, &gsi), 0xFF000000000000FFULL);
	assert_int_equal(entry(qemu, COUNT(qemu), 11, 0x00, 0xFF, &gsi), 0xFF00000000008000ULL);
	assert_int_equal(gsi, 11);
	static const struct bootinfo_intsource iso[] = { { .bus = 0, .source = 1, .gsi = 1, .flags = 0x000F } };
	uint64_t e = entry(iso, 1, 1, 0xFE, 0x80, &gsi);
	assert_int_equal(e, 0x800000000000A0FEULL);
	assert_int_equal(e & MASK, 0);
	assert_int_equal(e & 0x00FFFFFFFFFF5F00ULL, 0);   /* delivery, dest mode, status, IRR, reserved */
}

/* A GSI above 255 (a second I/O APIC) comes through in full. */
static void test_large_gsi(void **state)
{
	(void)state;
	static const struct bootinfo_intsource iso[] = { { .bus = 0, .source = 0, .gsi = 0x12345, .flags = 0 } };
	uint32_t gsi;
	assert_int_equal(entry(iso, 1, 0, 0x30, 0, &gsi), 0x30);
	assert_int_equal(gsi, 0x12345);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entry_bits),
		cmocka_unit_test(test_no_overrides),
		cmocka_unit_test(test_qemu_not_overridden),
		cmocka_unit_test(test_qemu_irq0),
		cmocka_unit_test(test_qemu_pci_links),
		cmocka_unit_test(test_active_low_level),
		cmocka_unit_test(test_active_low_edge),
		cmocka_unit_test(test_other_flags),
		cmocka_unit_test(test_other_bus_ignored),
		cmocka_unit_test(test_count_respected),
		cmocka_unit_test(test_last_override_wins),
		cmocka_unit_test(test_dest_and_vector_fields),
		cmocka_unit_test(test_large_gsi),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
