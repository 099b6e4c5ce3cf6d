// SPDX-License-Identifier: BSD-2-Clause
/* check.c - a big program (1 or 32 MiB of initialised data, 1 MiB of .bss) checks
 * that it arrived whole: every data byte against the pattern it was built with
 * (pattern.h), every .bss byte zero, and FREE_MEMORY below what the program takes. */
#include "baremetal.h"
#include "pattern.h"

extern const uint8_t big_data[], big_data_end[];
uint8_t big_bss[1 << 20];   /* global and read through volatile: gcc may not fold it to 0 */
extern char _end[];

static void say(const char *s)
{
	uint64_t n = 0;
	while (s[n])
		n++;
	b_output(s, n);
}

static void say_u(uint64_t v)
{
	char buf[24], *p = buf + sizeof(buf);
	*--p = 0;
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	say(p);
}

int main(void)
{
	uint64_t n = (uint64_t)(big_data_end - big_data), bad = 0, first = ~0ULL, zero_bad = 0;

	for (uint64_t i = 0; i < n; i++)
		if (big_data[i] != big_pattern(i)) {
			if (!bad++)
				first = i;
		}
	for (uint64_t i = 0; i < sizeof(big_bss); i++)
		zero_bad += ((volatile uint8_t *)big_bss)[i] != 0;
	/* the heap starts at _end: program memory after it is FREE_MEMORY MiB, at least */
	uint64_t free_mib = b_system(FREE_MEMORY, 0, 0);
	say("big: data ");
	say_u(n);
	say(" bytes, ");
	say_u(bad);
	say(" wrong");
	if (bad) {
		say(", first at ");
		say_u(first);
	}
	say("; bss ");
	say_u(sizeof(big_bss));
	say(" bytes, ");
	say_u(zero_bad);
	say(" not zero; program ");
	say_u((uint64_t)(_end - (char *)0xFFFF800000000000ULL) >> 10);
	say(" KiB, free ");
	say_u(free_mib);
	say(" MiB\n");
	return 0;
}
