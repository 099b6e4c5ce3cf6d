// SPDX-License-Identifier: BSD-2-Clause
/* ptr.c - what the program learns about the machine before fuzzing, and the hostile
 * pointers and values built from it. Pointers come in kinds (fuzz.h, enum kind):
 *   K_OK     the program's own memory, any alignment, ending at most at the end of it;
 *   K_BAD    nothing the kernel may touch: NULL, unmapped, non-canonical, wrapping,
 *            straddling the end of program memory or of the identity map, guard pages;
 *   K_KERNEL memory the kernel owns (page tables, IDT/GDT, information table, memory
 *            map, its image and API table, rings and buffers, the RAM below 4 MiB);
 *   K_KSTACK an exception stack, the stacks through their identity alias;
 *   K_APSTACK the live top of another core's stack (its idle loop's frames);
 *   K_VOID   identity-mapped addresses with no RAM (reads give all ones), or across
 *            the end of RAM (firmware's reserved memory): refusing or not, both are fine.
 * The per-core stack layout is the kernel's (kernel/vm.c, common/memlayout.h): slots of
 * guard 4 KiB, exception stack 8 KiB, guard 4 KiB, stack 64 KiB, core 0 first, from the
 * first unmapped page at or above PM + FREE_MEMORY (tests/guest/mem.h). */
#include "fuzz.h"

#define GUARD     0x1000ULL
#define IST_SIZE  0x2000ULL
#define STACK     0x10000ULL
#define SLOT      (GUARD + IST_SIZE + GUARD + STACK)
#define INFO      0x5000ULL

struct env env;
static uint64_t bsp_slot = ~0ULL, stacks_phys_end = ~0ULL;
static volatile uint64_t probe_id[256];

static void probe(uint64_t unused)
{
	(void)unused;
	uint64_t id = b_system(SMP_ID, 0, 0);
	probe_id[id & 255] = id + 1;
}

/* The physical address behind a virtual one (4-level paging), 0 if unmapped. The
 * program runs in ring 0, as every BareMetal program does. */
static uint64_t phys(uint64_t v)
{
	uint64_t cr3, *t;
	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
	t = (uint64_t *)(cr3 & 0x000FFFFFFFFFF000ULL);
	for (int level = 3; level >= 0; level--) {
		uint64_t e = t[(v >> (12 + 9 * level)) & 511];
		if (!(e & 1))
			return 0;
		if (level == 0 || (level < 3 && (e & 0x80))) {
			uint64_t size = 1ULL << (12 + 9 * level);
			return (e & 0x000FFFFFFFFFF000ULL & ~(size - 1)) | (v & (size - 1));
		}
		t = (uint64_t *)(e & 0x000FFFFFFFFFF000ULL);
	}
	return 0;
}

void env_init(void)
{
	uint64_t rsp;
	__asm__ volatile("mov %%rsp, %0" : "=r"(rsp));
	env.free = b_system(FREE_MEMORY, 0, 0) << 20;
	env.id_end = *(volatile uint64_t *)(INFO + 0xC0);
	if (!env.id_end)
		env.id_end = 4ULL << 30;
	env.program_mem = *(volatile uint64_t *)(INFO + 0xB8);
	env.ram_end = (uint64_t)*(volatile uint32_t *)(INFO + 0x20) << 20;
	env.cores = b_system(SMP_NUMCORES, 0, 0);
	env.bsp = b_system(SMP_ID, 0, 0);
	env.free_end = PM + env.free;
	env.stacks = env.free_end;
	while (phys(env.stacks))
		env.stacks += GUARD;
	env.slot_size = SLOT;
	if (rsp >= env.stacks && rsp < env.stacks + env.cores * SLOT)
		bsp_slot = (rsp - env.stacks) / SLOT;
	env.stack_alias = phys(env.stacks + GUARD + IST_SIZE + GUARD);
	uint64_t last = phys(env.stacks + env.cores * SLOT - 1);
	stacks_phys_end = last ? last + 1 : ~0ULL;
	/* the other cores' APIC IDs: SMP_SET takes an ID only when that core is there */
	for (uint64_t id = 0; id < 256 && env.naps < 8; id++)
		if (id != env.bsp && b_system(SMP_SET, (uint64_t)probe, id))
			env.aps[env.naps++] = id;
	for (uint64_t i = 0; i < env.naps; i++)
		while (!probe_id[env.aps[i]])
			__asm__ volatile("pause");
	env.hz = b_system(TIMECOUNTER_HZ, 0, 0);
	env.mac = b_system(NET_STATUS, 0, 0);
	env.nifaces = 0;
	while (env.nifaces < 8 && b_system(NET_STATUS, 0, env.nifaces))
		env.nifaces++;
	env.stdout = b_system(STDOUT_GET, 0, 0);
	env.console = b_system(CONSOLE_GET, 0, 0);
	env.present = b_system(CONSOLE_SET, 0xFF, 0);
	b_system(CONSOLE_SET, env.console, 0);
	for (int i = 0; i < 5; i++)
		env.screen[i] = b_system(SCREEN_LFB_GET + i, 0, 0);
}

