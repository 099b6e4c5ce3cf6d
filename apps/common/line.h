/* SPDX-License-Identifier: BSD-2-Clause */
/* line.h - the demos' output without a C library: a line built in a buffer (strings,
 * decimal and hex numbers) and written with one b_output, so lines from several cores
 * never mix within a line. A line longer than the buffer is written in pieces. */
#ifndef DEMO_LINE_H
#define DEMO_LINE_H

#include <stdint.h>
#include "baremetal.h"

struct line {
	uint64_t n;
	char buf[256];
};

static inline void ln_flush(struct line *l)
{
	b_output(l->buf, l->n);
	l->n = 0;
}

static inline void ln_c(struct line *l, char c)
{
	if (l->n == sizeof(l->buf))
		ln_flush(l);
	l->buf[l->n++] = c;
}

/* at most max bytes of s, up to its NUL */
static inline void ln_sn(struct line *l, const char *s, uint64_t max)
{
	for (uint64_t i = 0; i < max && s[i]; i++)
		ln_c(l, s[i]);
}

static inline void ln_s(struct line *l, const char *s)
{
	ln_sn(l, s, UINT64_MAX);
}

static inline void ln_u(struct line *l, uint64_t v)
{
	char d[20];
	int k = 0;
	do
		d[k++] = (char)('0' + v % 10);
	while (v /= 10);
	while (k)
		ln_c(l, d[--k]);
}

/* hex, lower case, at least digits digits */
static inline void ln_x(struct line *l, uint64_t v, int digits)
{
	int k = 16;
	while (k > digits && !(v >> (4 * (k - 1))))
		k--;
	while (k--)
		ln_c(l, "0123456789abcdef"[(v >> (4 * k)) & 0xF]);
}

/* ends the line and writes it */
static inline void ln_out(struct line *l)
{
	ln_c(l, '\n');
	ln_flush(l);
}

#endif
