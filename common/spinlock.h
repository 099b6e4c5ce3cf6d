/* SPDX-License-Identifier: BSD-2-Clause */
/* spinlock.h - the one spinlock of the loader, the kernel and the drivers: a 32-bit word,
 * 0 when free. The _irqsave pair also keeps this core's interrupts off while it holds
 * the lock, for a lock an interrupt handler takes too. drivers/lock.h adds the drivers'
 * variant that holds callbacks off. */
#ifndef COMMON_SPINLOCK_H
#define COMMON_SPINLOCK_H

#include <stdint.h>
#include "common/x86.h"

static inline void spin_lock(volatile uint32_t *l)
{
	while (__atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE))
		cpu_pause();
}

static inline void spin_unlock(volatile uint32_t *l)
{
	__atomic_store_n(l, 0, __ATOMIC_RELEASE);
}

static inline uint64_t spin_lock_irqsave(volatile uint32_t *l)
{
	uint64_t flags;
	__asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
	spin_lock(l);
	return flags;
}

static inline void spin_unlock_irqrestore(volatile uint32_t *l, uint64_t flags)
{
	spin_unlock(l);
	__asm__ volatile("pushq %0; popfq" : : "r"(flags) : "memory", "cc");
}

#endif
