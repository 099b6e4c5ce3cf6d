// SPDX-License-Identifier: BSD-2-Clause
/* test_poll.c - drivers/poll.c and util.h's poll clock: poll_until, poll_cond and a wait
 * on the poll clock time out only on a look taken after the deadline. A core can be held up between a look and its clock read (an
 * interrupt; under QEMU's TCG a vCPU waiting for the big lock): a device that finished
 * meanwhile must be found, not given up on. The clock here is scripted: each read
 * advances it, and one read can stand for such a hold-up. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <cmocka.h>

#include "drivers/util.h"
#include "common/errno.h"

#define TIMEOUT_US 1000

static uint64_t now;
static unsigned reads;           /* time_us calls so far */
static unsigned stall_at;        /* the read (1-based) that comes after a hold-up; 0: none */
static volatile uint32_t reg;
static uint32_t reg_after_stall; /* what the device wrote during the hold-up */

uint64_t time_us(void)
{
	if (++reads == stall_at) {
		now += 10 * TIMEOUT_US;
		reg = reg_after_stall;
	}
	return now += 1;
}

static void setup(uint32_t before, unsigned stall, uint32_t after)
{
	now = 5000;
	reads = 0;
	reg = before;
	stall_at = stall;
	reg_after_stall = after;
}

static bool reg_done(void *ctx)
{
	return (*(volatile uint32_t *)ctx & 0x4) != 0;
}

/* The device finishes while the core is held up past the deadline, after a look that
 * found it busy: the look after the clock sees it done. */
static void test_until_done_during_hold_up(void **state)
{
	(void)state;
	setup(0, 3, 0x4);
	assert_int_equal(poll_until(&reg, 0x4, 0x4, TIMEOUT_US), 0);
	setup(0, 3, 0x4);
	assert_int_equal(poll_cond(reg_done, (void *)&reg, TIMEOUT_US), 0);
}

/* A device that never finishes times out, after a hold-up as without one. */
static void test_until_never_done(void **state)
{
	(void)state;
	setup(0, 3, 0);
	assert_int_equal(poll_until(&reg, 0x4, 0x4, TIMEOUT_US), -ETIMEDOUT);
	setup(0, 0, 0);
	assert_int_equal(poll_until(&reg, 0x4, 0x4, TIMEOUT_US), -ETIMEDOUT);
	assert_true(reads > TIMEOUT_US && reads < TIMEOUT_US + 3);   /* one read per look */
	setup(0, 0, 0);
	assert_int_equal(poll_cond(reg_done, (void *)&reg, TIMEOUT_US), -ETIMEDOUT);
}

/* Done at the first look: no wait; the mask and the wanted value both count. */
static void test_until_done_at_once(void **state)
{
	(void)state;
	setup(0x4, 0, 0);
	assert_int_equal(poll_until(&reg, 0x4, 0x4, TIMEOUT_US), 0);
	assert_true(reads <= 2);
	setup(0x3, 0, 0);
	assert_int_equal(poll_until(&reg, 0x4, 0, TIMEOUT_US), 0);   /* waiting for a clear bit */
	setup(0x7, 2, 0x3);
	assert_int_equal(poll_until(&reg, 0x4, 0, TIMEOUT_US), 0);   /* it clears in a hold-up */
	assert_int_equal(reg, 0x3);
}

/* A command wait on the poll clock (drivers/util.h), as nvme_reap or the AHCI wait. */
static int clock_wait(uint64_t timeout_us)
{
	struct poll_clock pc = { 0 };
	while (!(reg & 0x4))
		if (poll_clock_tick(&pc) && poll_clock_expired(&pc, timeout_us))
			return -ETIMEDOUT;
	return 0;
}

/* The poll clock's deadline too counts only for looks taken after it. */
static void test_poll_clock_hold_up(void **state)
{
	(void)state;
	setup(0, 3, 0x4);
	assert_int_equal(clock_wait(TIMEOUT_US), 0);
	setup(0, 3, 0);
	assert_int_equal(clock_wait(TIMEOUT_US), -ETIMEDOUT);
	assert_int_equal(reads, 4);   /* a clock read every POLL_SPINS looks */
	setup(0, 0, 0);
	assert_int_equal(clock_wait(TIMEOUT_US), -ETIMEDOUT);
	assert_true(reads > TIMEOUT_US && reads < TIMEOUT_US + 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_until_done_during_hold_up),
		cmocka_unit_test(test_until_never_done),
		cmocka_unit_test(test_until_done_at_once),
		cmocka_unit_test(test_poll_clock_hold_up),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
