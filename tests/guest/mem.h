/* SPDX-License-Identifier: BSD-2-Clause */
/* mem.h - memcpy and memset for guest programs, which have no libc but get calls to them
 * from gcc for copies and fills. Include once per program. */
#ifndef GUEST_MEM_H
#define GUEST_MEM_H

#include <stdint.h>

__attribute__((optimize("no-tree-loop-distribute-patterns")))
void *memcpy(void *d, const void *s, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		((uint8_t *)d)[i] = ((const uint8_t *)s)[i];
	return d;
}

__attribute__((optimize("no-tree-loop-distribute-patterns")))
void *memset(void *d, int c, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		((uint8_t *)d)[i] = (uint8_t)c;
	return d;
}

/* Whether virt is mapped (4-level paging; 1 GiB and 2 MiB pages too). Guest programs
 * run in ring 0 and may read the page tables. */
static inline int guest_mapped(uint64_t virt)
{
	uint64_t e;
	__asm__ volatile("mov %%cr3, %0" : "=r"(e));
	for (int shift = 39; shift >= 12; shift -= 9) {
		e = ((const uint64_t *)(e & 0x000FFFFFFFFFF000ULL))[(virt >> shift) & 511];
		if (!(e & 1))
			return 0;
		if (shift < 39 && (e & 0x80))
			return 1;
	}
	return 1;
}

/* The per-core slots (kernel/vm.c: guard, exception stack, guard, stack; core 0 first)
 * begin at the first unmapped page of program memory: at or above FREE_MEMORY, which is
 * rounded down to a MiB. */
static inline uint64_t guest_slots_base(uint64_t free_mib)
{
	uint64_t v = 0xFFFF800000000000ULL + (free_mib << 20);
	while (guest_mapped(v))
		v += 0x1000;
	return v;
}

#endif
