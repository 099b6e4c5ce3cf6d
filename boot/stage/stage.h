/* SPDX-License-Identifier: BSD-2-Clause */
/* stage.h - what a firmware front end (BIOS stage2, UEFI) hands the shared 64-bit stage. */
#ifndef STAGE_H
#define STAGE_H

#include <stdint.h>
#include "include/bootinfo.h"

struct stage_args {
	uint8_t boot_mode;                 /* BOOTMODE_BIOS or BOOTMODE_UEFI */
	uint64_t tsc_start;                /* RDTSC when the firmware handed over */
	const struct memmap_entry *memmap; /* E820-style records */
	uint32_t memmap_count;
	uint64_t firmware_ram;             /* RAM the map shows as reserved (UEFI runtime) */
	uint64_t rsdp;                     /* 0: scan the BIOS areas */
	const void *kernel;
	uint32_t kernel_size;
	const void *app;
	uint32_t app_size;
	const void *prog;                  /* a program for program memory (page-aligned) */
	uint64_t prog_file, prog_mem, prog_entry;   /* loader header; prog_file 0 if none */
	uint64_t fb_base;                  /* 0 when no framebuffer */
	uint16_t fb_x, fb_y, fb_ppsl, fb_bpp;
};

/* Never returns: boots the kernel or halts with a message on serial. */
void stage_main(const struct stage_args *args) __attribute__((noreturn));
void stage_panic(const char *why) __attribute__((noreturn));

#endif
