/* SPDX-License-Identifier: BSD-2-Clause */
/* layout.h - the loader's own fixed places (mirrors boot/bios/layout.inc and
 * boot/bios/trampoline.asm). */
#ifndef STAGE_LAYOUT_H
#define STAGE_LAYOUT_H

#include <stddef.h>
#include <stdint.h>
#include "common/memlayout.h"

#define LD_MAGIC          0x4C434D42u   /* 'BMCL' at 0x8004 */
#define LD_TSC_START      (LOADER_VARS_ADDR + 0x00)
#define LD_BOOT_DRIVE     (LOADER_VARS_ADDR + 0x08)
#define LD_E820_COUNT     (LOADER_VARS_ADDR + 0x0C)
#define LD_VIDEO_BASE     (LOADER_VARS_ADDR + 0x10)
#define LD_VIDEO_X        (LOADER_VARS_ADDR + 0x18)
#define LD_VIDEO_Y        (LOADER_VARS_ADDR + 0x1A)
#define LD_VIDEO_PITCH    (LOADER_VARS_ADDR + 0x1C)
#define LD_VIDEO_BPP      (LOADER_VARS_ADDR + 0x1E)
#define PROG_STAGE_ADDR   0x400000ULL   /* BIOS: stage2 reads the program here */
#define LD_FLAG_VBE       1u

/* The loader image starts with this header (boot/bios/stage2.asm). */
struct loader_header {
	uint8_t jump[4];
	uint32_t magic;
	uint32_t kernel_size;     /* patched by tools/mkimage */
	uint32_t app_size;        /* patched by tools/mkimage */
	uint64_t entry64;         /* stage_entry64 */
	uint32_t flags;           /* LD_FLAG_*, patched by tools/mkimage */
	uint8_t reserved[4];
	/* A program for program memory (include/app_header.h), patched by tools/mkimage:
	 * prog_file bytes right after the kernel's slot, placed at PROGRAM_VIRT. */
	uint64_t prog_file;       /* 0 if none */
	uint64_t prog_mem;        /* bytes with .bss */
	uint64_t prog_entry;
	uint8_t reserved2[8];
} __attribute__((packed));
_Static_assert(sizeof(struct loader_header) == 64, "loader header");
_Static_assert(offsetof(struct loader_header, prog_file) == 0x20, "layout.inc LD_PROG_FILE_OFF");

/* Offsets inside the AP trampoline page at AP_TRAMPOLINE */
#define TRAMP_IRET_STUB   0x1F0
#define TRAMP_CR3         0x200
#define TRAMP_COUNT       0x204
#define TRAMP_READY       0x208
#define TRAMP_IDS         0x300

#endif
