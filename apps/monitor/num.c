// SPDX-License-Identifier: BSD-2-Clause
/* num.c - numbers typed at the prompt: addresses, values and counts in hex (as
 * BareMetal's Monitor reads them, an optional 0x allowed), file numbers in decimal.
 * Unlike BareMetal's, which stops at the first bad digit, a bad digit or a number too
 * big for 64 bits is an error. */
#include "mon.h"

#define HEX_DIGITS_MAX 16

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int parse_hex(const char *s, uint64_t *v)
{
	uint64_t x = 0;
	int n = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; *s; s++, n++) {
		int d = hex_digit(*s);
		if (d < 0 || n == HEX_DIGITS_MAX)
			return -1;
		x = x << 4 | (uint64_t)d;
	}
	if (!n)
		return -1;
	*v = x;
	return 0;
}

int parse_dec(const char *s, uint64_t *v)
{
	uint64_t x = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		uint64_t d = (uint64_t)(*s - '0');
		if (x > (UINT64_MAX - d) / 10)
			return -1;
		x = x * 10 + d;
	}
	*v = x;
	return 0;
}