int class_on(uint64_t flag)
{
	return (fz_config.flags & flag) != 0;
}

static uint64_t slot_base(uint64_t i)
{
	return env.stacks + i * SLOT;
}

static const uint64_t noncanonical[] = {
	1ULL << 47, 0x8000000000000000ULL, 0xFFFF7FFFFFFFF000ULL, 0x0001000000000000ULL,
	0xDEAD000000000000ULL, 0x00FF800000000000ULL, 0x7FFFFFFFFFFFFFFFULL,
};
static const uint64_t unmapped[] = {
	0x0000700000000000ULL, 0x00007FFFFFFFF000ULL, 0xFFFF900000000000ULL,
	0xFFFFFFFF80000000ULL,
};

/* A pointer to len bytes that no call may use (K_BAD). */
uint64_t bad_ptr(uint64_t len)
{
	uint64_t l = len ? len : 1;
	unsigned r = (unsigned)rndn(12);
	if (bsp_slot == ~0ULL && r >= 7 && r <= 9)
		r = 0;                        /* the stack layout is not the one expected */
	switch (r) {
	case 0:
		return 0;
	case 1:
		return PICK(noncanonical) + rndn(4096);
	case 2:
		return PICK(unmapped) + rndn(4096);
	case 3:                           /* straddles the end of program memory */
		return env.stacks - l + 1 + rndn(l < 4096 ? l : 4096);
	case 4:                           /* straddles the end of the identity map */
		return env.id_end - l + 1 + rndn(l);
	case 5:
		return env.id_end + rndn(1ULL << 30);
	case 6:                           /* the range wraps around 2^64 */
		return ~0ULL - rndn(l);
	case 7:                           /* a guard page: below a core's exception stack or stack */
		return slot_base(rndn(env.cores)) + (rnd() & 1 ? 0 : GUARD + IST_SIZE) + rndn(GUARD);
	case 8:                           /* past the last stack slot, before PM + program_mem */
		return slot_base(env.cores) + rndn(GUARD);
	case 9:                           /* runs from a core's stack into the guard above it */
		return slot_base(rndn(env.cores) + 1) - l / 2;
	case 10:
		return env.program_mem ? PM + env.program_mem + rndn(1 << 20) : 0;
	default:
		return rnd() | 0x0000800000000000ULL;   /* at random, non-canonical or unmapped */
	}
}

static const uint64_t kernel_mem[] = {
	1, 8, 0x1000, 0x2000, 0x2FF8, 0x3000, 0x4000, 0x5000, 0x50B8, 0x6000, 0x7000,
	0x100000, 0x100010, 0x100018, 0x100040, 0x104000, 0x200000, 0x204000, 0x210000,
	0x220000, 0x300000, 0x3FFF00,
};

/* Kernel memory to put len bytes at (K_KERNEL). */
static uint64_t kernel_ptr(uint64_t len)
{
	(void)len;
	return PICK(kernel_mem) + (pct(50) ? 0 : rndn(64));
}

/* An exception stack or the stacks' identity alias (K_KSTACK); 0 when the layout is not
 * the expected one. */
