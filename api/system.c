// SPDX-License-Identifier: BSD-2-Clause
/* system.c - b_system: BareMetal's function numbers (its api/libBareMetal.h) and
 * BareMetal-C's additions (include/baremetal.h), the C side of api/abi.asm's b_system.
 * Calls the kernel does not implement yet return argument 1 unchanged, as BareMetal's
 * empty slots do. SMP_ID, SMP_NUMCORES, TSC and TIMECOUNTER (with an HPET) are answered
 * in api/abi.asm and never reach here. */
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

uint64_t api_system(uint64_t fn, uint64_t a1, uint64_t a2);
uint64_t api_system(uint64_t fn, uint64_t a1, uint64_t a2)
{
	const struct bootinfo *bi = BOOTINFO;
	volatile uint64_t *stdout_slot = (volatile uint64_t *)(uintptr_t)(API_TABLE_ADDR + 8);

	switch (fn) {
	case TIMECOUNTER:
		return time_counter();
	case TIMECOUNTER_HZ:
		return time_counter_hz();
	case FREE_MEMORY:
		return (program_free - BOOTINFO->program_size) >> 20;   /* the loader made it fit */
	case SMP_SET:
		return smp_set(a1, a2);
	case SMP_GET:
		return smp_get();
	case SMP_LOCK:
		if (!mem_prog_ok((void *)a1, 1))
			return a1;
		while (__atomic_test_and_set((volatile void *)a1, __ATOMIC_ACQUIRE))
			cpu_pause();
		return a1;
	case SMP_UNLOCK:
		if (mem_prog_ok((void *)a1, 1))
			__atomic_clear((volatile void *)a1, __ATOMIC_RELEASE);
		return a1;
	case SMP_BUSY:
		return smp_busy();
	case SMP_TASK_PUSH:
		return (uint64_t)(int64_t)(mem_code_ok(a1) ? sched_push(a1, a2) : -EINVAL);
	case SMP_TASK_WAIT:
		return (uint64_t)(int64_t)sched_wait(a1);
	case SMP_PARALLEL_FOR:
		return (uint64_t)(int64_t)sched_parallel_for(a1);
	case PROGRAM_RUN:
		return (uint64_t)(int64_t)sched_program_run(a1);
	case SCREEN_LFB_GET:
		return bi->video_base;
	case SCREEN_X_GET:
		return bi->video_x;
	case SCREEN_Y_GET:
		return bi->video_y;
	case SCREEN_PPSL_GET:
		return bi->video_ppsl;
	case SCREEN_BPP_GET:
		return bi->video_bpp;
	case BUS_READ:
	case BUS_WRITE:
		return bus_access(fn, a1, a2);
	case NET_STATUS:
		return net_status(a2);
	case NET_CONFIG:
		return (uint64_t)(int64_t)net_config(a2);
	case NET_STATS:
		return (uint64_t)(int64_t)net_get_stats(a2, (void *)a1);
	case NVS_INFO:
		return nvs_info(a1, (void *)a2);
	case STDOUT_SET:
		if (mem_code_ok(a1) || a1 == (uint64_t)(uintptr_t)abi_output)
			*stdout_slot = a1;   /* the program's routine, or the kernel's back */
		return a1;
	case STDOUT_GET:
		return *stdout_slot;
	case CALLBACK_TIMER:
		/* fn every a2 us (0: 1 ms); 0 turns it off (the timer goes on at 1 ms while a
		 * network or keyboard callback needs it) */
		return callback_set(&this_cpu()->timer_callback, a1, a2);
	case CALLBACK_NETWORK:
		return callback_set(&this_cpu()->net_callback, a1, 0);
	case CALLBACK_KEYBOARD:
		return callback_set(&this_cpu()->key_callback, a1, 0);
	case CONSOLE_SET:
		return console_select(a1);
	case CONSOLE_GET:
		return console_enabled();
	case CONSOLE_DROPPED:
		return serial_dropped();
	case DUMP_MEM:
		dump_mem((const uint8_t *)a1, a2);
		return a1;
	case DUMP_RAX:
		kprintf("%016lx", a1);
		return a1;
	case DELAY:
		delay_us(a1);
		return a1;
	case RESET:
		smp_reset_all();
	case REBOOT:
		return (uint64_t)(int64_t)power_reboot();
	case SHUTDOWN:
		return (uint64_t)(int64_t)power_shutdown();
	default:
		return a1;
	}
}
