/* SPDX-License-Identifier: BSD-2-Clause */
/* lock.h - the drivers' variant of common/spinlock.h: a core holding a device lock
 * through driver_lock runs no callback (api/callbacks.c's callbacks_run checks in_driver),
 * since a callback may call the API and want the same lock. */
#ifndef DRIVERS_LOCK_H
#define DRIVERS_LOCK_H

#include <stddef.h>
#include <stdint.h>
#include "kernel/driver.h"
#include "common/spinlock.h"

/* in_driver is counted in one instruction through GS, which holds this core's record
 * (kernel/percpu.h); both are inline: b_net_tx and b_net_rx take a lock per call. */
#define DRIVER_COUNT(insn) \
	__asm__ volatile(insn " %%gs:%c0" : : "i"(offsetof(struct cpu, in_driver)) : "memory")

_Static_assert(offsetof(struct cpu, in_driver) == 96, "CPU_IN_DRIVER in drivers/net/tx_fast.asm");

static inline __attribute__((always_inline)) void driver_lock(volatile uint32_t *l)
{
	DRIVER_COUNT("incl");
	while (__atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE))
		cpu_pause();
}

static inline __attribute__((always_inline)) void driver_unlock(volatile uint32_t *l)
{
	__atomic_store_n(l, 0, __ATOMIC_RELEASE);
	DRIVER_COUNT("decl");
}

#endif
