// SPDX-License-Identifier: BSD-2-Clause
/* poll.c - the drivers' one bounded wait for a register or a DMA status word. */
#include "drivers/util.h"
#include "kernel/driver.h"
#include "common/errno.h"
#include "common/x86.h"

int poll_until(volatile uint32_t *reg, uint32_t mask, uint32_t want, uint64_t timeout_us)
{
	uint64_t start = time_us();
	while ((*reg & mask) != want) {
		if (time_us() - start > timeout_us)
			return -ETIMEDOUT;
		cpu_pause();
	}
	return 0;
}

int poll_cond(bool (*done)(void *ctx), void *ctx, uint64_t timeout_us)
{
	uint64_t start = time_us();
	while (!done(ctx)) {
		if (time_us() - start > timeout_us)
			return -ETIMEDOUT;
		cpu_pause();
	}
	return 0;
}
