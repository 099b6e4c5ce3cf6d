// SPDX-License-Identifier: BSD-2-Clause
/* sys_reent.c - newlib's per-thread state (struct _reent: errno, strtok's and rand's
 * state, dtoa's buffers under printf("%f")) per core, so code on several cores may use
 * the C library at once (newlib built with __DYNAMIC_REENT__: _REENT is __getreent()).
 * The first core to ask, the BSP (crt0's atexit comes before any other code), keeps
 * newlib's global one; another core gets its own the first time, from the heap
 * (lib/sys_mem.c), kept for the program's life. The stdio streams are global
 * (--enable-newlib-global-stdio-streams), shared under their locks (lib/sys_lock.c). */
#include <reent.h>
#include <stdint.h>
#include "baremetal.h"

#define REENT_SLOTS 256   /* kernel/percpu.h's MAX_CPUS */

void *__bmc_heap_move(ptrdiff_t incr);

static struct {
	uint32_t core;             /* APIC ID + 1 of the owner, 0: free */
	struct _reent *volatile r;
} slots[REENT_SLOTS];
static uint32_t first_core;

static int claim(uint32_t *word, uint32_t me)
{
	uint32_t zero = 0;
	return __atomic_compare_exchange_n(word, &zero, me, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

struct _reent *__getreent(void)
{
	uint32_t me = (uint32_t)b_system(SMP_ID, 0, 0) + 1;
	uint32_t first = __atomic_load_n(&first_core, __ATOMIC_ACQUIRE);

	if (first == me || (first == 0 && claim(&first_core, me)))
		return _impure_ptr;
	for (int i = 0; i < REENT_SLOTS; i++) {
		uint32_t c = __atomic_load_n(&slots[i].core, __ATOMIC_ACQUIRE);
		if (c == me)
			return slots[i].r;   /* set by this core before it first returned */
		if (c == 0 && claim(&slots[i].core, me)) {
			struct _reent *r = __bmc_heap_move((sizeof(*r) + 15) & ~(ptrdiff_t)15);
			if (!r)
				r = _impure_ptr;   /* no memory left: share the global one */
			else
				_REENT_INIT_PTR(r);
			slots[i].r = r;
			return r;
		}
	}
	return _impure_ptr;
}
