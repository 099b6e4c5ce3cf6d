// SPDX-License-Identifier: BSD-2-Clause
/* serial.c - guest side of tests/system/test_serial.py: COM1 on a line whose reader
 * stalls. Prints "# start dropped=D0" (CONSOLE_DROPPED so far), then numbered lines, one
 * every 500 us, until a key arrives on b_input (the host types one once output flows
 * again after its stall), then "# key at line=K", LINES_AFTER more lines, and
 * "# end lines=N dropped=D" (D: bytes COM1 dropped since "# start"), and exits (33).
 * Line i is "L" + i (6 digits) + " " + 40 letters from (i * 7 + k) % 26, k = 0..39. */
#include "baremetal.h"
#include "../tap.h"

#define LINES_AFTER 100
#define LINES_MAX   200000   /* about two minutes: no key ever came */

static uint8_t inb_lsr(void)
{
	uint8_t v;
	__asm__ volatile("inb $0x3FD, %0" : "=a"(v));   /* COM1 LSR */
	return v;
}

static void line(uint32_t i)
{
	char b[49];
	b[0] = 'L';
	for (uint32_t k = 6, v = i; k >= 1; k--, v /= 10)
		b[k] = (char)('0' + v % 10);
	b[7] = ' ';
	for (uint32_t k = 0; k < 40; k++)
		b[8 + k] = (char)('a' + (i * 7 + k) % 26);
	b[48] = '\n';
	b_output(b, sizeof(b));
}

int main(void)
{
	uint64_t d0 = b_system(CONSOLE_DROPPED, 0, 0);
	uint32_t i = 0, stop = LINES_MAX;

	tap_diag("start dropped", d0);
	for (; i < stop; i++) {
		line(i);
		b_system(DELAY, 500, 0);
		if (stop == LINES_MAX && b_input()) {
			tap_diag("key at line", i + 1);
			stop = i + 1 + LINES_AFTER;
		}
	}
	uint64_t d = b_system(CONSOLE_DROPPED, 0, 0) - d0;
	tap_puts("# end lines=");
	tap_putu(i);
	tap_puts(" dropped=");
	tap_putu(d);
	tap_puts("\n");
	/* QEMU exits at once on isa-debug-exit: what the UART still holds would be lost */
	for (uint32_t n = 0; n < 100000000 && !(inb_lsr() & 0x40); n++)   /* LSR.TEMT */
		;
	tap_exit();
}
