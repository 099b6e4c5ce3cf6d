// SPDX-License-Identifier: BSD-2-Clause
/* qbench.c - work queue figures inside QEMU (tests/bench/queue_qemu.py boots it on 1-8
 * cores): empty-task throughput, and the latency from SMP_TASK_PUSH to the task's first
 * instruction on another core (or on this one, when it is alone). */
#include "baremetal.h"
#include "../tap.h"

#define THROUGHPUT_TASKS 200000
#define LATENCY_SAMPLES  2000

static volatile uint64_t started;
static uint64_t lat[LATENCY_SAMPLES];

static void empty(uint64_t arg) { (void)arg; }
static void stamp(uint64_t arg) { (void)arg; started = b_system(TSC, 0, 0); }

static uint64_t hpet_us(void)
{
	return b_system(TIMECOUNTER, 0, 0) * 1000000 / b_system(TIMECOUNTER_HZ, 0, 0);
}

int main(void)
{
	uint64_t cores = b_system(SMP_NUMCORES, 0, 0);

	/* TSC ticks per microsecond, against the HPET. */
	uint64_t u0 = hpet_us(), c0 = b_system(TSC, 0, 0);
	b_system(DELAY, 20000, 0);
	uint64_t tsc_per_us = (b_system(TSC, 0, 0) - c0) / (hpet_us() - u0);

	uint64_t t0 = hpet_us();
	for (uint64_t i = 0; i < THROUGHPUT_TASKS; i++)
		while (b_task_push(empty, i) != 0)
			b_task_wait(0);
	b_task_wait(0);
	uint64_t dt = hpet_us() - t0;

	for (int i = 0; i < LATENCY_SAMPLES; i++) {
		started = 0;
		uint64_t before = b_system(TSC, 0, 0);
		b_task_push(stamp, 0);
		if (cores == 1)
			b_task_wait(0);
		while (!started)
			__asm__ volatile("pause");
		lat[i] = (started - before) * 1000 / tsc_per_us;   /* ns */
		b_task_wait(0);
	}
	for (int i = 1; i < LATENCY_SAMPLES; i++) {   /* insertion sort: small n */
		uint64_t v = lat[i];
		int j = i - 1;
		for (; j >= 0 && lat[j] > v; j--)
			lat[j + 1] = lat[j];
		lat[j + 1] = v;
	}
	tap_diag("bench_cores", cores);
	tap_diag("tasks_per_s", (uint64_t)THROUGHPUT_TASKS * 1000000 / (dt ? dt : 1));
	tap_diag("latency_ns_median", lat[LATENCY_SAMPLES / 2]);
	tap_diag("latency_ns_p99", lat[LATENCY_SAMPLES * 99 / 100]);
	tap_ok(1, "benchmark ran");
	tap_exit();
}
