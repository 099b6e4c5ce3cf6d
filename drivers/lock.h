/* SPDX-License-Identifier: BSD-2-Clause */
/* lock.h - the drivers' one spinlock, a 32-bit word (0 free), and its in-driver variant:
 * a core holding a device lock through driver_lock runs no callback (kernel/system.c's
 * timer interrupt checks in_driver), since a callback may call the API and want the
 * same lock. */
#ifndef DRIVERS_LOCK_H
#define DRIVERS_LOCK_H

#include <stdint.h>
#include "kernel/percpu.h"
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

static inline void driver_lock(volatile uint32_t *l)
{
	this_cpu()->in_driver++;
	spin_lock(l);
}

static inline void driver_unlock(volatile uint32_t *l)
{
	spin_unlock(l);
	this_cpu()->in_driver--;
}

#endif
