// SPDX-License-Identifier: BSD-2-Clause
/* handoff.c - what BareMetal's kernel finds for itself and another Pure64 does not put
 * in the information table (its BareMetal-C additions are zero there): program memory,
 * from the page tables the loader built at 0xFFFF800000000000 (Pure64 maps the usable
 * RAM above 4 MiB there, src/pure64.asm), and the program appended right after the
 * kernel image, copied to APP_ADDR as BareMetal's init_sys does (src/init/sys.asm).
 * Run once, first thing, on the BSP; it completes the table for the rest of the kernel. */
#include "kernel/kernel.h"
#include "common/fmt.h"

extern const char __kernel_file_end[];

void handoff_complete(void)
{
	struct bootinfo *bi = (struct bootinfo *)(uintptr_t)INFO_ADDR;

	/* also the physical runs of program memory, for DMA to it (kernel/vm.c) */
	uint64_t mapped = vm_program_bytes();
	if (!bi->program_mem)
		bi->program_mem = mapped;
	/* Every loader leaves the program right after the kernel image; BareMetal's test for
	 * one is a non-zero quadword there. linker.ld keeps .bss out of the way, so the
	 * program is still whole here. */
	if (*(const uint64_t *)__kernel_file_end) {
		memcpy((void *)(uintptr_t)APP_ADDR, __kernel_file_end, APP_MAX);
		bi->app_size = APP_MAX;
	}
}
