// SPDX-License-Identifier: BSD-2-Clause
/* nvsicount.c - guest instructions per b_nvs_read / b_nvs_write of one 4 KiB sector,
 * per drive and buffer kind (tests/bench/nvs_icount.py runs it under -icount shift=0,
 * where RDTSC counts guest instructions exactly). Each figure is the median of CALLS
 * random-sector calls, each timed alone as RDTSC; call; RDTSC, less the measured cost of
 * two back-to-back RDTSCs (printed as overhead=); polling included, and the least. The
 * calls start when a byte arrives on COM1 after "# ready". */
#include "baremetal.h"
#include "../tap.h"

#define CALLS  101
#define SECTOR 4096

static uint8_t *const prog = (uint8_t *)0xFFFF800000000000ULL;   /* program memory */
static uint8_t payload_buf[2 * SECTOR] __attribute__((aligned(SECTOR)));   /* in 0x1E0000.. */
static uint64_t d_all[CALLS];

static inline uint64_t tsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static uint64_t median(uint64_t *v, int n)
{
	for (int i = 1; i < n; i++)   /* insertion sort: n is small */
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v[n / 2];
}

static uint64_t overhead;
static uint64_t rng = 88172645463325252ULL;

static uint64_t next(uint64_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng % n;
}

/* Median instructions of one call; *ok cleared when a call did not move one sector. */
static uint64_t min_seen;

static uint64_t measure(uint64_t d, uint64_t n, uint8_t *buf, int wr, int *ok)
{
	for (int i = 0; i < CALLS; i++) {
		uint64_t s = wr ? 8000 + (uint64_t)i % 64 : next(n), t0 = tsc();
		uint64_t got = wr ? b_nvs_write(buf, s, 1, d) : b_nvs_read(buf, s, 1, d);
		uint64_t t1 = tsc();
		d_all[i] = t1 - t0 - overhead;
		if (got != 1)
			*ok = 0;
	}
	uint64_t m = median(d_all, CALLS);
	min_seen = d_all[0];
	return m;
}

static void line(uint64_t d, const char *type, const char *what, uint64_t v)
{
	uint64_t least = min_seen;
	tap_puts("# icount drive=");
	tap_putu(d);
	tap_puts(" type=");
	tap_puts(type);
	tap_puts(" ");
	tap_puts(what);
	tap_puts("=");
	tap_putu(v);
	tap_puts(" min=");
	tap_putu(least);
	tap_puts("\n");
}

int main(void)
{
	struct b_nvs_info info;
	uint64_t o[CALLS];

	for (int i = 0; i < CALLS; i++) {
		uint64_t t0 = tsc();
		o[i] = tsc() - t0;
	}
	overhead = median(o, CALLS);
	tap_diag("overhead", overhead);
	for (int i = 0; i < CALLS; i++) {   /* what the bounce copy of one sector costs */
		void *dst = prog, *src = prog + SECTOR;
		uint64_t n = SECTOR, t0 = tsc();
		__asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
		o[i] = tsc() - t0 - overhead;
	}
	tap_diag("copy4k", median(o, CALLS));
	/* the script may turn on QEMU's instruction trace here (tests/bench/nvs_trace.py):
	 * the calls start at the first byte on COM1 */
	tap_puts("# ready\n");
	while (!b_input())
		;
	for (uint64_t d = 0; b_system(NVS_INFO, d, (uint64_t)&info); d++) {
		static const struct { const char *name; uint8_t *buf; } bufs[] = {
			{ "read_prog", 0 }, { "read_payload", payload_buf }, { "read_prog_odd", 0 },
		};
		int ok = 1;
		uint8_t *odd = prog + 0x100000 + 4;   /* dword aligned, across a page */
		for (unsigned k = 0; k < sizeof(bufs) / sizeof(bufs[0]); k++)
			line(d, info.type, bufs[k].name,
			     measure(d, info.sectors, k == 0 ? prog : k == 2 ? odd : bufs[k].buf, 0, &ok));
		line(d, info.type, "write_prog", measure(d, info.sectors, prog, 1, &ok));
		tap_ok(ok, "every call moved its sector");
	}
	tap_exit();
}
