// SPDX-License-Identifier: BSD-2-Clause
/* system.c - b_system: BareMetal's function numbers (api/libBareMetal.h), time and memory
 * services. Calls the kernel does not implement yet return argument 1 unchanged, as
 * BareMetal's empty slots do. */
#include "kernel/kernel.h"
#include "kernel/fmt.h"
#include "kernel/timer.h"
#include "include/baremetal.h"
#include "include/x86.h"
#include "drivers/console/serial.h"
#include "drivers/bus/pci.h"

uint64_t tsc_hz;
uint64_t hpet_base;
uint32_t hpet_hz;

uint64_t time_us(void)
{
	return tsc_hz ? rdtsc() / (tsc_hz / 1000000) : 0;
}

void delay_us(uint64_t us)
{
	uint64_t start = rdtsc(), ticks = tsc_hz / 1000000 * us;
	while (rdtsc() - start < ticks)
		cpu_pause();
}

/* An address range a program hands in must be mapped: identity RAM/MMIO or its own
 * memory at PROGRAM_VIRT. Kernel pages are the program's to pass too (it owns them). */
bool mem_range_ok(const void *p, uint64_t len)
{
	uint64_t a = (uint64_t)(uintptr_t)p, end = a + len;
	const struct bootinfo *bi = BOOTINFO;
	uint64_t id_end = bi->identity_end ? bi->identity_end : (4ULL << 30);

	if (!a || end < a)
		return false;
	if (end <= id_end)
		return true;
	return a >= PROGRAM_VIRT && end <= PROGRAM_VIRT + bi->program_mem;
}

static void dump_hex(uint64_t v)
{
	kprintf("%016lx", v);
}

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

uint64_t api_system(uint64_t fn, uint64_t a1, uint64_t a2);
uint64_t api_system(uint64_t fn, uint64_t a1, uint64_t a2)
{
	const struct bootinfo *bi = BOOTINFO;
	volatile uint64_t *stdout_slot = (volatile uint64_t *)(uintptr_t)(API_TABLE_ADDR + 8);

	switch (fn) {
	case TIMECOUNTER:
		return hpet_hz ? hpet_read(hpet_base) : time_us();
	case FREE_MEMORY:
		return bi->program_mem >> 20;
	case SMP_ID:
		return lapic_id();
	case SMP_NUMCORES:
		return smp_cores();
	case SMP_LOCK:
		if (!mem_range_ok((void *)a1, 8))
			return a1;
		while (__atomic_test_and_set((volatile void *)a1, __ATOMIC_ACQUIRE))
			cpu_pause();
		return a1;
	case SMP_UNLOCK:
		if (mem_range_ok((void *)a1, 8))
			__atomic_clear((volatile void *)a1, __ATOMIC_RELEASE);
		return a1;
	case TSC:
		return rdtsc();
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
	case BUS_WRITE: {
		/* RDX: 47:32 segment, 31:24 bus, 23:16 device/function, 15:0 register (dwords).
		 * Segment 0 and the 256-byte space of mechanism #1 for now. */
		uint8_t bus = (uint8_t)(a2 >> 24), dev = (a2 >> 19) & 31, func = (a2 >> 16) & 7;
		uint64_t reg = a2 & 0xFFFF;
		if ((a2 >> 32) || reg >= 64)
			return fn == BUS_READ ? 0xFFFFFFFFu : a1;
		if (fn == BUS_WRITE) {
			pci_write32(bus, dev, func, (uint8_t)(reg * 4), (uint32_t)a1);
			return a1;
		}
		return pci_read32(bus, dev, func, (uint8_t)(reg * 4));
	}
	case STDOUT_SET:
		if (mem_range_ok((void *)a1, 1))
			*stdout_slot = a1;
		return a1;
	case STDOUT_GET:
		return *stdout_slot;
	case DUMP_MEM:
		dump_mem((const uint8_t *)a1, a2);
		return a1;
	case DUMP_RAX:
		dump_hex(a1);
		return a1;
	case DELAY:
		delay_us(a1);
		return a1;
	default:
		(void)a2;
		return a1;
	}
}
