// SPDX-License-Identifier: BSD-2-Clause
/* system.c - b_system: BareMetal's function numbers (its api/libBareMetal.h) and
 * BareMetal-C's additions (include/baremetal.h), the C side of api/abi.asm's b_system.
 * Calls the kernel does not implement yet return argument 1 unchanged, as BareMetal's
 * empty slots do. api/abi.asm dispatches: api_sys_slot gives each function number a
 * handler index; the first SYS_LEAVES are answered in assembly (SMP_ID, SMP_NUMCORES,
 * TSC, TIMECOUNTER with an HPET, and the empty slot), the rest call api_sys_fn[index]
 * with (argument 1, argument 2, function number). */
#include "api/callbacks.h"
#include "kernel/kernel.h"
#include "drivers/console/console.h"
#include "kernel/percpu.h"
#include "kernel/sched.h"
#include "common/errno.h"
#include "common/fmt.h"
#include "include/baremetal.h"
#include "common/x86.h"
#include "common/uart16550.h"
#include "drivers/bus/pcidev.h"
#include "drivers/nvs/nvs.h"
#include "drivers/net/net.h"

void abi_output(void) __asm__("b_output");   /* api/abi.asm: the table's b_output */

static void dump_mem(const uint8_t *p, uint64_t n)
{
	if (!mem_range_ok(p, n))
		return;
	for (uint64_t i = 0; i < n; i += 16) {
		kprintf("%016lx:", (uint64_t)(uintptr_t)(p + i));
		for (uint64_t j = i; j < i + 16 && j < n; j++)
			kprintf(" %02x", p[j]);
		kprintf("\n");
	}
}

static uint64_t bus_access(uint64_t fn, uint64_t value, uint64_t addr)
{
	/* RDX: 47:32 segment, 31:24 bus, 23:16 device/function, 15:0 register (dwords):
	 * the 4 KiB space through ECAM, 256 bytes through mechanism #1. */
	uint16_t seg = (uint16_t)(addr >> 32);
	uint8_t bus = (uint8_t)(addr >> 24), dev = (addr >> 19) & 31, func = (addr >> 16) & 7;
	uint64_t reg = addr & 0xFFFF;
	if ((addr >> 48) || reg >= 1024)
		return fn == BUS_READ ? 0xFFFFFFFFu : value;
	if (fn == BUS_WRITE) {
		pcie_write32(seg, bus, dev, func, (uint16_t)(reg * 4), (uint32_t)value);
		return value;
	}
	return pcie_read32(seg, bus, dev, func, (uint16_t)(reg * 4));
}

typedef uint64_t sys_fn(uint64_t a1, uint64_t a2, uint64_t fn);

/* Handler indices. The first SYS_LEAVES are api/abi.asm's sys_leaf table, in its order. */
enum {
	SYS_NONE, SYS_TIMECOUNTER, SYS_SMP_ID, SYS_SMP_NUMCORES, SYS_TSC, SYS_LEAVES,
	SYS_COUNTER_HZ = SYS_LEAVES, SYS_FREE_MEMORY, SYS_SMP_SET, SYS_SMP_GET, SYS_SMP_LOCK,
	SYS_SMP_UNLOCK, SYS_SMP_BUSY, SYS_TASK_PUSH, SYS_TASK_WAIT, SYS_PARALLEL_FOR,
	SYS_PROGRAM_RUN, SYS_SCREEN, SYS_BUS, SYS_NET_STATUS, SYS_NET_CONFIG, SYS_NET_STATS,
	SYS_NVS_INFO, SYS_STDOUT_SET, SYS_STDOUT_GET, SYS_CB_TIMER, SYS_CB_NETWORK, SYS_CB_KEYBOARD,
	SYS_CONSOLE_SET, SYS_CONSOLE_GET, SYS_CONSOLE_DROPPED, SYS_DUMP_MEM, SYS_DUMP_RAX,
	SYS_DELAY, SYS_RESET, SYS_REBOOT, SYS_SHUTDOWN, SYS_COUNT
};
#define SYS_SLOTS 0x80   /* api/abi.asm's SYS_SLOTS: function numbers 0..0x7F */

#define SYS(name) static uint64_t name(uint64_t a1, uint64_t a2, uint64_t fn)
#define UNUSED (void)a1, (void)a2, (void)fn

