// SPDX-License-Identifier: BSD-2-Clause
/* paging.c - 4-level long-mode page tables (Intel SDM vol. 3, 4.5) with 2 MiB and
 * 1 GiB pages, laid out where Pure64 puts them. */
#include "boot/stage/paging.h"
#include "boot/stage/memmap.h"
#include "common/memlayout.h"
#include "common/string.h"
#include "common/x86.h"

#define PTE_P   0x001ULL
#define PTE_RW  0x002ULL
#define PTE_PS  0x080ULL            /* 2 MiB in a PDE, 1 GiB in a PDPTE */
#define PTE_ADDR 0x000FFFFFFFFFF000ULL
#define SZ_4K   (1ULL << 12)
#define SZ_2M   (1ULL << 21)
#define SZ_1G   (1ULL << 30)
#define SZ_512G (1ULL << 39)

static uint64_t pool_next;
static bool pool_empty;
static uint64_t identity_end;

static uint64_t *table_alloc(void)
{
	if (pool_next >= PT_POOL_END) {
		pool_empty = true;
		return 0;
	}
	uint64_t *t = (uint64_t *)(uintptr_t)pool_next;
	pool_next += 4096;
	memset(t, 0, 4096);
	return t;
}

/* The table an entry points to, made if missing; NULL when the pool is empty. */
static uint64_t *next_level(uint64_t *entry)
{
	if (!(*entry & PTE_P)) {
		uint64_t *t = table_alloc();
		if (!t)
			return 0;
		*entry = (uint64_t)(uintptr_t)t | PTE_P | PTE_RW;
	}
	return (uint64_t *)(uintptr_t)(*entry & PTE_ADDR);
}

/* Maps one page of size 4 KiB, 2 MiB or 1 GiB, making the tables above it. */
static bool map_page(uint64_t virt, uint64_t phys, uint64_t size)
{
	uint64_t *t = (uint64_t *)(uintptr_t)PML4_ADDR;

	for (int shift = 39;; shift -= 9) {
		uint64_t *e = &t[(virt >> shift) & 511];
		if (size == 1ULL << shift) {
			*e = phys | PTE_P | PTE_RW | (size > SZ_4K ? PTE_PS : 0);
			return true;
		}
		if (!(t = next_level(e)))
			return false;
	}
}

void paging_build(const struct memmap_entry *m, int n, bool gb_pages, uint8_t phys_bits,
		  struct paging_result *r)
{
	uint64_t *pml4 = (uint64_t *)(uintptr_t)PML4_ADDR;

	pool_next = PT_POOL_ADDR;
	pool_empty = false;
	memset(pml4, 0, 4096);
	memset((void *)(uintptr_t)PDPT_LOW_ADDR, 0, 4096);
	memset((void *)(uintptr_t)PDPT_HIGH_ADDR, 0, 4096);
	pml4[0] = PDPT_LOW_ADDR | PTE_P | PTE_RW;
	pml4[(PROGRAM_VIRT >> 39) & 511] = PDPT_HIGH_ADDR | PTE_P | PTE_RW;

	uint64_t end = (memmap_top(m, n) + SZ_1G - 1) & ~(SZ_1G - 1);
	if (end < 4 * SZ_1G)
		end = 4 * SZ_1G;      /* the 32-bit MMIO hole: LAPIC, IOAPIC, HPET, ECAM, BARs */
	if (gb_pages) {
		uint64_t width = phys_bits >= 39 ? SZ_512G : 1ULL << phys_bits;
		if (width > end)
			end = width;
	}
	uint64_t a;
	for (a = 0; a < end; a += SZ_1G) {
		bool ok = true;
		if (gb_pages)
			ok = map_page(a, a, SZ_1G);
		else
			for (uint64_t b = a; ok && b < a + SZ_1G; b += SZ_2M)
				ok = map_page(b, b, SZ_2M);
		if (!ok)
			break;
	}
	r->identity_end = identity_end = a;

	/* Program memory: usable RAM above the kernel's 4 MiB, packed without holes, in
	 * 2 MiB (or 1 GiB) pages. The highest record's tail, short of 2 MiB where the
	 * firmware keeps its tables at the top of RAM, follows in 4 KiB pages: nothing
	 * after it needs virt and phys aligned alike. */
	int last = -1;
	for (int i = 0; i < n; i++)
		if (m[i].type == MEMMAP_USABLE)
			last = i;
	uint64_t virt = PROGRAM_VIRT;
	bool ok = true;
	for (int i = 0; ok && i <= last; i++) {
		if (m[i].type != MEMMAP_USABLE)
			continue;
		uint64_t s = m[i].base < KERNEL_MEM_END ? KERNEL_MEM_END : m[i].base;
		uint64_t e = (m[i].base + m[i].length) & ~(i == last ? SZ_4K - 1 : SZ_2M - 1);
		s = (s + SZ_2M - 1) & ~(SZ_2M - 1);
		while (ok && s < e) {
			uint64_t size = e - s >= SZ_2M ? SZ_2M : SZ_4K;
			if (gb_pages && !(s & (SZ_1G - 1)) && !(virt & (SZ_1G - 1)) && e - s >= SZ_1G)
				size = SZ_1G;
			ok = map_page(virt, s, size);
			if (ok) {
				s += size;
				virt += size;
			}
		}
	}
	r->program_bytes = virt - PROGRAM_VIRT;
	r->pool_exhausted = pool_empty;
	write_cr3(PML4_ADDR);
}

uint64_t paging_phys(uint64_t virt)
{
	uint64_t e = PML4_ADDR;

	for (int shift = 39;; shift -= 9) {
		e = ((const uint64_t *)(uintptr_t)(e & PTE_ADDR))[(virt >> shift) & 511];
		if (!(e & PTE_P))
			return 0;
		if (shift == 12 || (shift < 39 && (e & PTE_PS)))
			return (e & PTE_ADDR & ~((1ULL << shift) - 1)) + (virt & ((1ULL << shift) - 1));
	}
}

bool paging_map_identity(uint64_t base, uint64_t size)
{
	uint64_t end = base + size;

	if (end < base)
		return false;
	if (base < identity_end)
		base = identity_end;
	for (uint64_t a = base & ~(SZ_2M - 1); a < end; a += SZ_2M)
		if (!map_page(a, a, SZ_2M))
			return false;
	return true;
}
