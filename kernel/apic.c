// SPDX-License-Identifier: BSD-2-Clause
/* apic.c - the local APIC in xAPIC mode (Intel SDM vol. 3, chapter 10). */
#include "kernel/kernel.h"
#include "kernel/errno.h"
#include "kernel/lapic_regs.h"
#include "include/x86.h"

#define IPI_TIMEOUT_US 1000

static uint64_t lapic;

void lapic_init(uint64_t base)
{
	lapic = base ? base : (rdmsr(MSR_APIC_BASE) & LAPIC_BASE_MASK);
}

void lapic_enable(void)
{
	wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | LAPIC_BASE_ENABLE);
	mmio_write32(lapic, LAPIC_TPR, 0);
	mmio_write32(lapic, LAPIC_SVR, LAPIC_SVR_ENABLE | VEC_SPURIOUS);
}

uint32_t lapic_id(void)
{
	return mmio_read32(lapic, LAPIC_ID) >> 24;
}

void lapic_eoi(void)
{
	mmio_write32(lapic, LAPIC_EOI, 0);
}

int lapic_send_ipi(uint32_t apic_id, uint8_t vector)
{
	mmio_write32(lapic, LAPIC_ICR_HI, apic_id << 24);
	mmio_write32(lapic, LAPIC_ICR_LO, LAPIC_ICR_FIXED | vector);
	uint64_t start = time_us();
	while (mmio_read32(lapic, LAPIC_ICR_LO) & LAPIC_ICR_PENDING) {
		if (time_us() - start > IPI_TIMEOUT_US)
			return -ETIMEDOUT;
		cpu_pause();
	}
	return 0;
}
