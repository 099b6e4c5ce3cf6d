// SPDX-License-Identifier: BSD-2-Clause
/* test_timer.c - common/timer.c: tsc_ticks(), the TSC ticks a delay waits, saturating. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/timer.h"

/* timer.c's other functions touch the HPET, the PIT and the TSC: linked, never called. */

static void test_ticks(void **state)
{
	(void)state;
	assert_int_equal(tsc_ticks(3000000000ULL, 1), 3000);
	assert_int_equal(tsc_ticks(3000000000ULL, 100000), 300000000ULL);
	assert_int_equal(tsc_ticks(2999999999ULL, 1000), 2999000);   /* whole MHz, as time_us */
	assert_int_equal(tsc_ticks(3000000000ULL, 0), 0);
}

static void test_no_clock_waits_nothing(void **state)
{
	(void)state;
	assert_int_equal(tsc_ticks(0, 1000000), 0);
	assert_int_equal(tsc_ticks(999999, UINT64_MAX), 0);          /* under 1 MHz: 0 per us */
}

static void test_huge_delay_saturates(void **state)
{
	(void)state;
	assert_true(tsc_ticks(3000000000ULL, UINT64_MAX) == UINT64_MAX);
	assert_true(tsc_ticks(3000000000ULL, UINT64_MAX / 3000 + 1) == UINT64_MAX);
	assert_true(tsc_ticks(3000000000ULL, UINT64_MAX / 3000) == UINT64_MAX / 3000 * 3000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ticks),
		cmocka_unit_test(test_no_clock_waits_nothing),
		cmocka_unit_test(test_huge_delay_saturates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