/* TIMECOUNTER without an HPET (api/abi.asm reads the HPET itself). */
SYS(sys_timecounter) { UNUSED; return time_counter(); }
SYS(sys_counter_hz) { UNUSED; return time_counter_hz(); }
/* the loader made the program fit */
SYS(sys_free_memory) { UNUSED; return (program_free - BOOTINFO->program_size) >> 20; }
SYS(sys_smp_set) { UNUSED; return smp_set(a1, a2); }
SYS(sys_smp_get) { UNUSED; return smp_get(); }
SYS(sys_smp_lock)
{
	UNUSED;
	if (!mem_prog_ok((void *)a1, 1))
		return a1;
	while (__atomic_test_and_set((volatile void *)a1, __ATOMIC_ACQUIRE))
		cpu_pause();
	return a1;
}
SYS(sys_smp_unlock)
{
	UNUSED;
	if (mem_prog_ok((void *)a1, 1))
		__atomic_clear((volatile void *)a1, __ATOMIC_RELEASE);
	return a1;
}
SYS(sys_smp_busy) { UNUSED; return smp_busy(); }
SYS(sys_task_push)
{
	UNUSED;
	return (uint64_t)(int64_t)(mem_code_ok(a1) ? sched_push(a1, a2) : -EINVAL);
}
SYS(sys_task_wait) { UNUSED; return (uint64_t)(int64_t)sched_wait(a1); }
SYS(sys_parallel_for) { UNUSED; return (uint64_t)(int64_t)sched_parallel_for(a1); }
SYS(sys_program_run) { UNUSED; return (uint64_t)(int64_t)sched_program_run(a1); }
SYS(sys_screen)
{
	const struct bootinfo *bi = BOOTINFO;
	UNUSED;
	switch (fn) {
	case SCREEN_LFB_GET:
		return bi->video_base;
	case SCREEN_X_GET:
		return bi->video_x;
	case SCREEN_Y_GET:
		return bi->video_y;
	case SCREEN_PPSL_GET:
		return bi->video_ppsl;
	default:
		return bi->video_bpp;
	}
}
SYS(sys_bus) { return bus_access(fn, a1, a2); }
SYS(sys_net_status) { UNUSED; return net_status(a2); }
SYS(sys_net_config) { UNUSED; return (uint64_t)(int64_t)net_config(a2); }
SYS(sys_net_stats) { UNUSED; return (uint64_t)(int64_t)net_get_stats(a2, (void *)a1); }
SYS(sys_nvs_info) { UNUSED; return nvs_info(a1, (void *)a2); }
static volatile uint64_t *const stdout_slot = (volatile uint64_t *)(uintptr_t)(API_TABLE_ADDR + 8);
SYS(sys_stdout_set)
{
	UNUSED;
	if (mem_code_ok(a1) || a1 == (uint64_t)(uintptr_t)abi_output)
		*stdout_slot = a1;   /* the program's routine, or the kernel's back */
	return a1;
}
SYS(sys_stdout_get) { UNUSED; return *stdout_slot; }
/* fn every a2 us (0: 1 ms); 0 turns it off (the timer goes on at 1 ms while a network or
 * keyboard callback needs it) */
SYS(sys_cb_timer) { UNUSED; return callback_set(&this_cpu()->timer_callback, a1, a2); }
SYS(sys_cb_network) { UNUSED; return callback_set(&this_cpu()->net_callback, a1, 0); }
SYS(sys_cb_keyboard) { UNUSED; return callback_set(&this_cpu()->key_callback, a1, 0); }
SYS(sys_console_set) { UNUSED; return console_select(a1); }
SYS(sys_console_get) { UNUSED; return console_enabled(); }
SYS(sys_console_dropped) { UNUSED; return serial_dropped(); }
SYS(sys_dump_mem)
{
	UNUSED;
	dump_mem((const uint8_t *)a1, a2);
	return a1;
}
SYS(sys_dump_rax)
{
	UNUSED;
	kprintf("%016lx", a1);
	return a1;
}
SYS(sys_delay)
{
	UNUSED;
	delay_us(a1);
	return a1;
}
SYS(sys_reset) { UNUSED; smp_reset_all(); }
SYS(sys_reboot) { UNUSED; return (uint64_t)(int64_t)power_reboot(); }
SYS(sys_shutdown) { UNUSED; return (uint64_t)(int64_t)power_shutdown(); }

