// SPDX-License-Identifier: BSD-2-Clause
/* echo.c - prints every key b_input returns, for the keyboard tests (tests/system/
 * test_input.py): printable ASCII as is, any other code as <xx> in hex, Enter as <1c> and
 * a new line. The host patches the mode letter of ECHO-MODE:X:
 *   X  b_input in a loop (the default)
 *   C  CALLBACK_KEYBOARD: the same output from the callback, the program idles
 *   L  first 100 numbered lines (the screen scrolling test), then as X
 *   R  every key as the byte itself (Enter as a new line): the screens' control
 *      characters (backspace 0x0E, tab) typed for real */
#include "baremetal.h"
#include "../tap.h"

static volatile char mode[] = "ECHO-MODE:X";

static void show(uint8_t k)
{
	char b[5];
	if (k >= 0x20 && k <= 0x7E) {
		b[0] = (char)k;
		b_output(b, 1);
		return;
	}
	b[0] = '<';
	b[1] = "0123456789abcdef"[k >> 4];
	b[2] = "0123456789abcdef"[k & 15];
	b[3] = '>';
	b[4] = '\n';
	b_output(b, k == 0x1C ? 5 : 4);
}

static void on_key(uint64_t key)
{
	show((uint8_t)key);
}

int main(void)
{
	char m = mode[10];

	if (m == 'L') {
		for (int i = 0; i < 100; i++) {
			char line[] = "scroll line 000\n";
			line[12] = (char)('0' + i / 100);
			line[13] = (char)('0' + i / 10 % 10);
			line[14] = (char)('0' + i % 10);
			tap_puts(line);
		}
	}
	if (m == 'C') {
		b_system(CALLBACK_KEYBOARD, (uint64_t)on_key, 0);
		tap_puts("echo: ready (callback)\n");
		for (;;)
			__asm__ volatile("hlt");
	}
	tap_puts("echo: ready\n");
	for (;;) {
		uint8_t k = b_input();
		if (k && m == 'R') {
			char c = k == 0x1C ? '\n' : (char)k;
			b_output(&c, 1);
		} else if (k) {
			show(k);
		}
		else
			__asm__ volatile("pause");
	}
}
