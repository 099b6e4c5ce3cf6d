// SPDX-License-Identifier: BSD-2-Clause
/* smp.c - AP start-up with INIT-SIPI-SIPI through the xAPIC ICR (Intel SDM vol. 3,
 * 8.4.4.1 "Typical BSP Initialization Sequence"). APs run boot/bios/trampoline.asm. */
#include "boot/stage/smp.h"
#include "boot/stage/layout.h"
#include "common/lapic_regs.h"
#include "common/fmt.h"
#include "common/timer.h"
#include "common/x86.h"

extern const uint8_t ap_trampoline_start[], ap_trampoline_end[];

#define TRAMP(off) ((volatile uint32_t *)(uintptr_t)(AP_TRAMPOLINE + (off)))
#define ICR_TIMEOUT_US   1000
#define AP_ARRIVE_US     500000   /* TCG with many vCPUs is slow to schedule them */

static uint64_t hz;

static void send_ipi(uint64_t lapic, uint32_t id, uint32_t icr)
{
	mmio_write32(lapic, LAPIC_ICR_HI, id << 24);
	mmio_write32(lapic, LAPIC_ICR_LO, icr);
	for (int i = 0; i < ICR_TIMEOUT_US; i++) {
		if (!(mmio_read32(lapic, LAPIC_ICR_LO) & LAPIC_ICR_PENDING))
			return;
		tsc_delay_us(hz, 1);
	}
}

uint32_t smp_bsp_id(uint64_t lapic)
{
	return mmio_read32(lapic, LAPIC_ID) >> 24;
}

static bool is_ap(uint32_t id, uint32_t bsp)
{
	/* xAPIC reaches IDs below 255 only; larger ones need x2APIC (kernel side). */
	return id != bsp && id < 255;
}

void smp_send_init(uint64_t lapic, const uint32_t *ids, uint32_t n)
{
	uint32_t bsp = smp_bsp_id(lapic);

	hz = 1000000000ULL;   /* until calibrated: only bounds the ICR poll */
	memcpy((void *)(uintptr_t)AP_TRAMPOLINE, ap_trampoline_start,
	       (size_t)(ap_trampoline_end - ap_trampoline_start));
	*TRAMP(TRAMP_CR3) = (uint32_t)PML4_ADDR;
	*TRAMP(TRAMP_COUNT) = 0;
	*TRAMP(TRAMP_READY) = 0;
	for (uint32_t i = 0; i < n; i++)
		if (is_ap(ids[i], bsp))
			send_ipi(lapic, ids[i], LAPIC_ICR_INIT);
}

uint32_t smp_send_startup(uint64_t lapic, const uint32_t *ids, uint32_t n, uint64_t tsc_hz,
			  uint32_t *active, uint32_t max)
{
	uint32_t bsp = smp_bsp_id(lapic), want = 0;

	hz = tsc_hz ? tsc_hz : 1000000000ULL;
	active[0] = bsp;
	for (uint32_t i = 0; i < n; i++)
		if (is_ap(ids[i], bsp) && want + 1 < max)
			want++;
	if (!want)
		return 1;
	for (int round = 0; round < 2; round++) {
		for (uint32_t i = 0; i < n; i++)
			if (is_ap(ids[i], bsp))
				send_ipi(lapic, ids[i], LAPIC_ICR_STARTUP | (AP_TRAMPOLINE >> 12));
		tsc_delay_us(hz, 200);
		if (*TRAMP(TRAMP_COUNT) >= want)
			break;
	}
	uint64_t start = rdtsc(), wait = tsc_ticks(hz, AP_ARRIVE_US);
	while (*TRAMP(TRAMP_READY) < want && rdtsc() - start < wait)
		cpu_pause();

	uint32_t up = *TRAMP(TRAMP_READY);
	if (up > want)
		up = want;
	const volatile uint8_t *arrived = (const volatile uint8_t *)(uintptr_t)(AP_TRAMPOLINE + TRAMP_IDS);
	for (uint32_t i = 0; i < up; i++)
		active[1 + i] = arrived[i];
	if (up < want)
		kprintf("loader: %u of %u application processors started\n", up, want);
	return 1 + up;
}
