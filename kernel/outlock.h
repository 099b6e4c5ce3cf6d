/* SPDX-License-Identifier: BSD-2-Clause */
/* outlock.h - the output lock: one core at a time writes to the console (the console
 * driver takes it around every write, the kernel log's and b_output's alike). It is
 * taken by core, so a crash report from inside a write (the holder faulted) goes out
 * instead of deadlocking, and a fault gives it back (kernel/idt.c). */
#ifndef OUTLOCK_H
#define OUTLOCK_H

#include <stdbool.h>
#include <stdint.h>

/* Takes the lock for this core; false when this core holds it already (a nested write:
 * do not unlock after it). */
bool out_lock(void);
void out_unlock(void);
/* The writing core's APIC ID + 1, 0 when none. */
uint32_t out_owner(void);
/* After a fault on the core with apic_id: frees the lock it held in a write that will not
 * finish, unless owner_then (out_owner() when the point the core goes back to was set)
 * shows that point inside the same write. */
void out_abandon(uint32_t apic_id, uint32_t owner_then);

#endif
