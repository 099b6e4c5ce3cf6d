// SPDX-License-Identifier: BSD-2-Clause
/* mem.c - peek, poke and dump (BareMetal-Monitor's, src/monitor.asm: hex addresses,
 * values and counts, widths 1, 2, 4 or 8 bytes), with the checks BareMetal's lacks, so a
 * mistyped address gets a line, never a fault of the Monitor:
 *   read (peek, dump): the first MiB (tables, information table, legacy areas), the RAM
 *     records of the memory map at 0x6000 (usable, ACPI, NVS) below the identity map's
 *     end (0x50C0), and program memory from 0xFFFF800000000000 up to the per-core
 *     stacks (program_limit); never MMIO, holes or the stacks' guard pages;
 *   write (poke): program memory up to the stacks only: what programs own. The kernel's
 *     memory below 4 MiB, the Monitor itself (the payload area) and the identity alias
 *     of program memory (which holds the stacks) are refused. */
#include "baremetal.h"
#include "bootinfo.h"
#include "mon.h"

#define LOW_MEMORY_END   0x100000ULL
#define IDENTITY_DEFAULT (4ULL << 30)   /* a loader that leaves 0x50C0 zero: kernel/memcheck.c */
#define MEMMAP           ((const volatile struct memmap_entry *)0x6000)
#define MEMMAP_MAX       127            /* records, zero-terminated (common/memlayout.h) */
#define DUMP_LINE        16             /* bytes a dump line shows */

static const volatile struct bootinfo *const info = (const volatile struct bootinfo *)INFO_TABLE;

static bool ram_type(uint32_t t)
{
	return t == MEMMAP_USABLE || t == MEMMAP_ACPI || t == MEMMAP_NVS;
}

/* The end of the readable region holding a, 0 when a is in none. */
static uint64_t region_end(uint64_t a)
{
	uint64_t id_end = info->identity_end ? info->identity_end : IDENTITY_DEFAULT;

	if (a >= PROGRAM_BASE)
		return a < program_limit() ? program_limit() : 0;
	if (a < LOW_MEMORY_END)
		return LOW_MEMORY_END;
	for (int i = 0; i < MEMMAP_MAX && MEMMAP[i].length; i++) {
		uint64_t base = MEMMAP[i].base, end = base + MEMMAP[i].length;
		if (ram_type(MEMMAP[i].type) && a >= base && a < end && a < id_end)
			return end < id_end ? end : id_end;
	}
	return 0;
}

/* [a, a + len) lies in readable regions, one after another. */
static bool readable(uint64_t a, uint64_t len)
{
	uint64_t end = a + len;

	if (!len || end < a)
		return false;
	while (a < end) {
		uint64_t r = region_end(a);
		if (!r)
			return false;
		a = r;
	}
	return true;
}

static bool writable(uint64_t a, uint64_t len)
{
	uint64_t end = a + len;

	return len && end > a && a >= PROGRAM_BASE && end <= program_limit();
}

static uint64_t load(uint64_t a, int width)
{
	switch (width) {
	case 1: return *(const volatile uint8_t *)a;
	case 2: return *(const volatile uint16_t *)a;
	case 4: return *(const volatile uint32_t *)a;
	default: return *(const volatile uint64_t *)a;
	}
}

static void store(uint64_t a, uint64_t v, int width)
{
	switch (width) {
	case 1: *(volatile uint8_t *)a = (uint8_t)v; break;
	case 2: *(volatile uint16_t *)a = (uint16_t)v; break;
	case 4: *(volatile uint32_t *)a = (uint32_t)v; break;
	default: *(volatile uint64_t *)a = v; break;
	}
}

/* 1, 2, 4 or 8 from s; def when s is NULL; 0 for anything else. */
static int width_arg(const char *s, int def)
{
	uint64_t w;

	if (!s)
		return def;
	if (parse_dec(s, &w) || (w != 1 && w != 2 && w != 4 && w != 8))
		return 0;
	return (int)w;
}

