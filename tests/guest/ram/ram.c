// SPDX-License-Identifier: BSD-2-Clause
/* ram.c - guest checks at the smallest RAM the system boots in (tests/system/test_ram.py):
 * the program memory FREE_MEMORY names is mapped and writable, and every core's stack
 * still has its guard page: each other core overflows its stack from SMP_SET code, then
 * the program overflows its own as its last act. TAP on serial; the host counts the
 * crash reports (one #DF per core, each core going on). */
#include "baremetal.h"
#include "../tap.h"

#define MAXID 256

static volatile uint64_t good_done;

static uint64_t deep(uint64_t n)
{
	volatile uint8_t pad[512];
	pad[0] = (uint8_t)n;
	return n ? deep(n - 1) + pad[0] : 0;
}

static void overflow(void) { good_done += deep(1000000) * 0; }
static void good(uint64_t unused) { (void)unused; __atomic_add_fetch(&good_done, 1, __ATOMIC_RELAXED); }

int main(void)
{
	uint64_t cores = b_system(SMP_NUMCORES, 0, 0), me = b_system(SMP_ID, 0, 0);
	tap_puts("TAP version 13\n");
	tap_diag("cores", cores);

	uint64_t free_mib = b_system(FREE_MEMORY, 0, 0);
	tap_diag("free_mib", free_mib);
	if (free_mib) {
		volatile uint64_t *p = (volatile uint64_t *)0xFFFF800000000000ULL;
		uint64_t n = (free_mib << 20) / 8, bad = 0;
		for (uint64_t i = 0; i < n; i += 512)
			p[i] = i ^ 0x5A5A5A5A5A5A5A5AULL;
		p[n - 1] = 0x0123456789ABCDEFULL;
		for (uint64_t i = 0; i < n; i += 512)
			bad += p[i] != (i ^ 0x5A5A5A5A5A5A5A5AULL);
		tap_ok(!bad && p[n - 1] == 0x0123456789ABCDEFULL,
		       "program memory is mapped and writable, page by page, to its last byte");
	} else {
		tap_puts("ok 1 - program memory # SKIP FREE_MEMORY is 0\n");
		tap_n++;
	}

	/* Every other core overflows its stack into its guard page. Nothing is printed
	 * until they are done: their crash reports would cut into the TAP lines. */
	uint64_t sent = 0;
	for (uint64_t id = 0; id < MAXID; id++)
		if (id != me && b_system(SMP_SET, (uint64_t)overflow, id))
			sent++;
	uint64_t hz = b_system(TIMECOUNTER_HZ, 0, 0), t0 = b_system(TIMECOUNTER, 0, 0);
	while (b_system(SMP_BUSY, 0, 0) && b_system(TIMECOUNTER, 0, 0) - t0 < 10 * hz)
		;
	tap_diag("overflows_sent", sent);
	tap_ok(sent == cores - 1, "SMP_SET reached every other core");
	tap_ok(!b_system(SMP_BUSY, 0, 0), "every overflowing core went back to idle");

	/* The cores still take work afterwards. */
	good_done = 0;
	for (uint64_t i = 0; i < 4 * cores; i++)
		while (b_task_push(good, 0) != 0)
			b_task_wait(0);
	b_task_wait(0);
	tap_ok(good_done == 4 * cores, "tasks run after the overflows");
	tap_plan((uint64_t)tap_n);   /* the trailing plan: the program ends in a fault, not tap_exit */
	tap_puts(tap_failed ? "# FAILED\n" : "# PASSED\n");

	/* Last: this core's own stack. The program is abandoned; its core idles. */
	tap_puts("# overflowing the program's stack\n");
	overflow();
	tap_puts("still running\n");
	return 0;
}
