/* SPDX-License-Identifier: BSD-2-Clause */
/* util.h - what every driver writes the same way: the compiler barrier and one-time
 * accesses for memory a device writes by DMA (descriptors, rings, status words), the
 * struct around a member, and a bounded wait for a register. x86-64 keeps stores in
 * order and loads in order (SDM vol. 3, 9.2.2), so for write-back memory shared with a
 * device only the compiler must be kept from caching, merging or reordering accesses. */
#ifndef DRIVERS_UTIL_H
#define DRIVERS_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kernel/driver.h"
#include "common/x86.h"

/* The compiler neither moves memory accesses across it nor keeps memory in registers. */
#define barrier() __asm__ volatile("" ::: "memory")

/* One access of x, exactly where it stands: a load of a field the device may have
 * changed since (a descriptor's DD or cycle bit), a store the device will read. */
#define READ_ONCE(x)     (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

/* The struct of type holding the member at ptr. */
#define container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

/* A 32-bit memory-mapped register at base + off, as poll_until reads it. */
#define MMIO32(base, off) ((volatile uint32_t *)(uintptr_t)((base) + (off)))

/* Polls until (*reg & mask) == want, reg a device register or a dword the device writes
 * by DMA, for up to timeout_us: 0, or -ETIMEDOUT. */
int poll_until(volatile uint32_t *reg, uint32_t mask, uint32_t want, uint64_t timeout_us);

/* The same wait for what is not one dword in memory (an I/O port, a byte register):
 * until done(ctx) is true, for up to timeout_us: 0, or -ETIMEDOUT. */
int poll_cond(bool (*done)(void *ctx), void *ctx, uint64_t timeout_us);

/* A lean wait for one command: each failed look of what says done costs a pause, and
 * only every POLL_SPINS looks (poll_clock_tick true) does the caller check the errors that
 * leave it unchanged and poll_clock_expired read the clock, the deadline counting from the
 * first such check. So a look is a few instructions and every wait stays bounded. Only a
 * look taken after the deadline times a wait out: poll_clock_expired judges the clock it
 * read at the check before, and the caller's looks since came after that reading. A core
 * held up past the deadline (an interrupt; under QEMU's TCG a vCPU waiting for the big
 * lock) still finds a device that finished meanwhile. poll_until and poll_cond, and the
 * waits that read the clock on every look, judge the reading before the last look too. */
#define POLL_SPINS 64

struct poll_clock {
	uint32_t spin;
	uint64_t start;
	uint64_t last;   /* the clock at the check before */
};

static inline bool poll_clock_tick(struct poll_clock *c)
{
	cpu_pause();
	return !(++c->spin % POLL_SPINS);
}

static inline bool poll_clock_expired(struct poll_clock *c, uint64_t timeout_us)
{
	uint64_t then = c->last;

	c->last = time_us();
	if (c->spin == POLL_SPINS)
		c->start = then = c->last;
	return then - c->start > timeout_us;
}

#endif
