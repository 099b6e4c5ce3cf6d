// SPDX-License-Identifier: BSD-2-Clause
/* sys_lock.c - newlib's retargetable locks (sys/lock.h, libc/misc/lock.c names them):
 * malloc, stdio, atexit and the environment take these, so code on several cores (tasks,
 * b_parallel_for bodies, SMP_SET code) may call them at once. A lock is recursive per
 * core (the owner is the core's APIC ID + 1) and spins with PAUSE. Not for a callback
 * (CALLBACK_*) that interrupts its own core while that core holds one: it would enter
 * again, as a POSIX signal handler calling malloc would. */
#include <stdint.h>
#include <stdlib.h>
#include <sys/lock.h>
#include "baremetal.h"

struct __lock {
	volatile uint32_t owner;   /* 0: free */
	uint32_t depth;
};

struct __lock __lock___sinit_recursive_mutex;
struct __lock __lock___sfp_recursive_mutex;
struct __lock __lock___atexit_recursive_mutex;
struct __lock __lock___at_quick_exit_mutex;
struct __lock __lock___malloc_recursive_mutex;
struct __lock __lock___env_recursive_mutex;
struct __lock __lock___tz_mutex;
struct __lock __lock___dd_hash_mutex;
struct __lock __lock___arc4random_mutex;
struct __lock __lock___bmc_file_mutex;   /* sys_file.c's */

/* For a lock newlib makes at run time (one per FILE) when malloc has none left. */
static struct __lock shared_fallback;

static uint32_t self(void)
{
	return (uint32_t)b_system(SMP_ID, 0, 0) + 1;
}

static int take(struct __lock *l, uint32_t me)
{
	uint32_t free_ = 0;
	return __atomic_compare_exchange_n(&l->owner, &free_, me, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static void acquire(struct __lock *l)
{
	uint32_t me = self();
	if (l->owner == me) {
		l->depth++;
		return;
	}
	while (!take(l, me))
		__builtin_ia32_pause();
	l->depth = 1;
}

static int try_acquire(struct __lock *l)
{
	uint32_t me = self();
	if (l->owner == me) {
		l->depth++;
		return 1;
	}
	if (!take(l, me))
		return 0;
	l->depth = 1;
	return 1;
}

static void release(struct __lock *l)
{
	if (--l->depth == 0)
		__atomic_store_n(&l->owner, 0, __ATOMIC_RELEASE);
}

static void init(_LOCK_T *lock)
{
	struct __lock *l = calloc(1, sizeof(*l));
	*lock = l ? l : &shared_fallback;
}

static void close_lock(_LOCK_T lock)
{
	if (lock != &shared_fallback)
		free(lock);
}

void __retarget_lock_init(_LOCK_T *lock) { init(lock); }
void __retarget_lock_init_recursive(_LOCK_T *lock) { init(lock); }
void __retarget_lock_close(_LOCK_T lock) { close_lock(lock); }
void __retarget_lock_close_recursive(_LOCK_T lock) { close_lock(lock); }
void __retarget_lock_acquire(_LOCK_T lock) { acquire(lock); }
void __retarget_lock_acquire_recursive(_LOCK_T lock) { acquire(lock); }
int __retarget_lock_try_acquire(_LOCK_T lock) { return try_acquire(lock); }
int __retarget_lock_try_acquire_recursive(_LOCK_T lock) { return try_acquire(lock); }
void __retarget_lock_release(_LOCK_T lock) { release(lock); }
void __retarget_lock_release_recursive(_LOCK_T lock) { release(lock); }
