/* SPDX-License-Identifier: BSD-2-Clause */
/* icount.h - guest instructions per call, for the benchmark guests (tests/bench/apibench,
 * tests/guest/netcalls): under QEMU's -icount shift=0 RDTSC counts guest instructions, so
 * MEASURE times ROUNDS loops of n calls and reports the best as "bench: <name> instr=<per
 * call>" (tenths), then " ns=<per call>" by tsc_per_ms (TSC ticks per ms; 0 when the
 * guest does not time wall clock: no ns= then). */
#ifndef GUEST_ICOUNT_H
#define GUEST_ICOUNT_H

#include <stdint.h>
#include "tap.h"

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return (uint64_t)hi << 32 | lo;
}

#ifndef ROUNDS
#define ROUNDS 5
#endif

static inline void icount_report(const char *name, uint64_t best, uint64_t n, uint64_t tsc_per_ms)
{
	uint64_t tenths = (best * 10 + n / 2) / n;
	tap_puts("bench: ");
	tap_puts(name);
	tap_puts(" instr=");
	tap_putu(tenths / 10);
	tap_puts(".");
	tap_putu(tenths % 10);
	if (tsc_per_ms) {
		tap_puts(" ns=");
		tap_putu(best * 1000000 / tsc_per_ms / n);
	}
	tap_puts("\n");
}

#define MEASURE_TSC(name, n, tsc_per_ms, body)                        \
	do {                                                              \
		uint64_t best_ = ~0ULL;                                       \
		for (int r_ = 0; r_ < ROUNDS; r_++) {                         \
			uint64_t t0_ = rdtsc();                                   \
			for (uint64_t i = 0; i < (n); i++) {                      \
				body;                                                 \
			}                                                         \
			uint64_t d_ = rdtsc() - t0_;                              \
			if (d_ < best_)                                           \
				best_ = d_;                                           \
		}                                                             \
		icount_report(name, best_, n, tsc_per_ms);                    \
	} while (0)

#endif
