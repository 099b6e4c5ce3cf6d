/* SPDX-License-Identifier: BSD-2-Clause */
/* paging.h - the final page tables: identity map and program memory at PROGRAM_VIRT. */
#ifndef PAGING_H
#define PAGING_H

#include <stdbool.h>
#include <stdint.h>
#include "include/bootinfo.h"

struct paging_result {
	uint64_t identity_end;   /* [0, identity_end) is mapped 1:1 */
	uint64_t program_bytes;  /* RAM mapped contiguously at PROGRAM_VIRT */
	bool pool_exhausted;     /* the table pool ran out: less was mapped than wanted */
};

/* Builds PML4 at 0x2000 (PDPTs at 0x3000/0x4000, directories from the pool at 0x10000)
 * and loads CR3. Identity-maps max(4 GiB, top of RAM) - with 1 GiB pages, the whole
 * physical address width up to 512 GiB - and packs the usable RAM above 4 MiB, in
 * 2 MiB pieces, at PROGRAM_VIRT. */
void paging_build(const struct memmap_entry *m, int n, bool gb_pages, uint8_t phys_bits,
		  struct paging_result *r);
/* Adds [base, base + size) to the identity map (2 MiB pages) where paging_build left it
 * out: device memory above RAM, such as 64-bit BARs. False when the pool ran out. */
bool paging_map_identity(uint64_t base, uint64_t size);

/* The physical address virt maps to, 0 if unmapped (a walk of the tables built). */
uint64_t paging_phys(uint64_t virt);
#endif
