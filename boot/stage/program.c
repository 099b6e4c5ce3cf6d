// SPDX-License-Identifier: BSD-2-Clause
/* program.c - puts a program of the program form (include/app_header.h) in program
 * memory: its file bytes from where the firmware front end left them (BIOS: 4 MiB, read
 * by stage2; UEFI: the payload file's buffer) to PROGRAM_VIRT, then its .bss zeroed. The
 * buffer may itself lie in program memory, so pages are copied in an order that never
 * overwrites one not yet copied. */
#include "boot/stage/program.h"
#include "boot/stage/paging.h"
#include "common/string.h"
#include "common/memlayout.h"

#define PAGE 4096ULL

/* Page i of the file (the last one may be short), through the identity map. */
static void copy_page(uint64_t s, uint64_t i, uint64_t file)
{
	uint64_t off = i * PAGE, n = file - off < PAGE ? file - off : PAGE;
	uint64_t d = paging_phys(PROGRAM_VIRT + off);

	if (d != s + off)
		memcpy((void *)(uintptr_t)d, (const void *)(uintptr_t)(s + off), n);
}

void program_place(const void *src, uint64_t file, uint64_t mem)
{
	uint64_t s = (uint64_t)(uintptr_t)src, pages = (file + PAGE - 1) / PAGE, split = pages;

	/* Page i moves from s + i*PAGE to phys(i). phys rises by at least a page per page
	 * (program memory skips holes, the buffer has none), so phys(i) - (s + i*PAGE)
	 * never falls: the pages that move down (or stay) come first, then those that move
	 * up. Those that move up are copied last to first, then the others first to last,
	 * as memmove does for one overlapping range. */
	for (uint64_t i = 0; i < pages; i++)
		if (paging_phys(PROGRAM_VIRT + i * PAGE) > s + i * PAGE) {
			split = i;
			break;
		}
	for (uint64_t i = pages; i > split; i--)
		copy_page(s, i - 1, file);
	for (uint64_t i = 0; i < split; i++)
		copy_page(s, i, file);
	memset((void *)(uintptr_t)(PROGRAM_VIRT + file), 0, mem - file);
}
