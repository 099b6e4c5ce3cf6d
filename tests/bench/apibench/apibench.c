// SPDX-License-Identifier: BSD-2-Clause
/* apibench.c - the cost of every API entry (tests/bench/api_qemu.py, issue 16). Each figure
 * is RDTSC before and after a loop of N calls, divided by N; the smallest of ROUNDS rounds
 * (a timer interrupt inside one round is not the call's cost). Under QEMU's -icount shift=0
 * the TSC counts guest instructions, so the figures are instructions per call, the
 * program's loop included (the "loop" line: an empty loop's count per iteration). Without
 * icount they are TSC cycles; "ns=" is per call against the HPET either way.
 * Output: "bench: <name> instr=<per call, one decimal> ns=<per call>" lines, then TAP.
 * Drive 0 and interface 0, whatever QEMU gives. */
#include "baremetal.h"
#include "../../guest/icount.h"

#define N_FAST   10000          /* calls per round: b_system, b_input, b_output, b_net_rx */
#define N_TX     1000
#define N_NVS    200
#define N_TASK   200
#define FRAME    1514
#define ETH_TYPE 0x88B5         /* IEEE local experimental */

static uint8_t *const buf = (uint8_t *)0xFFFF800000000000ULL;   /* program memory */
static uint8_t frame[FRAME];
static uint64_t lba[N_NVS];
static uint64_t tsc_per_ms;
static volatile uint64_t started;

static uint64_t hpet_us(void)
{
	return b_system(TIMECOUNTER, 0, 0) * 1000000 / b_system(TIMECOUNTER_HZ, 0, 0);
}

/* One line: best per-call figure in tenths, and ns from the TSC's rate. */
#define MEASURE(name, n, body) MEASURE_TSC(name, n, tsc_per_ms, body)

static void stamp(uint64_t arg) { (void)arg; started = rdtsc(); }

int main(void)
{
	uint64_t cores = b_system(SMP_NUMCORES, 0, 0);
	uint64_t u0 = hpet_us(), c0 = rdtsc();
	b_system(DELAY, 20000, 0);
	tsc_per_ms = (rdtsc() - c0) * 1000 / (hpet_us() - u0);
	tap_diag("cores", cores);
	tap_diag("tsc_per_ms", tsc_per_ms);

	MEASURE("loop", N_FAST, __asm__ volatile("" : : "r"(i) : "memory"));
	MEASURE("smp_id", N_FAST, b_system(SMP_ID, 0, 0));
	MEASURE("smp_numcores", N_FAST, b_system(SMP_NUMCORES, 0, 0));
	MEASURE("timecounter", N_FAST, b_system(TIMECOUNTER, 0, 0));
	MEASURE("tsc", N_FAST, b_system(TSC, 0, 0));
	MEASURE("input_empty", N_FAST, b_input());

	/* b_output with every console off: the entry, its checks and the lock, no device. */
	uint64_t on = b_system(CONSOLE_GET, 0, 0);
	b_system(CONSOLE_SET, 0, 0);
	uint64_t t0 = rdtsc();
	for (int i = 0; i < N_FAST; i++)
		b_output("x", 1);
	uint64_t out = rdtsc() - t0;
	b_system(CONSOLE_SET, on, 0);
	icount_report("output_1_off", out, N_FAST, tsc_per_ms);

	uint64_t mac = b_system(NET_STATUS, 0, 0);
	tap_diag("net0", mac != 0);
	if (mac) {
		void *f;
		uint64_t got = 0;
		MEASURE("net_rx_empty", N_FAST, got += b_net_rx(&f, 0));
		tap_ok(got == 0, "nothing received while polling");
		for (int i = 0; i < 6; i++) {
			frame[i] = 0xFF;
			frame[6 + i] = (uint8_t)(mac >> (40 - 8 * i));
		}
		frame[12] = ETH_TYPE >> 8;
		frame[13] = ETH_TYPE & 0xFF;
		for (int i = 14; i < FRAME; i++)
			frame[i] = (uint8_t)i;
		MEASURE("net_tx_1514", N_TX, b_net_tx(frame, FRAME, 0));
		struct b_net_stats st;
		tap_ok(b_system(NET_STATS, (uint64_t)&st, 0) == 0, "NET_STATS after the transmits");
	}

	struct b_nvs_info info;
	uint64_t sectors = b_system(NVS_INFO, 0, (uint64_t)&info);
	tap_diag("nvs0", sectors);
	if (sectors > 1024) {
		tap_puts("# nvs0_type=");
		tap_puts(info.type);
		tap_puts("\n");
		uint64_t x = 88172645463325252ULL, ok = 0;
		for (int i = 0; i < N_NVS; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			lba[i] = x % (sectors - 1);
		}
		MEASURE("nvs_read_4k", N_NVS, ok += b_nvs_read(buf, lba[i], 1, 0));
		tap_ok(ok == ROUNDS * N_NVS, "every read completed");
		for (int i = 0; i < 4096; i++)
			buf[i] = (uint8_t)(i * 7);
		ok = 0;
		/* writes go to the last sectors (the bench disk is a scratch file) */
		MEASURE("nvs_write_4k", N_NVS, ok += b_nvs_write(buf, sectors - 1 - (i & 63), 1, 0));
		tap_ok(ok == ROUNDS * N_NVS, "every write completed");
	}

	/* SMP_TASK_PUSH -> the task's first instruction: on another core when there is one,
	 * else at this core's b_task_wait. Best of N_TASK, in TSC units. */
	uint64_t best = ~0ULL;
	for (int i = 0; i < N_TASK; i++) {
		started = 0;
		uint64_t before = rdtsc();
		b_task_push(stamp, 0);
		if (cores == 1)
			b_task_wait(0);
		while (!started)
			__asm__ volatile("pause");
		if (started - before < best)
			best = started - before;
		b_task_wait(0);
	}
	icount_report(cores == 1 ? "task_push_start_self" : "task_push_start_other", best, 1, tsc_per_ms);

	tap_ok(1, "benchmark ran");
	tap_exit();
}
