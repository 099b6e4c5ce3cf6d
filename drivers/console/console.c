// SPDX-License-Identifier: BSD-2-Clause
/* console.c - one writer at a time (the kernel's output lock, kernel/outlock.h) to every
 * enabled output. */
#include "drivers/console/console.h"
#include "common/uart16550.h"
#include "drivers/console/vga.h"
#include "drivers/console/lfb.h"
#include "kernel/driver.h"
#include "common/fmt.h"

static uint32_t present, enabled;

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
	bool locked = out_lock();

	if (enabled & CONSOLE_SERIAL)
		serial_write(s, n);
	if (enabled & CONSOLE_VGA)
		vga_write(s, n);
	if (enabled & CONSOLE_LFB)
		lfb_write(s, n);
	if (locked)
		out_unlock();
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
