// SPDX-License-Identifier: BSD-2-Clause
/* callbacks.c - the program's callbacks (b_system CALLBACK_TIMER, CALLBACK_NETWORK,
 * CALLBACK_KEYBOARD): set per core, run on that core's APIC timer tick, each under its
 * own recovery point. */
#include "api/callbacks.h"
#include "kernel/kernel.h"
#include "drivers/hid/hid.h"
#include "drivers/net/net.h"
#include "kernel/apic.h"
#include "kernel/percpu.h"
#include "common/errno.h"
#include "common/fmt.h"

#define TIMER_DEFAULT_US 1000
/* A shorter period leaves the core nothing but ticks (each an interrupt, a 4 KiB XSAVE
 * and XRSTOR, an EOI); under QEMU's TCG a 1 us timer kept the main loop firing it and
 * holding the big lock, and the core's driver waits ran out with the device done. */
#define TIMER_MIN_US     50
#define XSAVE_AREA       4096   /* CPUID 0xD:EBX is below this for x87/SSE/AVX */

/* fn(arg), if fn is set, under its own recovery point (task_run): a fault in it is
 * reported and unwinds to here, not to the code the tick interrupted; the callback is
 * dropped, and the tick ends as any other (the FPU state back, the EOI). Returns
 * whether it faulted. */
static bool callback_faulted(uint64_t *slot, uint64_t fn, uint64_t arg)
{
	if (!fn || !task_run((void (*)(uint64_t))fn, arg))
		return false;
	callback_set(slot, 0, 0);
	return true;
}

/* VEC_TIMER's handler: the program's callbacks due on this tick of this core's APIC
 * timer - CALLBACK_TIMER's on every tick, CALLBACK_NETWORK's while a frame waits,
 * CALLBACK_KEYBOARD's once per key. They may use any registers, SSE and AVX included:
 * their state is saved around them. */
void callbacks_run(void)
{
	struct cpu *c = this_cpu();
	if (c->in_driver)
		return;   /* a callback calling b_net_* or b_nvs_* would wait for this core's lock */
	/* Plain loads: only this core writes its slots, each in one store (callback_set),
	 * and it is stopped between two instructions while this runs. */
	uint64_t cb = c->timer_callback;
	/* CALLBACK_NETWORK: only when a frame waits */
	uint64_t net = c->net_callback && net_pending() ? c->net_callback : 0;
	uint64_t key = c->key_callback;
	uint8_t k = 0;
	uint8_t area[XSAVE_AREA] __attribute__((aligned(64)));

	if (key) {
		hid_poll();
		k = hid_key_pop();
	}
	if (!cb && !net && !k)
		return;
	if (cpu_has_xsave()) {
		/* XSAVE writes only XSTATE_BV of the header; XRSTOR faults on anything but
		 * zeros in the rest (SDM vol. 1, 13.4.2), and this is stack memory */
		memset(area + 512, 0, 64);
		__asm__ volatile("xsave64 %0" : "+m"(area) : "a"(~0u), "d"(~0u) : "memory");
	} else
		__asm__ volatile("fxsave64 %0" : "=m"(area) : : "memory");
	c->irq_depth++;   /* the callbacks' recovery points are inside this interrupt */
	uint64_t api_rsp = c->api_rsp;   /* a call this tick interrupted checks against it */
	callback_faulted(&c->timer_callback, cb, 0);
	callback_faulted(&c->net_callback, net, 0);
	for (; k && !callback_faulted(&c->key_callback, key, k); k = hid_key_pop())
		;
	c->irq_depth--;
	c->api_rsp = api_rsp;
	if (cpu_has_xsave())
		__asm__ volatile("xrstor64 %0" : : "m"(area), "a"(~0u), "d"(~0u) : "memory");
	else
		__asm__ volatile("fxrstor64 %0" : : "m"(area) : "memory");
}

/* The callbacks share this core's APIC timer: CALLBACK_TIMER's at its period (at least
 * TIMER_MIN_US), else 1 ms for CALLBACK_NETWORK (run while frames wait) and
 * CALLBACK_KEYBOARD (once per key, the key in RDI); stopped when none is left. */
uint64_t callback_set(uint64_t *slot, uint64_t fn, uint64_t period_us)
{
	struct cpu *c = this_cpu();

	if (fn && !mem_code_ok(fn))
		return (uint64_t)-EINVAL;
	/* single 8-byte stores: a tick here calls the old function or the new one, never a
	 * mix of their bytes */
	if (slot == &c->timer_callback)
		__atomic_store_n(&c->timer_period, !period_us ? TIMER_DEFAULT_US :
				 period_us < TIMER_MIN_US ? TIMER_MIN_US : period_us, __ATOMIC_RELAXED);
	__atomic_store_n(slot, fn, __ATOMIC_RELAXED);
	if (c->timer_callback && slot != &c->timer_callback)
		return 0;                   /* the timer already ticks at the program's period */
	int r = 0;
	if (c->timer_callback || c->net_callback || c->key_callback)
		r = lapic_timer_start(c->timer_callback ? c->timer_period : TIMER_DEFAULT_US, VEC_TIMER);
	else
		lapic_timer_stop();
	if (r)
		__atomic_store_n(slot, 0, __ATOMIC_RELAXED);
	return (uint64_t)(int64_t)r;
}
