// SPDX-License-Identifier: BSD-2-Clause
/* vm.c - the kernel's changes to the loader's page tables: per-core slots (guard |
 * exception stack | guard | stack, common/memlayout.h) carved from the top of program
 * memory, each guard page unmapped (4-level paging, Intel SDM vol. 3, 4.5; large pages
 * are split where guard pages go). */
#include "kernel/kernel.h"
#include "kernel/percpu.h"
#include "common/errno.h"
#include "common/fmt.h"
#include "common/x86.h"

#define PTE_P     0x001ULL
#define PTE_RW    0x002ULL
#define PTE_PS    0x080ULL
#define PTE_FLAGS 0x01FULL            /* P, RW, US, PWT, PCD: kept when a page is split */
#define PTE_ADDR  0x000FFFFFFFFFF000ULL
#define SZ_4K     0x1000ULL
#define SZ_2M     0x200000ULL

static uint64_t pt_next = KERNEL_PT_POOL;
static uint64_t stacks_base, stacks_count;
uint64_t program_free;                     /* bytes at PROGRAM_VIRT left to the program */
uint64_t stacks_phys_lo, stacks_phys_hi;   /* the slots' RAM, seen through the identity map */

/* Inside one core's 64 KiB stack (not its exception stack, not a guard page). */
bool vm_stack_range_ok(uint64_t a, uint64_t end)
{
	if (a < stacks_base || end <= a || !stacks_count)
		return false;
	uint64_t slot = (a - stacks_base) / CORE_SLOT_SIZE;
	if (slot >= stacks_count)
		return false;
	uint64_t s = stacks_base + slot * CORE_SLOT_SIZE;
	return a >= s + 2 * CORE_GUARD + CORE_IST_SIZE && end <= s + CORE_SLOT_SIZE;
}

static uint64_t *table_alloc(void)
{
	if (pt_next >= KERNEL_PT_POOL_END)
		return 0;
	uint64_t *t = (uint64_t *)(uintptr_t)pt_next;
	pt_next += SZ_4K;
	memset(t, 0, SZ_4K);
	return t;
}

/* The next level's table for *e, splitting a large page into 512 smaller ones. */
static uint64_t *descend(uint64_t *e, int level)
{
	if (!(*e & PTE_P))
		return 0;
	if (level > 1 && (*e & PTE_PS)) {
		uint64_t *t = table_alloc();
		if (!t)
			return 0;
		uint64_t base = *e & PTE_ADDR & ~(SZ_2M - 1), step = level == 3 ? 1ULL << 21 : SZ_4K;
		if (level == 3)
			base = *e & PTE_ADDR & ~((1ULL << 30) - 1);
		for (int i = 0; i < 512; i++)
			t[i] = (base + i * step) | (*e & PTE_FLAGS) | (level == 3 ? PTE_PS : 0);
		*e = (uint64_t)(uintptr_t)t | PTE_P | PTE_RW;
	}
	return (uint64_t *)(uintptr_t)(*e & PTE_ADDR);
}

/* Makes the 4 KiB page at virt not present; the caller flushes the TLB. Returns the
 * physical page it mapped, 0 when it could not. */
static uint64_t unmap_page(uint64_t virt)
{
	uint64_t cr3;
	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
	uint64_t *t = (uint64_t *)(uintptr_t)(cr3 & PTE_ADDR);
	for (int level = 4; level > 1; level--) {
		t = descend(&t[(virt >> (12 + 9 * (level - 1))) & 511], level);
		if (!t)
			return 0;
	}
	uint64_t phys = t[(virt >> 12) & 511] & PTE_ADDR;
	t[(virt >> 12) & 511] = 0;
	return phys;
}

/* Program memory as physical runs (rising, 2 MiB or 1 GiB pages merged), for DMA straight
 * to and from a program's buffer: [virt, virt + len) is [phys, phys + len). Loaders map
 * the usable RAM above 4 MiB there in order, so there are as many runs as holes in it. */
#define VM_RUNS_MAX 16
static struct vm_run {
	uint64_t virt, phys, len;
} runs[VM_RUNS_MAX];
static uint32_t nruns;
struct vm_direct vm_direct;

