// SPDX-License-Identifier: BSD-2-Clause
/* memmap.c - E820 sanitizing (ACPI 6.4 chapter 15: INT 15h E820 address range types).
 * Pure code, unit-tested on the host. */
#include <stdbool.h>
#include "boot/stage/memmap.h"

#define MAX_POINTS (2 * 256)

/* Usable ranks lowest; every other type, those above INT32_MAX included, beats it. */
static int64_t rank(uint32_t type)
{
	return type == MEMMAP_USABLE ? 0 : (int64_t)type + 1;
}

int memmap_sanitize(const struct memmap_entry *in, int n, struct memmap_entry *out, int max)
{
	uint64_t pts[MAX_POINTS];
	int np = 0, nout = 0;

	if (n > MAX_POINTS / 2)
		n = MAX_POINTS / 2;
	for (int i = 0; i < n; i++) {
		if (!in[i].length)
			continue;
		uint64_t end = in[i].base + in[i].length;
		if (end < in[i].base)
			end = UINT64_MAX;    /* clamp a record that wraps */
		pts[np++] = in[i].base;
		pts[np++] = end;
	}
	/* insertion sort of the boundaries: n is small */
	for (int i = 1; i < np; i++) {
		uint64_t v = pts[i];
		int j = i - 1;
		for (; j >= 0 && pts[j] > v; j--)
			pts[j + 1] = pts[j];
		pts[j + 1] = v;
	}
	for (int i = 0; i + 1 < np; i++) {
		uint64_t a = pts[i], b = pts[i + 1];
		if (a == b)
			continue;
		uint32_t type = 0;
		int64_t best = -1;
		for (int k = 0; k < n; k++) {
			uint64_t kend = in[k].base + in[k].length;
			if (kend < in[k].base)
				kend = UINT64_MAX;
			/* Type 0 is undefined and would end the zero-terminated map: reserved. */
			uint32_t t = in[k].type ? in[k].type : MEMMAP_RESERVED;
			if (in[k].length && in[k].base <= a && kend >= b && rank(t) > best) {
				best = rank(t);
				type = t;
			}
		}
		if (best < 0)
			continue;             /* a hole between records */
		if (nout && out[nout - 1].type == type && out[nout - 1].base + out[nout - 1].length == a) {
			out[nout - 1].length += b - a;
			continue;
		}
		if (nout == max)
			break;
		out[nout].base = a;
		out[nout].length = b - a;
		out[nout].type = type;
		out[nout].acpi_attr = 1;
		out[nout].reserved = 0;
		nout++;
	}
	return nout;
}

uint64_t memmap_usable_bytes(const struct memmap_entry *m, int n)
{
	uint64_t sum = 0;
	for (int i = 0; i < n; i++)
		if (m[i].type == MEMMAP_USABLE)
			sum += m[i].length;
	return sum;
}

uint64_t memmap_missing(const struct memmap_entry *m, int n, uint64_t base, uint64_t end)
{
	uint64_t missing = end - base;
	for (int i = 0; i < n; i++) {
		uint64_t s = m[i].base > base ? m[i].base : base;
		uint64_t e = m[i].base + m[i].length < end ? m[i].base + m[i].length : end;
		if (m[i].type == MEMMAP_USABLE && s < e)
			missing -= e - s;
	}
	return missing;
}

uint32_t memmap_ram_mib(const struct memmap_entry *m, int n, uint64_t firmware_ram)
{
	uint64_t sum = firmware_ram;
	for (int i = 0; i < n; i++)
		if (m[i].type == MEMMAP_USABLE || m[i].type == MEMMAP_ACPI || m[i].type == MEMMAP_NVS)
			sum += m[i].length;
	return (uint32_t)((sum + (1u << 20) - 1) >> 20);
}

uint64_t memmap_top(const struct memmap_entry *m, int n)
{
	uint64_t top = 0;
	for (int i = 0; i < n; i++)
		if (m[i].type == MEMMAP_USABLE && m[i].base + m[i].length > top)
			top = m[i].base + m[i].length;
	return top;
}
