// SPDX-License-Identifier: BSD-2-Clause
/* test_monitor_num.c - apps/monitor/num.c: the Monitor's hex and decimal numbers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "mon.h"

static void test_hex(void **state)
{
	uint64_t v = 7;

	(void)state;
	assert_int_equal(parse_hex("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(parse_hex("ffff800000000000", &v), 0);
	assert_true(v == 0xFFFF800000000000ULL);
	assert_int_equal(parse_hex("0xDEADbeef", &v), 0);
	assert_true(v == 0xDEADBEEFULL);
	assert_int_equal(parse_hex("0X10", &v), 0);
	assert_true(v == 0x10);
	assert_int_equal(parse_hex("FFFFFFFFFFFFFFFF", &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(parse_hex("0x0000000000000001", &v), 0);   /* 16 digits after 0x */
	assert_true(v == 1);
}

static void test_hex_refused(void **state)
{
	uint64_t v = 7;
	static const char *bad[] = { "", "0x", "12g4", "-1", " 1", "1 ", "x10", "10000000000000000",
				     "0x10000000000000000", "1h" };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse_hex(bad[i], &v), -1);
		assert_true(v == 7);   /* untouched */
	}
}

static void test_dec(void **state)
{
	uint64_t v = 7;

	(void)state;
	assert_int_equal(parse_dec("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(parse_dec("99", &v), 0);
	assert_int_equal(v, 99);
	assert_int_equal(parse_dec("18446744073709551615", &v), 0);
	assert_true(v == UINT64_MAX);
	v = 7;
	assert_int_equal(parse_dec("18446744073709551616", &v), -1);   /* 2^64 */
	assert_int_equal(parse_dec("99999999999999999999", &v), -1);
	assert_int_equal(parse_dec("", &v), -1);
	assert_int_equal(parse_dec("1a", &v), -1);
	assert_int_equal(parse_dec("0x1", &v), -1);
	assert_int_equal(parse_dec("-1", &v), -1);
	assert_true(v == 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_hex_refused),
		cmocka_unit_test(test_dec),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
