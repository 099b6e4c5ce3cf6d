// SPDX-License-Identifier: BSD-2-Clause
/* power.c - SHUTDOWN, REBOOT or RESET, chosen by the byte the host patches into `which`
 * (tests/system/test_smp.py), after a line that says which. */
#include "baremetal.h"
#include "../tap.h"

/* The host replaces the 'X' of this marker with 'S', 'B' or 'R'. */
static volatile char which[] = "POWER-ACTION:X";

static void spin(void)
{
	for (;;)
		__asm__ volatile("pause");
}

int main(void)
{
	char w = which[13];
	if (w == 'S') {
		tap_puts("power: shutdown\n");
		b_system(SHUTDOWN, 0, 0);
	} else if (w == 'B') {
		tap_puts("power: reboot\n");
		b_system(REBOOT, 0, 0);
	} else if (w == 'R') {
		uint64_t cores = b_system(SMP_NUMCORES, 0, 0);
		for (uint64_t id = 1; id < cores; id++)
			b_system(SMP_SET, (uint64_t)spin, id);   /* busy cores RESET must stop */
		tap_puts("power: reset\n");
		b_system(RESET, 0, 0);
		tap_puts("power: still here after RESET\n");
	}
	tap_puts("power: the call returned\n");
	return 0;
}
