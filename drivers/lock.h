/* SPDX-License-Identifier: BSD-2-Clause */
/* lock.h - the drivers' variant of common/spinlock.h: a core holding a device lock
 * through driver_lock runs no callback (api/callbacks.c's callbacks_run checks in_driver),
 * since a callback may call the API and want the same lock. */
#ifndef DRIVERS_LOCK_H
#define DRIVERS_LOCK_H

#include <stdint.h>
#include "kernel/driver.h"
#include "common/spinlock.h"

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
