// SPDX-License-Identifier: BSD-2-Clause
/* apic.c - the local APIC in xAPIC (MMIO) or x2APIC (MSR) mode, x2APIC whenever the CPU
 * has it (Intel SDM vol. 3, 10.4 and 10.12), and its timer for CALLBACK_TIMER. The mode
 * choice and register encodings are pure functions, unit-tested: QEMU's TCG has no
 * x2APIC, so QEMU exercises the xAPIC side. */
#include "kernel/kernel.h"
#include "kernel/apic.h"
#include "common/errno.h"
#include "common/lapic_regs.h"
#include "common/x86.h"

#define IPI_TIMEOUT_US 1000
#define TIMER_DIV_16   0x3
#define TIMER_PERIODIC (1u << 17)
#define CAL_US         1000

static uint64_t lapic;
static bool x2;
static uint64_t ticks_per_ms;

uint32_t lapic_msr(uint32_t off)
{
	return X2APIC_MSR_BASE + (off >> 4);
}

struct lapic_icr lapic_icr_encode(bool x2apic, uint32_t dest, uint32_t low)
{
	struct lapic_icr icr;
	if (x2apic) {
		icr.hi = dest;      /* one 64-bit write to MSR 0x830: destination in 63:32 */
		icr.lo = low;
	} else {
		icr.hi = (dest & 0xFF) << 24;
		icr.lo = low;
	}
	return icr;
}

static __attribute__((noinline)) uint32_t rd(uint32_t off)
{
	return x2 ? (uint32_t)rdmsr(lapic_msr(off)) : mmio_read32(lapic, off);
}

static void wr(uint32_t off, uint32_t v)
{
	if (x2)
		wrmsr(lapic_msr(off), v);
	else
		mmio_write32(lapic, off, v);
}

void lapic_init(uint64_t base)
{
	uint32_t r[4];
	cpuid(1, 0, r);
	x2 = (r[2] >> 21) & 1;
	lapic = base ? base : (rdmsr(MSR_APIC_BASE) & LAPIC_BASE_MASK);
}

void lapic_enable(void)
{
	uint64_t b = rdmsr(MSR_APIC_BASE) | LAPIC_BASE_ENABLE;
	if (x2)
		b |= LAPIC_BASE_X2APIC;   /* xAPIC -> x2APIC is allowed directly (10.12.5) */
	wrmsr(MSR_APIC_BASE, b);
	wr(LAPIC_TPR, 0);
	wr(LAPIC_LVT_TIMER, LAPIC_LVT_MASKED);
	wr(LAPIC_LVT_ERROR, LAPIC_LVT_MASKED);
	wr(LAPIC_SVR, LAPIC_SVR_ENABLE | VEC_SPURIOUS);
}

uint32_t lapic_id(void)
{
	if (!x2 && !lapic)
		return 0;          /* before lapic_init: only the BSP runs (console lock) */
	return x2 ? (uint32_t)rdmsr(lapic_msr(LAPIC_ID)) : mmio_read32(lapic, LAPIC_ID) >> 24;
}

void lapic_eoi(void)
{
	wr(LAPIC_EOI, 0);
}

/* Each EOI ends the highest priority interrupt in service (SDM vol. 3, 10.8.4-10.8.5),
 * and a nested one always outranks those it interrupted: so the count of in-service bits
 * less keep EOIs end the interrupts above the innermost keep. */
void lapic_eoi_all_but(uint32_t keep)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < 8; i++)   /* 8 registers of 32 vectors, 16 bytes apart */
		for (uint32_t isr = rd(LAPIC_ISR + i * 0x10); isr; isr &= isr - 1)
			n++;
	while (n-- > keep)
		lapic_eoi();
}

int lapic_send_ipi(uint32_t apic_id, uint8_t vector)
{
	struct lapic_icr icr = lapic_icr_encode(x2, apic_id, LAPIC_ICR_FIXED | vector);
	if (x2) {
		/* x2APIC has no delivery status to poll (10.12.9). */
		wrmsr(lapic_msr(LAPIC_ICR_LO), (uint64_t)icr.hi << 32 | icr.lo);
		return 0;
	}
	mmio_write32(lapic, LAPIC_ICR_HI, icr.hi);
	mmio_write32(lapic, LAPIC_ICR_LO, icr.lo);
	uint64_t start = time_us();
	/* the clock read after a look, judged after the next (drivers/util.h) */
	for (bool late = false;; late = time_us() - start > IPI_TIMEOUT_US) {
		if (!(mmio_read32(lapic, LAPIC_ICR_LO) & LAPIC_ICR_PENDING))
			return 0;
		if (late)
			return -ETIMEDOUT;
		cpu_pause();
	}
}

/* Timer ticks per millisecond at divide-by-16, measured once against the TSC. */
static uint64_t timer_rate(void)
{
	if (!ticks_per_ms) {
		wr(LAPIC_TIMER_DIV, TIMER_DIV_16);
		wr(LAPIC_LVT_TIMER, LAPIC_LVT_MASKED);
		wr(LAPIC_TIMER_INIT, 0xFFFFFFFF);
		delay_us(CAL_US);
		uint64_t ticks = 0xFFFFFFFFu - rd(LAPIC_TIMER_CUR);
		wr(LAPIC_TIMER_INIT, 0);
		ticks_per_ms = ticks * 1000 / CAL_US;
	}
	return ticks_per_ms;
}

int lapic_timer_start(uint64_t period_us, uint8_t vector)
{
	uint64_t count = timer_rate() * period_us / 1000;
	if (!count || count > 0xFFFFFFFFu || period_us > 0xFFFFFFFFu)   /* no wrapped product */
		return -EINVAL;
	wr(LAPIC_TIMER_DIV, TIMER_DIV_16);
	wr(LAPIC_LVT_TIMER, TIMER_PERIODIC | vector);
	wr(LAPIC_TIMER_INIT, (uint32_t)count);
	return 0;
}

void lapic_timer_stop(void)
{
	wr(LAPIC_LVT_TIMER, LAPIC_LVT_MASKED);
	wr(LAPIC_TIMER_INIT, 0);
}
