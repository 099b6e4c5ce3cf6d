// SPDX-License-Identifier: BSD-2-Clause
/* kpack.c - the kernel's LZ packer and reference unpacker (format: tools/kpack.h).
 *
 * The packer parses optimally for the format's bit costs: a backward pass over the input
 * gives, for every position, the cheapest way to code the rest, once for "the previous
 * token was a match" (a literal run or a match may follow) and once for "it was a literal
 * run" (a match must follow). Matches come from an exhaustive search of the 32 KiB window
 * (the nearest offset for every length); repeat offsets are taken where they fall out. */
#include "tools/kpack.h"

#include <stdlib.h>
#include <string.h>

#define LIT_MAX   1024u          /* longest literal run the parser tries */
#define MATCH_CUT 512u           /* a match this long ends the search at a position */
#define INF       0xFFFFFFFFu

static unsigned gamma_bits(uint32_t v)
{
	unsigned n = 0;
	while (v >>= 1)
		n++;
	return 2 * n + 1;
}

static unsigned match_bits(uint32_t off, uint32_t len)
{
	return 1 + gamma_bits(((off - 1) >> 8) + 1) + 8 + gamma_bits(len - 1);
}

struct choice {
	uint32_t off;       /* 0: literal run */
	uint32_t len;
};

struct writer {
	uint8_t *out;
	size_t pos, flag_at;
	unsigned flag_room;
};

static void put_bit(struct writer *w, unsigned b)
{
	if (!w->flag_room) {
		w->flag_at = w->pos++;
		w->out[w->flag_at] = 0;
		w->flag_room = 8;
	}
	w->flag_room--;
	w->out[w->flag_at] |= (uint8_t)(b << w->flag_room);
}

static void put_gamma(struct writer *w, uint32_t v)
{
	int top = 31;
	while (!(v >> top))
		top--;
	for (int i = top - 1; i >= 0; i--) {
		put_bit(w, 0);
		put_bit(w, (v >> i) & 1);
	}
	put_bit(w, 1);
}

static void put_byte(struct writer *w, uint8_t b)
{
	w->out[w->pos++] = b;
}

static void put_new_offset(struct writer *w, uint32_t off, uint32_t len)
{
	put_bit(w, 1);
	put_gamma(w, ((off - 1) >> 8) + 1);
	put_byte(w, (uint8_t)(off - 1));
	put_gamma(w, len - 1);
}

size_t kpack(const uint8_t *in, size_t n, uint8_t *out)
{
	/* a[i]: bits for in[i..n) after a match; b[i]: after a literal run */
	uint32_t *a = malloc((n + 1) * sizeof(*a)), *b = malloc((n + 1) * sizeof(*b));
	struct choice *ca = malloc((n + 1) * sizeof(*ca)), *cb = malloc((n + 1) * sizeof(*cb));
	uint32_t *nearest = malloc((KPACK_MAX_LEN + 1) * sizeof(*nearest));
	struct writer w = { .out = out };
	if (!a || !b || !ca || !cb || !nearest)
		abort();

	a[n] = b[n] = 1 + gamma_bits(KPACK_END);
	for (size_t i = n; i-- > 0;) {
		/* nearest[l]: the smallest offset with a match of at least l bytes at i */
		uint32_t best = 0, lim = n - i < KPACK_MAX_LEN ? (uint32_t)(n - i) : KPACK_MAX_LEN;
		size_t lo = i > KPACK_MAX_OFFSET ? i - KPACK_MAX_OFFSET : 0;
		for (size_t j = i; j-- > lo && best < lim && best < MATCH_CUT;) {
			if (in[j + best] != in[i + best])
				continue;
			uint32_t l = 0;
			while (l < lim && in[j + l] == in[i + l])
				l++;
			for (; best < l; best++)
				nearest[best + 1] = (uint32_t)(i - j);
		}
		b[i] = INF;
		cb[i] = (struct choice){ 0, 0 };
		for (uint32_t l = 2; l <= best; l++) {
			if (a[i + l] == INF)
				continue;
			uint32_t c = match_bits(nearest[l], l) + a[i + l];
			if (c < b[i]) {
				b[i] = c;
				cb[i] = (struct choice){ nearest[l], l };
			}
		}
		a[i] = b[i];
		ca[i] = cb[i];
		/* past LIT_MAX only while nothing cheaper was found (a stretch with no match) */
		for (uint32_t k = 1; i + k <= n && (k <= LIT_MAX || a[i] == INF); k++) {
			if (b[i + k] == INF)
				continue;
			uint32_t c = 1 + gamma_bits(k) + 8 * k + b[i + k];
			if (c < a[i]) {
				a[i] = c;
				ca[i] = (struct choice){ 0, k };
			}
		}
	}

	/* The stream starts as if after a match: a literal run (or the end) comes first. */
	size_t i = 0;
	uint32_t last = 0;
	int after_literal = 0;
	while (i < n) {
		struct choice c = after_literal ? cb[i] : ca[i];
		if (!c.off) {                      /* a literal run: only after a match */
			put_bit(&w, 0);
			put_gamma(&w, c.len);
			for (uint32_t k = 0; k < c.len; k++)
				put_byte(&w, in[i++]);
			after_literal = 1;
			continue;
		}
		if (after_literal && c.off == last) {
			put_bit(&w, 0);            /* the last offset again */
			put_gamma(&w, c.len);
		} else {
			put_new_offset(&w, c.off, c.len);
		}
		last = c.off;
		i += c.len;
		after_literal = 0;
	}
	put_bit(&w, 1);
	put_gamma(&w, KPACK_END);
	free(a), free(b), free(ca), free(cb), free(nearest);
	return w.pos;
}

struct reader {
	const uint8_t *in;
	size_t n, pos;
	unsigned flags, room;
	int bad;
};

static uint8_t get_byte(struct reader *r)
{
	if (r->pos >= r->n) {
		r->bad = 1;
		return 0;
	}
	return r->in[r->pos++];
}

static unsigned get_bit(struct reader *r)
{
	if (!r->room) {
		r->flags = get_byte(r);
		r->room = 8;
	}
	r->room--;
	return (r->flags >> r->room) & 1;
}

static uint32_t get_gamma(struct reader *r)
{
	uint32_t v = 1;
	while (!get_bit(r) && !r->bad) {
		if (v >> 24) {
			r->bad = 1;
			return 0;
		}
		v = 2 * v + get_bit(r);
	}
	return v;
}

size_t kunpack(const uint8_t *in, size_t in_n, uint8_t *out, size_t cap)
{
	struct reader r = { .in = in, .n = in_n };
	size_t o = 0;
	uint32_t off = 0, len;
	int new_offset = get_bit(&r);

	for (;;) {
		if (!new_offset) {             /* a literal run */
			len = get_gamma(&r);
			if (r.bad || len > cap - o)
				return (size_t)-1;
			for (uint32_t k = 0; k < len; k++)
				out[o++] = get_byte(&r);
			if (get_bit(&r)) {
				new_offset = 1;
				continue;
			}
			len = get_gamma(&r);   /* the last offset again */
			if (!off)
				return (size_t)-1;
		} else {
			uint32_t hi = get_gamma(&r);
			if (r.bad)
				return (size_t)-1;
			if (hi == KPACK_END)
				return o;
			off = (hi - 1) * 256 + get_byte(&r) + 1;
			len = get_gamma(&r) + 1;
		}
		if (r.bad || off > o || len > cap - o)
			return (size_t)-1;
		for (uint32_t k = 0; k < len; k++, o++)
			out[o] = out[o - off];
		new_offset = get_bit(&r);
	}
}