static uint64_t kstack_ptr(uint64_t len)
{
	if (bsp_slot == ~0ULL)
		return 0;
	uint64_t s = slot_base(rndn(env.cores));
	if (pct(50))                      /* an exception stack */
		return s + GUARD + IST_SIZE - (len < IST_SIZE ? len : IST_SIZE);
	/* the stacks through the identity map */
	return env.stack_alias ? env.stack_alias + STACK - (len < STACK ? len : STACK) : 0;
}

/* The live top of a core the program is not on (K_APSTACK), 0 if there is none. */
static uint64_t apstack_ptr(uint64_t len)
{
	if (bsp_slot == ~0ULL || env.cores < 2)
		return 0;
	uint64_t i = (bsp_slot + 1 + rndn(env.cores - 1)) % env.cores;
	return slot_base(i) + SLOT - (len < STACK ? len : STACK);
}

/* An output pointer for len bytes: K_OK inside [ok_base, ok_base + ok_size) (at its
 * end sometimes, any alignment) or at the very end of program memory. */
uint64_t out_ptr(uint64_t len, enum kind *k, uint64_t ok_base, uint64_t ok_size)
{
	unsigned r = (unsigned)rndn(100);
	uint64_t p;
	if (r < 30 && len <= ok_size) {
		*k = K_OK;
		if (pct(10))
			return env.free_end - len;
		if (pct(10))
			return ok_base + ok_size - len;
		return ok_base + rndn(ok_size - len + 1);
	}
	if (r < 45) {
		*k = K_KERNEL;
		return kernel_ptr(len);
	}
	if (r < 50 && (p = kstack_ptr(len))) {
		*k = K_KSTACK;
		return p;
	}
	if (r < 52 && (p = apstack_ptr(len))) {
		*k = K_APSTACK;
		return p;
	}
	if (r < 58) {
		*k = K_VOID;          /* no RAM there, or across the end of RAM */
		uint64_t back = (len < 4096 ? len : 4096) / 2 + rndn(64);
		if (pct(50) && env.ram_end - back >= stacks_phys_end)
			return env.ram_end - back;
		return 0x80000000ULL + rndn(1 << 20);
	}
	*k = K_BAD;
	return bad_ptr(len);
}

/* An input pointer for len bytes: *ok when the kernel may read it (program memory, RAM
 * below 4 MiB, no-RAM addresses, never device registers). */
uint64_t in_ptr(uint64_t len, int *ok)
{
	*ok = 1;
	switch (rndn(6)) {
	case 0:
		return kernel_ptr(len);
	case 1:
		return PM_READ + rndn(0x400000);
	case 2:
		return 0x80000000ULL + rndn(1 << 20);
	case 3:
		return env.free_end - len;
	default:
		*ok = 0;
		return bad_ptr(len);
	}
}

/* A code address: good (a program function) a third of the time, else one the kernel
 * must refuse: *kernel when it is mapped (kernel code or data, the information table,
 * a stack, RAM without code), which crashes a kernel that checks only the mapping. */
uint64_t code_ptr(uint64_t good, int *ok, int *kernel)
{
	static const uint64_t mapped[] = {
		1, 0x5000, 0x7000, 0x8000, 0x100000, 0x100010, 0x100040, 0x104000, 0x220000,
		0xB8000, 0x80000000ULL, 0x3FFFFF,
	};
	*ok = *kernel = 0;
	if (pct(34)) {
		*ok = 1;
		return good;
	}
	if (pct(30)) {
		*kernel = 1;
		if (pct(80))
			return PICK(mapped);
		uint64_t p = pct(50) ? kstack_ptr(16) : apstack_ptr(16);
		return p ? p : 0x5000;
	}
	return bad_ptr(1);
}

uint64_t hostile_u64(void)
{
	static const uint64_t v[] = {
		0, 1, 2, 7, 8, 255, 256, 1023, 1024, 1025, 4096, 65535, 65536, 0x7FFFFFFF,
		0x80000000ULL, 0xFFFFFFFFULL, 0x100000000ULL, 1ULL << 47, 1ULL << 52,
		0x7FFFFFFFFFFFFFFFULL, 0x8000000000000000ULL, ~0ULL - 1, ~0ULL,
	};
	switch (rndn(4)) {
	case 0:
		return rnd();
	case 1:
		return rnd() >> rndn(64);
	default:
		return PICK(v);
	}
}
