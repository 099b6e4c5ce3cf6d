/* SPDX-License-Identifier: BSD-2-Clause */
/* tap.h - TAP output and the QEMU exit for guest test programs. The verdict leaves
 * through isa-debug-exit (iobase 0xf4): status 33 = all passed, 35 = a failure. The
 * plan line 1..N comes first (tap_plan) or, by default, last (tap_exit); the host
 * checks it against the number of checks it expects (tests/system/qemu.py assert_tap). */
#ifndef TAP_H
#define TAP_H

#include <stdint.h>
#include "baremetal.h"

static int tap_n, tap_failed, tap_planned;

static inline uint64_t tap_len(const char *s)
{
	uint64_t n = 0;
	while (s[n])
		n++;
	return n;
}

static inline void tap_puts(const char *s) { b_output(s, tap_len(s)); }

static inline void tap_putu(uint64_t v)
{
	char b[24];
	int i = 23;
	b[i] = 0;
	do {
		b[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	tap_puts(b + i);
}

static inline void tap_puthex(uint64_t v)
{
	char b[19] = "0x";
	for (int i = 0; i < 16; i++)
		b[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
	b[18] = 0;
	tap_puts(b);
}

static inline void tap_ok(int cond, const char *name)
{
	tap_n++;
	if (!cond)
		tap_failed++;
	tap_puts(cond ? "ok " : "not ok ");
	tap_putu((uint64_t)tap_n);
	tap_puts(" - ");
	tap_puts(name);
	tap_puts("\n");
}

/* The plan up front, for a program that knows how many checks it makes. */
static inline void tap_plan(uint64_t n)
{
	tap_puts("1..");
	tap_putu(n);
	tap_puts("\n");
	tap_planned = 1;
}

/* "# key=value" lines the host side cross-checks against what QEMU was given. */
static inline void tap_diag(const char *key, uint64_t v)
{
	tap_puts("# ");
	tap_puts(key);
	tap_puts("=");
	tap_putu(v);
	tap_puts("\n");
}

static inline void __attribute__((noreturn)) tap_exit(void)
{
	if (!tap_planned)
		tap_plan((uint64_t)tap_n);   /* a trailing plan: the checks that ran */
	tap_puts(tap_failed ? "# FAILED " : "# PASSED ");
	tap_putu((uint64_t)(tap_n - tap_failed));
	tap_puts("/");
	tap_putu((uint64_t)tap_n);
	tap_puts("\n");
	uint8_t v = tap_failed ? 0x11 : 0x10;
	__asm__ volatile("outb %0, $0xf4" : : "a"(v));
	for (;;)
		__asm__ volatile("cli; hlt");
}

#endif
