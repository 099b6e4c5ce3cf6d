// SPDX-License-Identifier: BSD-2-Clause
/* out.c - the Monitor's output: strings and numbers through b_output, which writes to
 * every console (COM1 turns "\n" into CR LF). Hex is upper case, as BareMetal's Monitor
 * prints it (its dump_al). */
#include "baremetal.h"
#include "mon.h"
#include "lib/bmfs.h"

uint64_t str_len(const char *s)
{
	uint64_t n = 0;

	while (s[n])
		n++;
	return n;
}

bool str_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

void out_n(const char *s, uint64_t n)
{
	if (n)
		b_output(s, n);
}

void out(const char *s)
{
	out_n(s, str_len(s));
}

void out_dec(uint64_t v)
{
	char b[20];
	int i = sizeof(b);

	do {
		b[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	out_n(b + i, sizeof(b) - (uint64_t)i);
}

void out_hex(uint64_t v, int digits)
{
	char b[16];

	if (digits < 1 || digits > 16)
		digits = 16;
	for (int i = 0; i < digits; i++)
		b[i] = "0123456789ABCDEF"[(v >> (4 * (digits - 1 - i))) & 15];
	out_n(b, (uint64_t)digits);
}

void out_pad(uint64_t used, uint64_t width)
{
	static const char spaces[] = "                                ";
	uint64_t n = used < width ? width - used : 1;

	while (n) {
		uint64_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		out_n(spaces, k);
		n -= k;
	}
}

void out_err(const char *cmd, const char *msg)
{
	out(cmd);
	out(": ");
	out(msg);
	out("\n");
}

void out_err_arg(const char *cmd, const char *msg, const char *arg)
{
	out(cmd);
	out(": ");
	out(msg);
	out(arg);
	out("\n");
}

void out_name(const char *name)
{
	char c[BMFS_NAME_MAX];
	uint64_t n = 0;

	for (; name[n] && n < sizeof(c); n++)
		c[n] = (uint8_t)name[n] < 0x20 || name[n] == 0x7F ? '?' : name[n];
	out_n(c, n);
}
