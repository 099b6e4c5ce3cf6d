// SPDX-License-Identifier: BSD-2-Clause
/* test_siphash.c - lib/net/siphash.c against the reference vectors of SipHash-2-4
 * (the reference implementation's vectors.h: key 00 01 .. 0f, message 00 01 .. n-1;
 * n = 15 is the paper's Appendix A example), on the host. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "siphash.h"

static const uint64_t key[2] = { 0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull };

/* The reference's output bytes, read as a little-endian word. */
static uint64_t le(const uint8_t b[8])
{
	uint64_t w = 0;
	for (int i = 0; i < 8; i++)
		w |= (uint64_t)b[i] << (8 * i);
	return w;
}

static void test_vectors(void **state)
{
	static const struct {
		size_t n;
		uint8_t out[8];
	} v[] = {
		{ 0, { 0x31, 0x0e, 0x0e, 0xdd, 0x47, 0xdb, 0x6f, 0x72 } },
		{ 1, { 0xfd, 0x67, 0xdc, 0x93, 0xc5, 0x39, 0xf8, 0x74 } },
		{ 7, { 0x37, 0xd1, 0x01, 0x8b, 0xf5, 0x00, 0x02, 0xab } },
		{ 8, { 0x62, 0x24, 0x93, 0x9a, 0x79, 0xf5, 0xf5, 0x93 } },
		{ 15, { 0xe5, 0x45, 0xbe, 0x49, 0x61, 0xca, 0x29, 0xa1 } },
		{ 40, { 0xd0, 0xa7, 0x04, 0x53, 0x6b, 0xa9, 0x3e, 0x0e } },   /* isn.c's length */
		{ 63, { 0x72, 0x45, 0x06, 0xeb, 0x4c, 0x32, 0x8a, 0x95 } },
	};
	uint8_t m[64];
	(void)state;
	for (size_t i = 0; i < sizeof(m); i++)
		m[i] = (uint8_t)i;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		assert_int_equal(bm_siphash24(key, m, v[i].n), le(v[i].out));
}

/* Another key gives another value: the key is used (a keyless hash passes no vector). */
static void test_key_matters(void **state)
{
	static const uint64_t other[2] = { 0x0706050403020101ull, 0x0f0e0d0c0b0a0908ull };
	uint8_t m[40] = { 0 };
	(void)state;
	assert_int_not_equal(bm_siphash24(key, m, sizeof(m)), bm_siphash24(other, m, sizeof(m)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_key_matters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
