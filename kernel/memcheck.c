// SPDX-License-Identifier: BSD-2-Clause
/* memcheck.c - the pointer rule (kernel/memcheck.h) over the memory map kernel/vm.c
 * keeps: identity RAM, program memory, the cores' stacks. */
#include "kernel/memcheck.h"
#include "kernel/kernel.h"
#include "kernel/percpu.h"

/* The pointer rule (README "Pointers"). The kernel reads through a program's pointer
 * anywhere mapped: identity RAM/MMIO, program memory at PROGRAM_VIRT, a core's 64 KiB
 * stack (never a guard page). */
bool mem_range_ok(const void *p, uint64_t len)
{
	uint64_t a = (uint64_t)(uintptr_t)p, end = a + len;
	uint64_t id_end = identity_end();

	if (!a || end < a)
		return false;
	if (end <= id_end)
		return true;
	/* program memory below the stacks (program_free may be 0: the stacks took it all) */
	if (a >= PROGRAM_VIRT && end <= PROGRAM_VIRT + program_free)
		return true;
	return vm_stack_range_ok(a, end);   /* a buffer on a core's stack */
}

/* The program's own regions, where its code may be: the payload area and program
 * memory below the per-core stacks. */
static inline __attribute__((always_inline)) bool prog_region(uint64_t a, uint64_t end)
{
	return a < end && ((a >= APP_ADDR && end <= APP_ADDR + APP_MAX) ||
			   (a >= PROGRAM_VIRT && end <= PROGRAM_VIRT + program_free));
}

bool mem_code_ok(uint64_t fn)
{
	return prog_region(fn, fn + 1);
}

/* A buffer on the calling core's stack among the frames of the code that called: from its
 * RSP at this call up to the recovery point that code runs under; never the kernel's
 * frames above that, nor this call's below, nor another core's stack. */
static bool own_stack(uint64_t a, uint64_t end)
{
	struct cpu *c = this_cpu();
	const struct recover *r = c->recover;

	return r && a < end && a >= c->api_rsp && end <= r->rsp &&
	       a >= c->stack_top - CORE_STACK_SIZE && end <= c->stack_top;
}

/* Usable RAM the program may write through the identity map: the memory map's usable
 * records above the kernel's 4 MiB and below the identity map's end, less the cores'
 * stacks, found once (memcheck_init) so that a check is a few compares. A record stays
 * whole or is cut in two, never joined to its neighbour: a buffer lies within one. */
#define RAM_RANGES 32   /* pieces past these are refused: the safe side (never seen: QEMU,
			  * SeaBIOS and OVMF give a handful) */
static struct { uint64_t lo, hi; } ram[RAM_RANGES];
static uint32_t nram;

static void ram_add(uint64_t lo, uint64_t hi)
{
	if (lo < hi && nram < RAM_RANGES) {
		ram[nram].lo = lo;
		ram[nram++].hi = hi;
	}
}

void memcheck_init(void)
{
	uint64_t id_end = identity_end();

	for (const struct memmap_entry *m = (const void *)(uintptr_t)MEMMAP_ADDR; m->length; m++) {
		if (m->type != MEMMAP_USABLE)
			continue;
		uint64_t lo = m->base < KERNEL_MEM_END ? KERNEL_MEM_END : m->base;
		uint64_t hi = m->base + m->length < id_end ? m->base + m->length : id_end;
		if (hi > stacks_phys_lo && lo < stacks_phys_hi) {
			ram_add(lo, stacks_phys_lo);
			lo = stacks_phys_hi;
		}
		ram_add(lo, hi);
	}
}

/* It writes only into the program's memory: its regions, its stack, and usable RAM
 * above the kernel's 4 MiB (the identity alias of program memory, less the stacks').
 * Never the tables below 0x8000, the kernel's image, data, stacks, DMA rings and buffers, or MMIO. */
bool mem_prog_ok(const void *p, uint64_t len)
{
	uint64_t a = (uint64_t)(uintptr_t)p, end = a + len;

	if (prog_region(a, end) || own_stack(a, end))
		return true;
	if (end < a)
		return false;   /* wraps (0 is below every range) */
	for (uint32_t i = 0; i < nram; i++)
		if (a >= ram[i].lo && end <= ram[i].hi)
			return true;
	return false;
}