/* Read by api/abi.asm's b_system. Numbers not listed are SYS_NONE: argument 1 back. */
extern const uint8_t api_sys_slot[SYS_SLOTS];
const uint8_t api_sys_slot[SYS_SLOTS] = {
	[TIMECOUNTER] = SYS_TIMECOUNTER, [TIMECOUNTER_HZ] = SYS_COUNTER_HZ,
	[FREE_MEMORY] = SYS_FREE_MEMORY, [SMP_ID] = SYS_SMP_ID, [SMP_NUMCORES] = SYS_SMP_NUMCORES,
	[SMP_SET] = SYS_SMP_SET, [SMP_GET] = SYS_SMP_GET, [SMP_LOCK] = SYS_SMP_LOCK,
	[SMP_UNLOCK] = SYS_SMP_UNLOCK, [SMP_BUSY] = SYS_SMP_BUSY, [SMP_TASK_PUSH] = SYS_TASK_PUSH,
	[SMP_TASK_WAIT] = SYS_TASK_WAIT, [SMP_PARALLEL_FOR] = SYS_PARALLEL_FOR,
	[PROGRAM_RUN] = SYS_PROGRAM_RUN, [TSC] = SYS_TSC,
	[SCREEN_LFB_GET] = SYS_SCREEN, [SCREEN_X_GET] = SYS_SCREEN, [SCREEN_Y_GET] = SYS_SCREEN,
	[SCREEN_PPSL_GET] = SYS_SCREEN, [SCREEN_BPP_GET] = SYS_SCREEN,
	[BUS_READ] = SYS_BUS, [BUS_WRITE] = SYS_BUS,
	[NET_STATUS] = SYS_NET_STATUS, [NET_CONFIG] = SYS_NET_CONFIG, [NET_STATS] = SYS_NET_STATS,
	[NVS_INFO] = SYS_NVS_INFO, [STDOUT_SET] = SYS_STDOUT_SET, [STDOUT_GET] = SYS_STDOUT_GET,
	[CALLBACK_TIMER] = SYS_CB_TIMER, [CALLBACK_NETWORK] = SYS_CB_NETWORK,
	[CALLBACK_KEYBOARD] = SYS_CB_KEYBOARD, [CONSOLE_SET] = SYS_CONSOLE_SET,
	[CONSOLE_GET] = SYS_CONSOLE_GET, [CONSOLE_DROPPED] = SYS_CONSOLE_DROPPED,
	[DUMP_MEM] = SYS_DUMP_MEM, [DUMP_RAX] = SYS_DUMP_RAX, [DELAY] = SYS_DELAY,
	[RESET] = SYS_RESET, [REBOOT] = SYS_REBOOT, [SHUTDOWN] = SYS_SHUTDOWN,
};

/* Indexed by api_sys_slot's value; the leaves' entries are unused but TIMECOUNTER's (the
 * fallback without an HPET). */
extern sys_fn *const api_sys_fn[SYS_COUNT];
sys_fn *const api_sys_fn[SYS_COUNT] = {
	[SYS_TIMECOUNTER] = sys_timecounter, [SYS_COUNTER_HZ] = sys_counter_hz,
	[SYS_FREE_MEMORY] = sys_free_memory, [SYS_SMP_SET] = sys_smp_set,
	[SYS_SMP_GET] = sys_smp_get, [SYS_SMP_LOCK] = sys_smp_lock, [SYS_SMP_UNLOCK] = sys_smp_unlock,
	[SYS_SMP_BUSY] = sys_smp_busy, [SYS_TASK_PUSH] = sys_task_push,
	[SYS_TASK_WAIT] = sys_task_wait, [SYS_PARALLEL_FOR] = sys_parallel_for,
	[SYS_PROGRAM_RUN] = sys_program_run, [SYS_SCREEN] = sys_screen, [SYS_BUS] = sys_bus,
	[SYS_NET_STATUS] = sys_net_status, [SYS_NET_CONFIG] = sys_net_config,
	[SYS_NET_STATS] = sys_net_stats, [SYS_NVS_INFO] = sys_nvs_info,
	[SYS_STDOUT_SET] = sys_stdout_set, [SYS_STDOUT_GET] = sys_stdout_get,
	[SYS_CB_TIMER] = sys_cb_timer, [SYS_CB_NETWORK] = sys_cb_network,
	[SYS_CB_KEYBOARD] = sys_cb_keyboard, [SYS_CONSOLE_SET] = sys_console_set,
	[SYS_CONSOLE_GET] = sys_console_get, [SYS_CONSOLE_DROPPED] = sys_console_dropped,
	[SYS_DUMP_MEM] = sys_dump_mem, [SYS_DUMP_RAX] = sys_dump_rax, [SYS_DELAY] = sys_delay,
	[SYS_RESET] = sys_reset, [SYS_REBOOT] = sys_reboot, [SYS_SHUTDOWN] = sys_shutdown,
};
