// SPDX-License-Identifier: BSD-2-Clause
/* test_lapic.c - kernel/apic.c: x2APIC MSR numbers (SDM vol. 3, table 10-6) and ICR encodings in both modes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/apic.h"
#include "kernel/kernel.h"
#include "common/lapic_regs.h"

/* apic.c's hardware functions use these; they are linked, never called here. */
uint64_t time_us(void)
{
	fail_msg("time_us called");
	return 0;
}

void delay_us(uint64_t us)
{
	(void)us;
	fail_msg("delay_us called");
}

/* ---- lapic_msr ------------------------------------------------------------------------- */

static void test_msr_table_10_6(void **state)
{
	(void)state;
	static const struct { uint32_t off, msr; } c[] = {
		{ 0x020, 0x802 },   /* local APIC ID */
		{ 0x030, 0x803 },   /* version */
		{ 0x080, 0x808 },   /* TPR */
		{ 0x0B0, 0x80B },   /* EOI */
		{ 0x0D0, 0x80D },   /* LDR */
		{ 0x0F0, 0x80F },   /* SVR */
		{ 0x100, 0x810 },   /* ISR 31:0 */
		{ 0x280, 0x828 },   /* ESR */
		{ 0x300, 0x830 },   /* ICR (64 bits in x2APIC mode) */
		{ 0x320, 0x832 },   /* LVT timer */
		{ 0x350, 0x835 },   /* LVT LINT0 */
		{ 0x360, 0x836 },   /* LVT LINT1 */
		{ 0x370, 0x837 },   /* LVT error */
		{ 0x380, 0x838 },   /* timer initial count */
		{ 0x390, 0x839 },   /* timer current count */
		{ 0x3E0, 0x83E },   /* timer divide configuration */
		{ 0x3F0, 0x83F },   /* SELF IPI (x2APIC only) */
	};
	for (unsigned i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		uint32_t m = lapic_msr(c[i].off);
		if (m != c[i].msr)
			fail_msg("offset 0x%03x: MSR 0x%x, want 0x%x", c[i].off, m, c[i].msr);
	}
}

/* The kernel's register names map to the same MSRs. */
static void test_msr_kernel_names(void **state)
{
	(void)state;
	assert_int_equal(X2APIC_MSR_BASE, 0x800);
	assert_int_equal(lapic_msr(LAPIC_ID), 0x802);
	assert_int_equal(lapic_msr(LAPIC_TPR), 0x808);
	assert_int_equal(lapic_msr(LAPIC_EOI), 0x80B);
	assert_int_equal(lapic_msr(LAPIC_SVR), 0x80F);
	assert_int_equal(lapic_msr(LAPIC_ICR_LO), 0x830);
	assert_int_equal(lapic_msr(LAPIC_LVT_TIMER), 0x832);
	assert_int_equal(lapic_msr(LAPIC_LVT_LINT0), 0x835);
	assert_int_equal(lapic_msr(LAPIC_LVT_LINT1), 0x836);
	assert_int_equal(lapic_msr(LAPIC_LVT_ERROR), 0x837);
	assert_int_equal(lapic_msr(LAPIC_TIMER_INIT), 0x838);
	assert_int_equal(lapic_msr(LAPIC_TIMER_CUR), 0x839);
	assert_int_equal(lapic_msr(LAPIC_TIMER_DIV), 0x83E);
}

/* ---- lapic_icr_encode ------------------------------------------------------------------ */

static void test_icr_xapic(void **state)
{
	(void)state;
	struct lapic_icr icr = lapic_icr_encode(false, 3, 0x4081);
	assert_int_equal(icr.hi, 0x03000000);
	assert_int_equal(icr.lo, 0x4081);
	icr = lapic_icr_encode(false, 0, LAPIC_ICR_FIXED | 0x80);
	assert_int_equal(icr.hi, 0);
	assert_int_equal(icr.lo, 0x4080);
	icr = lapic_icr_encode(false, 0xFE, LAPIC_ICR_STARTUP | 0x08);
	assert_int_equal(icr.hi, 0xFE000000);
	assert_int_equal(icr.lo, 0x4608);
	icr = lapic_icr_encode(false, 1, LAPIC_ICR_INIT);
	assert_int_equal(icr.hi, 0x01000000);
	assert_int_equal(icr.lo, 0x4500);
}

/* xAPIC has an 8-bit destination: the bits above are dropped, bits 23:0 of ICR_HI stay 0. */
static void test_icr_xapic_truncates(void **state)
{
	(void)state;
	struct lapic_icr icr = lapic_icr_encode(false, 0x1FF, 0x4081);
	assert_int_equal(icr.hi, 0xFF000000);
	assert_int_equal(icr.lo, 0x4081);
	icr = lapic_icr_encode(false, 0x12345, 0x4081);
	assert_int_equal(icr.hi, 0x45000000);
	icr = lapic_icr_encode(false, 0xFFFFFFFF, 0);
	assert_int_equal(icr.hi, 0xFF000000);
	assert_int_equal(icr.lo, 0);
}

/* x2APIC: the full 32-bit ID in ICR 63:32, not shifted. */
static void test_icr_x2apic(void **state)
{
	(void)state;
	struct lapic_icr icr = lapic_icr_encode(true, 0x12345, 0x4081);
	assert_int_equal(icr.hi, 0x12345);
	assert_int_equal(icr.lo, 0x4081);
	icr = lapic_icr_encode(true, 3, 0x4081);
	assert_int_equal(icr.hi, 3);
	icr = lapic_icr_encode(true, 0xFFFFFFFF, LAPIC_ICR_FIXED | 0x81);
	assert_int_equal(icr.hi, 0xFFFFFFFF);
	assert_int_equal(icr.lo, 0x4081);
}

/* The value lapic_send_ipi writes to MSR 0x830 in x2APIC mode: hi << 32 | lo. */
static void test_icr_x2apic_msr_value(void **state)
{
	(void)state;
	struct lapic_icr icr = lapic_icr_encode(true, 0x12345, 0x4081);
	assert_int_equal((uint64_t)icr.hi << 32 | icr.lo, 0x0001234500004081ULL);
	icr = lapic_icr_encode(true, 0xFFFFFFFF, LAPIC_ICR_ALL_BUT_SELF | LAPIC_ICR_FIXED | 0x80);
	assert_int_equal((uint64_t)icr.hi << 32 | icr.lo, 0xFFFFFFFF000C4080ULL);
}

/* The low word passes through unchanged in both modes. */
static void test_icr_low_untouched(void **state)
{
	(void)state;
	static const uint32_t lows[] = { 0, 0x4081, 0x000C4081, 0xFFFFFFFF, 0x80000000 };
	for (unsigned i = 0; i < sizeof(lows) / sizeof(lows[0]); i++) {
		assert_int_equal(lapic_icr_encode(false, 7, lows[i]).lo, lows[i]);
		assert_int_equal(lapic_icr_encode(true, 7, lows[i]).lo, lows[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_msr_table_10_6),
		cmocka_unit_test(test_msr_kernel_names),
		cmocka_unit_test(test_icr_xapic),
		cmocka_unit_test(test_icr_xapic_truncates),
		cmocka_unit_test(test_icr_x2apic),
		cmocka_unit_test(test_icr_x2apic_msr_value),
		cmocka_unit_test(test_icr_low_untouched),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
