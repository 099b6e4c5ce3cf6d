// SPDX-License-Identifier: BSD-2-Clause
/* netcalls.c - instructions per b_net_tx and b_net_rx call (tests/bench/netcalls_qemu.py,
 * issue 16), on interface 0 with nothing to receive. Each figure is RDTSC before and after
 * a loop of N calls, divided by N, the smallest of ROUNDS rounds (a timer interrupt inside
 * one round is not the call's cost). Under QEMU's -icount shift=0 the TSC counts guest
 * instructions: the figures are instructions per call, the loop included ("loop": an
 * empty loop's iteration). Frames of EtherType 0x88B5 (IEEE local experimental), from the
 * payload area (.bss), from program memory and at an odd address there, alternating
 * between two buffers as the README's reuse rule asks. Output: "bench: <name> instr=<per
 * call, one decimal>" lines, then TAP. */
#include "baremetal.h"
#include "../icount.h"

#define N_RX     10000
#define N_TX     1000
#define FRAME    1514
#define ETH_TYPE 0x88B5

static uint8_t bss[2][2048] __attribute__((aligned(64)));
static uint8_t *const prog = (uint8_t *)0xFFFF800000100000ULL;   /* program memory */

#define MEASURE(name, n, body) MEASURE_TSC(name, n, 0, body)

/* One call at a time after SPACE_LOOPS of pause (untimed): the device has finished the
 * frame before, so the figure is the kernel's own path, not a wait for the device model
 * (virtio-net's transmit completes in QEMU's main loop, in host time). The median of
 * N_SPACED calls. */
#define N_SPACED    63
#define SPACE_LOOPS 20000

static void measure_spaced(const char *name, const uint8_t *f, uint64_t len)
{
	uint64_t d[N_SPACED];
	for (int k = 0; k < N_SPACED; k++) {
		for (int j = 0; j < SPACE_LOOPS; j++)
			__asm__ volatile("pause");
		uint64_t t0 = rdtsc();
		b_net_tx(f, len, 0);
		d[k] = rdtsc() - t0;
	}
	for (int a = 1; a < N_SPACED; a++)   /* insertion sort: the median */
		for (int b = a; b > 0 && d[b - 1] > d[b]; b--) {
			uint64_t t = d[b];
			d[b] = d[b - 1];
			d[b - 1] = t;
		}
	icount_report(name, d[N_SPACED / 2], 1, 0);
}

static void fill(uint8_t *f, uint64_t mac)
{
	for (int i = 0; i < 6; i++) {
		f[i] = 0xFF;
		f[6 + i] = (uint8_t)(mac >> (40 - 8 * i));
	}
	f[12] = ETH_TYPE >> 8;
	f[13] = ETH_TYPE & 0xFF;
	for (int i = 14; i < FRAME; i++)
		f[i] = (uint8_t)i;
}

int main(void)
{
	uint64_t mac = b_system(NET_STATUS, 0, 0);
	tap_ok(mac != 0, "interface 0 present");
	if (!mac)
		tap_exit();
	uint8_t *p[2] = { prog, prog + 4096 }, *odd[2] = { prog + 8192 + 1, prog + 12288 + 3 };
	for (int k = 0; k < 2; k++) {
		fill(bss[k], mac);
		fill(p[k], mac);
		fill(odd[k], mac);
	}
	struct b_net_stats a, b;
	b_system(NET_STATS, (uint64_t)(uintptr_t)&a, 0);

	void *f;
	uint64_t got = 0;
	MEASURE("loop", N_RX, __asm__ volatile("" : : "r"(i) : "memory"));
	MEASURE("net_rx_empty", N_RX, got += b_net_rx(&f, 0));
	tap_ok(got == 0, "nothing received while polling");
	MEASURE("net_tx_1514_payload", N_TX, b_net_tx(bss[i & 1], FRAME, 0));
	MEASURE("net_tx_1514_program", N_TX, b_net_tx(p[i & 1], FRAME, 0));
	MEASURE("net_tx_1514_odd", N_TX, b_net_tx(odd[i & 1], FRAME, 0));
	MEASURE("net_tx_60", N_TX, b_net_tx(p[i & 1], 60, 0));
	MEASURE("net_tx_42", N_TX, b_net_tx(p[i & 1], 42, 0));
	measure_spaced("net_tx_1514_payload_spaced", bss[0], FRAME);
	measure_spaced("net_tx_1514_program_spaced", p[0], FRAME);

	b_system(NET_STATS, (uint64_t)(uintptr_t)&b, 0);
	tap_ok(b.tx_frames - a.tx_frames == 5 * ROUNDS * N_TX + 2 * N_SPACED, "every frame counted as sent");
	tap_ok(b.tx_errors == a.tx_errors, "no transmit errors");
	tap_exit();
}
