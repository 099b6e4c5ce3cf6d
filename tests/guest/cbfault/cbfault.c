// SPDX-License-Identifier: BSD-2-Clause
/* cbfault.c - callbacks and faults (issue 11). The host picks the mode by
 * patching the marker's last letter (tests/system/test_cbfault.py):
 *  T  CALLBACK_TIMER at a 1 us period switched 100,000 times between two functions and
 *     100,000 times on and off, then CALLBACK_NETWORK switched between them (100,000
 *     times and more) under a 50 us timer with a frame waiting: every tick calls one, never
 *     an address made of a mix of their bytes (landing pads in pads.S) or the
 *     program's entry (it counts its runs). Needs two NICs on one QEMU hub.
 * TAP on serial; the verdict through isa-debug-exit (tap.h). */
#include "baremetal.h"
#include "../tap.h"

#define SWITCHES      100000
#define NET_CALLS     2000
#define WAIT_US       20000000

static volatile char mode[] = "CBFAULT-MODE:X";   /* the host patches the X */

/* Outside .bss: crt0 clears .bss, and a stray call of the entry would run it again. */
#define KEPT __attribute__((section(".data")))
KEPT volatile uint64_t runs, a_calls, b_calls, stray;
void cb_a(void), cb_b(void);                  /* pads.S */

static uint64_t now_us(void)
{
	return b_system(TIMECOUNTER, 0, 0) * 1000000 / b_system(TIMECOUNTER_HZ, 0, 0);
}

/* ---- T: torn callback pointers ----------------------------------------------------- */
static volatile uint64_t ticks;
static void tick(void) { ticks++; }

/* CALLBACK_TIMER restarts the timer on every call, and QEMU (TCG) delivers a period
 * under about 20 us at some 500 Hz: ticks seldom come while it is switched. So the
 * second half switches CALLBACK_NETWORK, which leaves a running timer alone, under a
 * 50 us timer (QEMU's fastest) with a frame waiting: every tick calls it, until it ran
 * NET_CALLS times. */
static void mode_torn(void)
{
	uint64_t t0 = now_us(), refused = 0;

	for (uint64_t i = 0; i < SWITCHES; i++)
		refused += b_system(CALLBACK_TIMER, i & 1 ? (uint64_t)cb_b : (uint64_t)cb_a, 1) != 0;
	for (uint64_t i = 0; i < SWITCHES; i++)
		refused += b_system(CALLBACK_TIMER, i & 1 ? 0 : (uint64_t)cb_a, 1) != 0;
	b_system(CALLBACK_TIMER, 0, 0);
	uint64_t timer_calls = a_calls + b_calls;
	tap_diag("timer_switch_ms", (now_us() - t0) / 1000);
	tap_diag("timer_calls", timer_calls);
	tap_diag("timer_stray", stray);

	/* a frame from net0 waits on net1 (one QEMU hub): CALLBACK_NETWORK runs every tick */
	uint8_t frame[60] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 2, 0, 0, 0, 0, 1, 0x88, 0xB5 };
	b_net_tx(frame, sizeof(frame), 0);
	b_system(DELAY, 50000, 0);
	refused += b_system(CALLBACK_TIMER, (uint64_t)tick, 50) != 0;
	t0 = now_us();
	uint64_t i = 0;
	for (; i < SWITCHES || (a_calls + b_calls - timer_calls < NET_CALLS &&
				now_us() - t0 < WAIT_US); i++)
		refused += b_system(CALLBACK_NETWORK, i & 1 ? (uint64_t)cb_b : (uint64_t)cb_a, 0) != 0;
	b_system(CALLBACK_NETWORK, 0, 0);
	b_system(CALLBACK_TIMER, 0, 0);
	uint64_t net_calls = a_calls + b_calls - timer_calls;
	tap_diag("net_switch_ms", (now_us() - t0) / 1000);
	tap_diag("net_switches", i);
	tap_diag("net_ticks", ticks);
	tap_diag("net_calls", net_calls);
	tap_diag("stray", stray);
	tap_ok(!refused, "every callback registration accepted");
	tap_ok(net_calls >= NET_CALLS, "CALLBACK_NETWORK ran on 2,000 ticks while switched");
	tap_ok(stray == 0, "no tick called a mix of the two callbacks' addresses");
}

int main(void)
{
	if (++runs != 1) {
		tap_ok(0, "the program's entry runs once (it ran again, from a tick)");
		tap_exit();
	}
	tap_puts("TAP version 13\n");
	b_output((const char *)mode, sizeof(mode) - 1);
	tap_puts("\n");
	switch (mode[sizeof(mode) - 2]) {
	case 'T':
		mode_torn();
		break;
	default:
		tap_ok(0, "a mode the host patched in");
	}
	tap_exit();
}
