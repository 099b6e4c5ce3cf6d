// SPDX-License-Identifier: BSD-2-Clause
/* time.c - the kernel's clock (kernel/time.h). */
#include "kernel/time.h"
#include "kernel/kernel.h"
#include "common/timer.h"
#include "common/x86.h"

#define TSC_HZ_GUESS 1000000000ULL   /* no clock answered: 1 GHz keeps timeouts finite */

uint64_t tsc_hz;
uint64_t hpet_base;
uint32_t hpet_hz;

void time_init(void)
{
	const struct bootinfo *bi = BOOTINFO;

	hpet_base = bi->hpet_base;
	hpet_hz = hpet_start(hpet_base);
	tsc_hz = bi->cpu_speed_mhz ? (uint64_t)bi->cpu_speed_mhz * 1000000 : tsc_calibrate(hpet_base);
	if (!tsc_hz)
		tsc_hz = TSC_HZ_GUESS;
}

uint64_t time_us(void)
{
	return tsc_hz ? rdtsc() / (tsc_hz / 1000000) : 0;
}

/* Busy-waits on the TSC (calibrated against the HPET): it always runs, so a stopped
 * HPET cannot hang a delay, and no product can overflow. */
void delay_us(uint64_t us)
{
	uint64_t start = time_us();
	while (time_us() - start < us)
		cpu_pause();
}

uint64_t time_counter(void)
{
	return hpet_hz ? hpet_read(hpet_base) : time_us();
}

uint64_t time_counter_hz(void)
{
	return hpet_hz ? hpet_hz : 1000000;
}
