// SPDX-License-Identifier: BSD-2-Clause
/* bios.c - the BIOS front end of the shared stage: gathers what stage2.asm left in low
 * memory (the raw E820 map, the start TSC, the payload at 0x8000) and enters stage_main. */
#include "boot/stage/layout.h"
#include "boot/stage/stage.h"

void bios_main(void) __attribute__((noreturn));

void bios_main(void)
{
	const struct loader_header *h = (const struct loader_header *)(uintptr_t)LOADER_ADDR;
	struct stage_args a = {
		.boot_mode = BOOTMODE_BIOS,
		.tsc_start = *(const uint64_t *)(uintptr_t)LD_TSC_START,
		.memmap = (const struct memmap_entry *)(uintptr_t)MEMMAP_ADDR,
		.memmap_count = *(const uint32_t *)(uintptr_t)LD_E820_COUNT,
		.kernel = (const void *)(uintptr_t)PAYLOAD_KERNEL,
		.kernel_size = h->kernel_size,
		.app = (const void *)(uintptr_t)PAYLOAD_APP,
		.app_size = h->app_size,
		.prog = (const void *)(uintptr_t)PROG_STAGE_ADDR,   /* stage2 read it there */
		.prog_file = h->prog_file,
		.prog_mem = h->prog_mem,
		.prog_entry = h->prog_entry,
	};

	uint64_t fb = *(const uint64_t *)(uintptr_t)LD_VIDEO_BASE;
	if (fb) {
		a.fb_base = fb;
		a.fb_x = *(const uint16_t *)(uintptr_t)LD_VIDEO_X;
		a.fb_y = *(const uint16_t *)(uintptr_t)LD_VIDEO_Y;
		a.fb_bpp = *(const uint16_t *)(uintptr_t)LD_VIDEO_BPP;
		a.fb_ppsl = *(const uint16_t *)(uintptr_t)LD_VIDEO_PITCH / (a.fb_bpp / 8);
	}
	stage_main(&a);
}