static int usage(const char *cmd, const char *msg, const char *args)
{
	out(cmd);
	out(": ");
	out(msg);
	out(" (");
	out(cmd);
	out(" ");
	out(args);
	out(")\n");
	return -1;
}

int cmd_peek(int argc, char **argv)
{
	uint64_t a;
	int w;

	if (argc < 2 || argc > 3)
		return usage("peek", argc < 2 ? "Insufficient argument(s)" : "Too many arguments", "ADDR [1|2|4|8]");
	if (parse_hex(argv[1], &a) || !(w = width_arg(argc > 2 ? argv[2] : 0, 1)))
		return usage("peek", "Invalid argument(s)", "ADDR [1|2|4|8]");
	if (!readable(a, (uint64_t)w)) {
		out_err("peek", "not readable memory (RAM or program memory)");
		return -1;
	}
	out_hex(load(a, w), 2 * w);
	out("\n");
	return 0;
}

/* Without a width the value's digits choose it, as in BareMetal's Monitor (2, 4, 8 or
 * 16 digits: 1, 2, 4 or 8 bytes), any other count rounded up to the next of those. */
int cmd_poke(int argc, char **argv)
{
	uint64_t a, v;
	int w;

	if (argc < 3 || argc > 4)
		return usage("poke", argc < 3 ? "Insufficient argument(s)" : "Too many arguments", "ADDR VALUE [1|2|4|8]");
	if (parse_hex(argv[1], &a) || parse_hex(argv[2], &v))
		return usage("poke", "Invalid argument(s)", "ADDR VALUE [1|2|4|8]");
	if (argc == 4) {
		w = width_arg(argv[3], 0);
	} else {
		const char *d = argv[2];
		uint64_t n = str_len(d) - (d[0] == '0' && (d[1] == 'x' || d[1] == 'X') ? 2 : 0);
		w = n <= 2 ? 1 : n <= 4 ? 2 : n <= 8 ? 4 : 8;
	}
	if (!w || (w < 8 && v >> (8 * w)))
		return usage("poke", "Invalid argument(s)", "ADDR VALUE [1|2|4|8]");
	if (!writable(a, (uint64_t)w)) {
		out_err("poke", "not program memory (0xFFFF800000000000 up to the stacks)");
		return -1;
	}
	store(a, v, w);
	return 0;
}

static void dump_chars(uint64_t a, uint64_t n)
{
	char c[DUMP_LINE];

	for (uint64_t i = 0; i < n; i++) {
		uint8_t b = *(const volatile uint8_t *)(a + i);
		c[i] = b > 0x20 && b < 0x7F ? (char)b : ' ';
	}
	out(" | ");
	out_n(c, n);
}

int cmd_dump(int argc, char **argv)
{
	uint64_t a, count;
	int w;

	if (argc < 3 || argc > 4)
		return usage("dump", argc < 3 ? "Insufficient argument(s)" : "Too many arguments", "ADDR COUNT [1|2|4|8]");
	if (parse_hex(argv[1], &a) || parse_hex(argv[2], &count) || !count ||
	    !(w = width_arg(argc > 3 ? argv[3] : 0, 1)) || count > UINT64_MAX / (uint64_t)w)
		return usage("dump", "Invalid argument(s)", "ADDR COUNT [1|2|4|8]");
	if (!readable(a, count * (uint64_t)w)) {
		out_err("dump", "not readable memory (RAM or program memory)");
		return -1;
	}
	uint64_t per_line = DUMP_LINE / (uint64_t)w;
	for (uint64_t i = 0; i < count; i += per_line) {
		if (key_stop("dump"))
			return -1;
		uint64_t line = a + i * (uint64_t)w, n = count - i < per_line ? count - i : per_line;
		out_hex(line, 16);
		out(":");
		for (uint64_t j = 0; j < n; j++) {
			out(" ");
			out_hex(load(line + j * (uint64_t)w, w), 2 * w);
		}
		if (w == 1) {
			if (n < per_line)
				out_pad(n * 3, per_line * 3);
			dump_chars(line, n);
		}
		out("\n");
	}
	return 0;
}
