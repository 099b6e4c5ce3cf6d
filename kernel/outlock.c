// SPDX-License-Identifier: BSD-2-Clause
/* outlock.c - the output lock (kernel/outlock.h). */
#include "kernel/outlock.h"
#include "kernel/kernel.h"
#include "common/x86.h"

static volatile uint32_t owner;   /* APIC ID + 1 of the writing core, 0 when free */

bool out_lock(void)
{
	uint32_t me = lapic_id() + 1;

	if (owner == me)
		return false;
	while (!__sync_bool_compare_and_swap(&owner, 0, me))
		cpu_pause();
	return true;
}

void out_unlock(void)
{
	__atomic_store_n(&owner, 0, __ATOMIC_RELEASE);
}

uint32_t out_owner(void)
{
	return owner;
}

/* A fault takes this core out of a write it will not finish: the lock goes back, unless
 * the point the core resumes at was inside a write itself, as a callback on a tick that
 * interrupted one is. */
void out_abandon(uint32_t apic_id, uint32_t owner_then)
{
	if (owner_then != apic_id + 1)
		__sync_bool_compare_and_swap(&owner, apic_id + 1, 0);
}
