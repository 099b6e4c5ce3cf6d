// SPDX-License-Identifier: BSD-2-Clause
/* poll.c - the drivers' one bounded wait for a register or a DMA status word. The clock
 * is read after each failed look and judged after the next one: only a look taken after
 * the deadline times out (drivers/util.h, the poll clock). */
#include "drivers/util.h"
#include "kernel/driver.h"
#include "common/errno.h"
#include "common/x86.h"

int poll_until(volatile uint32_t *reg, uint32_t mask, uint32_t want, uint64_t timeout_us)
{
	uint64_t start = time_us();
	for (bool late = false;; late = time_us() - start > timeout_us) {
		if ((*reg & mask) == want)
			return 0;
		if (late)
			return -ETIMEDOUT;
		cpu_pause();
	}
}

int poll_cond(bool (*done)(void *ctx), void *ctx, uint64_t timeout_us)
{
	uint64_t start = time_us();
	for (bool late = false;; late = time_us() - start > timeout_us) {
		if (done(ctx))
			return 0;
		if (late)
			return -ETIMEDOUT;
		cpu_pause();
	}
}
