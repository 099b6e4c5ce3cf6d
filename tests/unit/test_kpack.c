// SPDX-License-Identifier: BSD-2-Clause
/* test_kpack.c - tools/kpack.c's packer against two decoders: its C reference and the
 * kernel's own (kernel/unlz.inc, the code kernel.sys's stub runs), on inputs that reach
 * every token: empty, one byte, incompressible bytes, long runs (overlapping matches),
 * repeat offsets, offsets at the window's edge, and the built kernel (KERNEL_BIN, the
 * Makefile's build/kernel.bin). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tools/kpack.h"

uint8_t *unlz_host(const uint8_t *packed, uint8_t *out);

#define MAX (128 * 1024)
static uint8_t in[MAX], packed[MAX + MAX / 8 + 16], ref[MAX], out[MAX + 64];

static uint32_t rng = 2463534242u;
static uint8_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return (uint8_t)rng;
}

/* Packs in[0..n) and checks both decoders give it back, the kernel's writing nothing
 * past the end. Returns the packed size. */
static size_t round_trip(size_t n)
{
	size_t m = kpack(in, n, packed);
	assert_true(m <= kpack_bound(n));
	assert_int_equal(kunpack(packed, m, ref, sizeof(ref)), n);
	assert_memory_equal(ref, in, n);
	memset(out, 0xA5, sizeof(out));
	uint8_t *end = unlz_host(packed, out);
	assert_int_equal(end - out, n);
	assert_memory_equal(out, in, n);
	for (size_t i = n; i < n + 64; i++)
		assert_int_equal(out[i], 0xA5);
	return m;
}

static void test_tiny(void **state)
{
	(void)state;
	round_trip(0);
	in[0] = 0x42;
	round_trip(1);
	in[1] = 0x42;
	round_trip(2);
	memcpy(in, "abcabcabc", 9);
	round_trip(9);
}

static void test_incompressible(void **state)
{
	(void)state;
	for (size_t i = 0; i < 20000; i++)
		in[i] = next_random();
	size_t m = round_trip(20000);
	assert_true(m < 20000 + 20000 / 8 + 16);
}

static void test_runs(void **state)
{
	(void)state;
	memset(in, 0, 70000);               /* longer than one match: overlapping copies */
	assert_true(round_trip(70000) < 64);
	for (size_t i = 0; i < 9000; i++)   /* a period of 3 */
		in[i] = (uint8_t)"xyz"[i % 3];
	round_trip(9000);
}

/* A literal, then the same offset again: the repeat-offset token. Words at random
 * places out of a small dictionary give both new and repeated offsets. */
static void test_repeat_offsets(void **state)
{
	(void)state;
	static const char *words[] = { "mov ", "rax, ", "[rsi]", "call ", "ret\n", "push rbp\n" };
	size_t n = 0;
	while (n < 30000) {
		const char *w = words[next_random() % 6];
		size_t l = strlen(w);
		memcpy(in + n, w, l);
		n += l;
		in[n++] = next_random() & 7;
	}
	size_t m = round_trip(n);
	assert_true(m < n / 2);
}

/* Matches at offsets 1 .. KPACK_MAX_OFFSET and none past it. */
static void test_window_edge(void **state)
{
	(void)state;
	size_t n = KPACK_MAX_OFFSET + 4000;
	for (size_t i = 0; i < n; i++)
		in[i] = next_random();
	memcpy(in + KPACK_MAX_OFFSET, in, 2000);       /* exactly the largest offset */
	memcpy(in + KPACK_MAX_OFFSET + 2000, in + 100, 2000); /* just past it */
	size_t m = round_trip(n);
	assert_true(m < n - 1900);
}

static void test_kernel(void **state)
{
	(void)state;
	FILE *f = fopen(KERNEL_BIN, "rb");
	assert_non_null(f);
	size_t n = fread(in, 1, MAX, f);
	fclose(f);
	assert_true(n > 4096);
	size_t m = round_trip(n);
	print_message("kernel: %zu -> %zu bytes\n", n, m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tiny),
		cmocka_unit_test(test_incompressible),
		cmocka_unit_test(test_runs),
		cmocka_unit_test(test_repeat_offsets),
		cmocka_unit_test(test_window_edge),
		cmocka_unit_test(test_kernel),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
