// SPDX-License-Identifier: BSD-2-Clause
/* console.c - one writer at a time to every enabled output. The lock is taken by core: a
 * crash report from inside a write (the holder faulted) goes out instead of deadlocking. */
#include "drivers/console/console.h"
#include "common/uart16550.h"
#include "drivers/console/vga.h"
#include "drivers/console/lfb.h"
#include "kernel/kernel.h"
#include "kernel/apic.h"
#include "common/x86.h"
#include "common/fmt.h"

static uint32_t present, enabled;
static volatile uint32_t owner;   /* APIC ID + 1 of the writing core, 0 when free */

void console_init(void)
{
	const struct bootinfo *bi = BOOTINFO;

	present = serial_present() ? CONSOLE_SERIAL : 0;
	if (bi->video_base) {
		if (lfb_init(bi))
			present |= CONSOLE_LFB;
	} else if (bi->flag_bootmode == BOOTMODE_BIOS && vga_init()) {
		present |= CONSOLE_VGA;
	}
	enabled = present;
}

void console_write(const char *s, size_t n)
{
	uint32_t me = lapic_id() + 1;
	bool nested = owner == me;

	if (!nested)
		while (!__sync_bool_compare_and_swap(&owner, 0, me))
			cpu_pause();
	if (enabled & CONSOLE_SERIAL)
		serial_write(s, n);
	if (enabled & CONSOLE_VGA)
		vga_write(s, n);
	if (enabled & CONSOLE_LFB)
		lfb_write(s, n);
	if (!nested)
		__atomic_store_n(&owner, 0, __ATOMIC_RELEASE);
}

uint32_t console_owner(void)
{
	return owner;
}

/* A fault takes this core out of a write it will not finish: the lock goes back, unless
 * the point the core resumes at (owner_then: the owner when it was set) was inside a
 * write itself, as a callback on a tick that interrupted one is. */
void console_abandon(uint32_t apic_id, uint32_t owner_then)
{
	if (owner_then != apic_id + 1)
		__sync_bool_compare_and_swap(&owner, apic_id + 1, 0);
}

uint32_t console_select(uint64_t mask)
{
	enabled = (uint32_t)mask & present;
	return enabled;
}

uint32_t console_enabled(void)
{
	return enabled;
}

void log_write(const char *s, size_t n)
{
	console_write(s, n);
}
