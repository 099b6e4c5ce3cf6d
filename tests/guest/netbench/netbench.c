// SPDX-License-Identifier: BSD-2-Clause
/* netbench.c - network figures inside QEMU (tests/bench/net_qemu.py is the host peer), on
 * interface 0, all frames of EtherType 0x88B5:
 *   1. the cost of one b_net_rx poll with nothing to receive: median TSC cycles of
 *      POLLS calls, timed one by one with b_system(TSC) (the peer sends nothing yet);
 *   2. TX_FRAMES frames of 1514 bytes sent as fast as b_net_tx returns, timed on the
 *      HPET, then one frame "DONE" (the peer drains the socket all along);
 *   3. "# ready", then every 0x88B5 frame is echoed back (MACs swapped) until one whose
 *      payload starts with "EXIT": TAP summary and isa-debug-exit.
 * Figures leave as "# key=value" lines. */
#include "baremetal.h"
#include "../tap.h"
#include "../mem.h"

#define ETH_TYPE   0x88B5
#define POLLS      10000
#define TX_FRAMES  20000
#define TX_LEN     1514


/* a frame given to b_net_tx stays unchanged until the next b_net_tx returns (README
 * "Network"): DONE has a buffer of its own, echoes alternate between two */
static uint8_t txf[1536], done[64], echo[2][1536];
static uint64_t *const cyc = (uint64_t *)0xFFFF800000000000ULL;   /* program memory */

/* median by insertion sort: 10,000 values, a few times, is quick enough */
static uint64_t median(uint64_t *v, int n)
{
	for (int i = 1; i < n; i++) {
		uint64_t x = v[i];
		int j = i - 1;
		for (; j >= 0 && v[j] > x; j--)
			v[j + 1] = v[j];
		v[j + 1] = x;
	}
	return v[n / 2];
}

int main(void)
{
	uint64_t m = b_system(NET_STATUS, 0, 0);
	static const uint8_t bcast[6] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
	struct b_net_stats a, b;

	tap_ok(m != 0, "interface 0 present");
	if (!m)
		tap_exit();

	/* 1. empty polls: a warm-up run, then the measured one, then the timer read alone
	 * (two back-to-back b_system(TSC) calls) for reference */
	uint64_t got = 0;
	for (int run = 0; run < 2; run++)
		for (int i = 0; i < POLLS; i++) {
			void *f;
			uint64_t s = b_system(TSC, 0, 0);
			got += b_net_rx(&f, 0) != 0;
			cyc[i] = b_system(TSC, 0, 0) - s;
		}
	tap_ok(got == 0, "nothing received while polling");
	tap_diag("rx_poll_cycles", median(cyc, POLLS));
	for (int i = 0; i < POLLS; i++) {
		uint64_t s = b_system(TSC, 0, 0);
		cyc[i] = b_system(TSC, 0, 0) - s;
	}
	tap_diag("tsc_read_cycles", median(cyc, POLLS));

	/* 2. transmit */
	for (int k = 0; k < 6; k++) {
		txf[k] = bcast[k];
		txf[6 + k] = (uint8_t)(m >> (40 - 8 * k));
	}
	txf[12] = ETH_TYPE >> 8;
	txf[13] = ETH_TYPE & 0xFF;
	txf[14] = 'T', txf[15] = 'X', txf[16] = 'B', txf[17] = 'N';
	for (int k = 18; k < TX_LEN; k++)
		txf[k] = (uint8_t)k;
	b_system(NET_STATS, (uint64_t)(uintptr_t)&a, 0);
	uint64_t hz = b_system(TIMECOUNTER_HZ, 0, 0);
	uint64_t c0 = b_system(TIMECOUNTER, 0, 0);
	for (int i = 0; i < TX_FRAMES; i++)
		b_net_tx(txf, TX_LEN, 0);
	uint64_t ticks = b_system(TIMECOUNTER, 0, 0) - c0;
	b_system(NET_STATS, (uint64_t)(uintptr_t)&b, 0);
	uint64_t sent = b.tx_frames - a.tx_frames;
	tap_ok(sent == TX_FRAMES && b.tx_errors == a.tx_errors, "every frame transmitted");
	tap_diag("tx_frames", sent);
	tap_diag("tx_us", ticks * 1000000 / hz);
	tap_diag("tx_frames_s", ticks ? sent * hz / ticks : 0);
	memcpy(done, txf, 14);
	memcpy(done + 14, "DONE", 4);
	/* again every 2 ms until the peer's first frame: a NIC without flow control (e1000)
	 * may lose frames while QEMU's queue to the peer is full after the burst; the peer
	 * takes the first DONE, then starts the round trips */
	tap_puts("# ready\n");
	uint64_t next = 0;

	/* 3. echo */
	for (int k = 0;; ) {
		void *fp;
		uint64_t len = b_net_rx(&fp, 0);
		const uint8_t *f = fp;
		if (!len && next != ~0ULL) {
			uint64_t now = b_system(TIMECOUNTER, 0, 0);
			if (now >= next) {
				b_net_tx(done, 60, 0);
				next = now + hz / 500;
			}
		}
		if (len < 14 || (f[12] << 8 | f[13]) != ETH_TYPE)
			continue;
		next = ~0ULL;   /* the peer is here: no more DONE */
		if (len >= 18 && f[14] == 'E' && f[15] == 'X' && f[16] == 'I' && f[17] == 'T')
			tap_exit();
		uint8_t *e = echo[k ^= 1];
		memcpy(e, f, len);
		for (int j = 0; j < 6; j++) {
			e[j] = f[6 + j];
			e[6 + j] = f[j];
		}
		b_net_tx(e, len, 0);
	}
}
