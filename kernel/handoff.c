// SPDX-License-Identifier: BSD-2-Clause
/* handoff.c - what BareMetal's kernel finds for itself and another Pure64 does not put
 * in the information table (its BareMetal-C additions are zero there): program memory,
 * from the page tables the loader built at 0xFFFF800000000000 (Pure64 maps the usable
 * RAM above 4 MiB there, src/pure64.asm), and the program appended right after the
 * kernel image, copied to APP_ADDR as BareMetal's init_sys does (src/init/sys.asm).
 * Run once, first thing, on the BSP; it completes the table for the rest of the kernel. */
#include "kernel/kernel.h"
#include "kernel/fmt.h"

#define PTE_P     0x001ULL
#define PTE_PS    0x080ULL            /* 1 GiB in a PDPTE, 2 MiB in a PDE */
#define PTE_ADDR  0x000FFFFFFFFFF000ULL

extern const char __kernel_file_end[];

static const uint64_t *table(uint64_t e)
{
	return (const uint64_t *)(uintptr_t)(e & PTE_ADDR);
}

/* Bytes mapped without a hole from PROGRAM_VIRT (4-level paging, Intel SDM vol. 3,
 * 4.5): each page found, 1 GiB, 2 MiB or 4 KiB (a loader may map a partial tail so),
 * up to the first one missing, within the 512 GiB of one PML4 entry. */
static uint64_t program_bytes(void)
{
	uint64_t cr3, v = PROGRAM_VIRT;
	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));

	while (v - PROGRAM_VIRT < (1ULL << 39)) {
		uint64_t e = cr3;
		int shift = 39;
		for (;;) {
			e = table(e)[(v >> shift) & 511];
			if (!(e & PTE_P))
				return v - PROGRAM_VIRT;
			if (shift == 12 || (shift < 39 && (e & PTE_PS)))
				break;   /* a page of 1 << shift bytes */
			shift -= 9;
		}
		v += 1ULL << shift;
	}
	return v - PROGRAM_VIRT;
}

void handoff_complete(void)
{
	struct bootinfo *bi = (struct bootinfo *)(uintptr_t)INFO_ADDR;

	if (!bi->program_mem)
		bi->program_mem = program_bytes();
	/* Every loader leaves the program right after the kernel image; BareMetal's test for
	 * one is a non-zero quadword there. linker.ld keeps .bss out of the way, so the
	 * program is still whole here. */
	if (*(const uint64_t *)__kernel_file_end) {
		memcpy((void *)(uintptr_t)APP_ADDR, __kernel_file_end, APP_MAX);
		bi->app_size = APP_MAX;
	}
}
