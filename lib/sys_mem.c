// SPDX-License-Identifier: BSD-2-Clause
/* sys_mem.c - sbrk, under newlib's malloc: the heap is program memory after the
 * program. A program-form app (lib/app.ld) starts it at _end, the page after its .bss,
 * and FREE_MEMORY reports the MiB left after the program; a payload-form one (at
 * 0x1E0000, lib/payload.ld) has all of program memory, from 0xFFFF800000000000.
 * Past the end sbrk fails with ENOMEM, so malloc returns NULL with errno ENOMEM. */
#include <stdint.h>
#include <unistd.h>
#include "baremetal.h"
#include "sys.h"

#define PROGRAM_MEMORY 0xFFFF800000000000ull

extern char _end[];
static uintptr_t heap_start, heap_end, heap_brk;

static void heap_init(void)
{
	uintptr_t start = (uintptr_t)_end;
	uint64_t mib = b_system(FREE_MEMORY, 0, 0);

	if (start < PROGRAM_MEMORY)
		start = PROGRAM_MEMORY;
	heap_start = heap_brk = start;
	heap_end = start + (mib << 20);
}

void *sbrk(ptrdiff_t incr)
{
	uintptr_t old;

	if (heap_start == 0)
		heap_init();
	old = heap_brk;
	if (incr > 0 && (uintptr_t)incr > heap_end - old) {
		sys_fail(ENOMEM);
		return (void *)-1;
	}
	if (incr < 0 && (uintptr_t)0 - (uintptr_t)incr > old - heap_start) {
		sys_fail(EINVAL);
		return (void *)-1;
	}
	heap_brk = old + (uintptr_t)incr;
	return (void *)old;
}