/* Bytes mapped without a hole from PROGRAM_VIRT (4-level paging, Intel SDM vol. 3,
 * 4.5): each page found, 1 GiB, 2 MiB or 4 KiB (a loader may map a partial tail so),
 * up to the first one missing, within the 512 GiB of one PML4 entry; on the way, the
 * runs (the first VM_RUNS_MAX; DMA to what lies past them bounces). Run once, by
 * kernel/handoff.c, before vm_stacks_init splits pages. */
uint64_t vm_program_bytes(void)
{
	uint64_t cr3, v = PROGRAM_VIRT;
	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));

	while (v - PROGRAM_VIRT < (1ULL << 39)) {
		uint64_t e = cr3;
		int shift = 39;
		for (;;) {
			e = ((const uint64_t *)(uintptr_t)(e & PTE_ADDR))[(v >> shift) & 511];
			if (!(e & PTE_P))
				return v - PROGRAM_VIRT;
			if (shift == 12 || (shift < 39 && (e & PTE_PS)))
				break;   /* a page of 1 << shift bytes */
			shift -= 9;
		}
		uint64_t page = 1ULL << shift, p = e & PTE_ADDR & ~(page - 1);
		struct vm_run *r = &runs[nruns - 1];
		if (nruns && r->virt + r->len == v && r->phys + r->len == p)
			r->len += page;
		else if (nruns < VM_RUNS_MAX && (!nruns || r->virt + r->len == v))
			runs[nruns++] = (struct vm_run){ v, p, page };   /* none after a dropped one */
		v += page;
	}
	return v - PROGRAM_VIRT;
}

uint64_t vm_phys(uint64_t va, uint64_t len, uint64_t *phys)
{
	uint64_t id_end = identity_end();
	if (va < id_end) {
		*phys = va;
		return len < id_end - va ? len : id_end - va;
	}
	for (const struct vm_run *r = runs; r < runs + nruns; r++) {
		uint64_t off = va - r->virt;
		if (off < r->len) {
			*phys = r->phys + off;
			return len < r->len - off ? len : r->len - off;
		}
	}
	return 0;
}

int vm_stacks_init(uint32_t n)
{
	const struct bootinfo *bi = BOOTINFO;
	uint64_t need = (uint64_t)n * CORE_SLOT_SIZE;

	if (bi->program_mem < need)
		return -ENOMEM;
	program_free = bi->program_mem - need;
	uint64_t base = PROGRAM_VIRT + program_free;
	stacks_base = base;
	stacks_count = n;
	if (nruns && runs[0].virt == PROGRAM_VIRT)
		vm_direct = (struct vm_direct){ runs[0].len < program_free ? runs[0].len : program_free,
						runs[0].phys };
	for (uint32_t i = 0; i < n; i++) {
		uint64_t slot = base + (uint64_t)i * CORE_SLOT_SIZE;
		uint64_t lo = unmap_page(slot), hi = unmap_page(slot + CORE_GUARD + CORE_IST_SIZE);
		if (!lo || !hi)
			return -ENOMEM;
		/* program memory is mapped in rising physical order: the slots' RAM runs from
		 * the first slot's guard to the end of the last one's stack */
		if (!i)
			stacks_phys_lo = lo;
		stacks_phys_hi = hi + CORE_GUARD + CORE_STACK_SIZE;
		cpus[i].ist_top = slot + CORE_GUARD + CORE_IST_SIZE;
		cpus[i].stack_top = slot + CORE_SLOT_SIZE;
		/* Written whole once: QEMU's TCG keeps code it translated from the firmware on
		 * these pages and takes a slow path for every store to a page until all of it
		 * is overwritten (an AP's stack stores ran ~600x slower under OVMF). */
		memset((void *)(uintptr_t)(slot + 2 * CORE_GUARD + CORE_IST_SIZE), 0, CORE_STACK_SIZE);
	}
	uint64_t cr3;
	__asm__ volatile("mov %%cr3, %0; mov %0, %%cr3" : "=r"(cr3) : : "memory");
	memcheck_init();   /* the stacks' RAM is known now */
	return 0;
}
