// SPDX-License-Identifier: BSD-2-Clause
/* conbench.c - b_output throughput per console (tests/bench/console_qemu.py): 2,000
 * lines of 79 characters to COM1 alone, to the screen alone (VGA text or framebuffer:
 * every line past the last row scrolls, and every line differs from the one above, so a
 * scroll redraws every cell) and to both, timed with the HPET. Results as
 * TAP diagnostics on COM1. */
#include "baremetal.h"
#include "../tap.h"

#define LINES 2000

static uint64_t lines_per_s(uint64_t mask, char *line, uint64_t len)
{
	uint64_t hz = b_system(TIMECOUNTER_HZ, 0, 0);
	b_system(CONSOLE_SET, mask, 0);
	uint64_t t0 = b_system(TIMECOUNTER, 0, 0);
	for (int i = 0; i < LINES; i++) {
		for (uint64_t j = 0; j + 1 < len; j++)   /* each line differs from the one above */
			line[j] = (char)('!' + (i + j) % 94);
		b_output(line, len);
	}
	uint64_t t1 = b_system(TIMECOUNTER, 0, 0);
	b_system(CONSOLE_SET, B_CONSOLE_SERIAL, 0);
	return t1 > t0 ? LINES * hz / (t1 - t0) : 0;
}

int main(void)
{
	static char line[80];
	uint64_t all = b_system(CONSOLE_GET, 0, 0);
	uint64_t screen = all & (B_CONSOLE_VGA | B_CONSOLE_LFB);

	line[79] = '\n';
	tap_diag("consoles", all);
	tap_diag("serial_lines_per_s", lines_per_s(B_CONSOLE_SERIAL, line, 80));
	if (screen) {
		tap_diag("screen_lines_per_s", lines_per_s(screen, line, 80));
		tap_diag("both_lines_per_s", lines_per_s(all, line, 80));
	}
	tap_ok(screen != 0, "a screen console exists");
	tap_puts(tap_failed ? "# FAILED\n" : "# PASSED\n");
	return 0;
}
