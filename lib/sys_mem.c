// SPDX-License-Identifier: BSD-2-Clause
/* sys_mem.c - sbrk, under newlib's malloc: the heap is program memory after the
 * program. A program-form app (lib/app.ld) starts it at _end, the page after its .bss;
 * a payload-form one (at 0x1E0000, lib/payload.ld) at 0xFFFF800000000000. It ends where
 * the free program memory does, below the per-core stacks: at 0xFFFF800000000000 plus
 * the bytes the loader placed there (the information table's program_size, 0x50D0)
 * plus FREE_MEMORY MiB. That holds however the program came: appended by the loader
 * (program_size is its own size) or loaded by the Monitor (a payload: program_size 0,
 * FREE_MEMORY all of it), where an end at _end + FREE_MEMORY would run into the stacks.
 * Past the end sbrk fails with ENOMEM, so malloc returns NULL with errno ENOMEM.
 * The break moves by compare-and-swap: malloc calls sbrk under its lock, but
 * lib/sys_reent.c takes memory for another core's state outside it. */
#include <stdint.h>
#include <unistd.h>
#include "baremetal.h"
#include "bootinfo.h"
#include "sys.h"

#define PROGRAM_MEMORY 0xFFFF800000000000ull
#define INFO ((const volatile struct bootinfo *)0x5000)

extern char _end[];
static uintptr_t heap_start, heap_end;
static uintptr_t heap_brk;   /* 0 until the first call */

static void heap_init(void)
{
	uintptr_t start = (uintptr_t)_end, end, zero = 0;
	uint64_t mib = b_system(FREE_MEMORY, 0, 0);

	if (start < PROGRAM_MEMORY)
		start = PROGRAM_MEMORY;
	end = PROGRAM_MEMORY + INFO->program_size + (mib << 20);
	heap_start = start;
	heap_end = end > start ? end : start;   /* a program bigger than that: no heap */
	__atomic_compare_exchange_n(&heap_brk, &zero, start, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

/* The old break, or 0 when [heap_start, heap_end) cannot take the change. Sets no errno. */
void *__bmc_heap_move(ptrdiff_t incr)
{
	uintptr_t old;

	if (__atomic_load_n(&heap_brk, __ATOMIC_ACQUIRE) == 0)
		heap_init();
	old = __atomic_load_n(&heap_brk, __ATOMIC_ACQUIRE);
	do {
		if (incr > 0 && (uintptr_t)incr > heap_end - old)
			return 0;
		if (incr < 0 && (uintptr_t)0 - (uintptr_t)incr > old - heap_start)
			return 0;
	} while (!__atomic_compare_exchange_n(&heap_brk, &old, old + (uintptr_t)incr, 0,
					      __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
	return (void *)old;
}

void *sbrk(ptrdiff_t incr)
{
	void *old = __bmc_heap_move(incr);

	if (old == 0) {
		sys_fail(incr > 0 ? ENOMEM : EINVAL);
		return (void *)-1;
	}
	return old;
}
