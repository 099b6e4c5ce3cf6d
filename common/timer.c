// SPDX-License-Identifier: BSD-2-Clause
/* timer.c - HPET main counter, TSC calibration against the HPET or PIT channel 2, and a
 * delay on the TSC.
 * Tested against QEMU's hpet and i8254 (pc and q35). */
#include "common/timer.h"
#include "common/hpet_regs.h"
#include "common/x86.h"

#define CAL_MS          10
#define SPIN_LIMIT      200000000ULL   /* iterations before a dead clock is declared */
#define HPET_MAX_PERIOD 100000000ULL   /* 100 ns, the specification's upper bound */

uint32_t hpet_start(uint64_t base)
{
	if (!base)
		return 0;
	uint64_t period = mmio_read64(base, HPET_GCAP_ID) >> 32;
	if (!period || period > HPET_MAX_PERIOD)
		return 0;
	uint32_t conf = mmio_read32(base, HPET_GEN_CONF);
	if (!(conf & HPET_CONF_ENABLE))
		mmio_write32(base, HPET_GEN_CONF, conf | HPET_CONF_ENABLE);
	return (uint32_t)(HPET_FS_PER_S / period);
}

uint64_t hpet_read(uint64_t base)
{
	return mmio_read64(base, HPET_MAIN_COUNTER);
}

static uint64_t calibrate_hpet(uint64_t base)
{
	uint32_t hz = hpet_start(base);
	if (!hz)
		return 0;
	uint64_t ticks = (uint64_t)hz * CAL_MS / 1000;
	uint64_t h0 = hpet_read(base), t0 = rdtsc();
	for (uint64_t i = 0; i < SPIN_LIMIT; i++) {
		uint64_t h = hpet_read(base);
		if (h - h0 >= ticks) {
			uint64_t t1 = rdtsc();
			return (t1 - t0) * hz / (h - h0);
		}
	}
	return 0;
}

static uint64_t calibrate_pit(void)
{
	const uint16_t count = PIT_HZ * CAL_MS / 1000;
	uint8_t gate = inb(PIT_CH2_GATE_PORT);

	outb(PIT_CH2_GATE_PORT, (gate & ~0x02) | 0x01);   /* gate on, speaker off */
	outb(PIT_COMMAND, PIT_CH2_MODE0_LOHI);
	outb(PIT_CH2_DATA, count & 0xFF);
	outb(PIT_CH2_DATA, count >> 8);
	uint64_t t0 = rdtsc();
	for (uint64_t i = 0; i < SPIN_LIMIT; i++) {
		if (inb(PIT_CH2_GATE_PORT) & 0x20) {      /* OUT2 goes high at terminal count */
			uint64_t t1 = rdtsc();
			outb(PIT_CH2_GATE_PORT, gate);
			return (t1 - t0) * 1000 / CAL_MS;
		}
	}
	outb(PIT_CH2_GATE_PORT, gate);
	return 0;
}

uint64_t tsc_calibrate(uint64_t hpet_base)
{
	uint64_t hz = hpet_base ? calibrate_hpet(hpet_base) : 0;
	return hz ? hz : calibrate_pit();
}

uint64_t tsc_ticks(uint64_t tsc_hz, uint64_t us)
{
	uint64_t t;
	return __builtin_mul_overflow(tsc_hz / 1000000, us, &t) ? UINT64_MAX : t;
}

void tsc_delay_us(uint64_t tsc_hz, uint64_t us)
{
	uint64_t start = rdtsc(), ticks = tsc_ticks(tsc_hz, us);
	while (rdtsc() - start < ticks)
		cpu_pause();
}
