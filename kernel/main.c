// SPDX-License-Identifier: BSD-2-Clause
/* main.c - the kernel's init sequence and the boot report (DESIGN.md "The serial boot
 * report"), then the appended program on the BSP. */
#include "kernel/kernel.h"
#include "kernel/fmt.h"
#include "kernel/timer.h"
#include "drivers/console/serial.h"
#include "include/x86.h"

extern const char __kernel_file_end[];

void kernel_main(void);

static void run_program(void)
{
	/* BareMetal's start_payload: RAX = entry, interrupts on, a call that may return. */
	__asm__ volatile("sti\n\t"
			 "call *%%rax"
			 : : "a"(APP_ADDR)
			 : "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13",
			   "r14", "r15", "memory", "cc");
}

void kernel_main(void)
{
	uint64_t t0 = rdtsc();
	const struct bootinfo *bi = BOOTINFO;

	serial_init();
	kprintf("BareMetal-C kernel\n");
	cpu_init();
	idt_init();
	lapic_init(bi->lapic);
	lapic_enable();

	hpet_base = bi->hpet_base;
	hpet_hz = hpet_start(hpet_base);
	tsc_hz = bi->cpu_speed_mhz ? (uint64_t)bi->cpu_speed_mhz * 1000000 : tsc_calibrate(hpet_base);
	if (!tsc_hz)
		tsc_hz = 1000000000ULL;   /* no clock answered: assume 1 GHz, timeouts stay finite */

	uint32_t cores = smp_start_aps();
	uint32_t kernel_bytes = (uint32_t)((uintptr_t)__kernel_file_end - KERNEL_ADDR);
	uint64_t mhz = tsc_hz / 1000000;
	uint64_t loader_us = bi->tsc_loader_end > bi->tsc_loader_start ?
		(bi->tsc_loader_end - bi->tsc_loader_start) / mhz : 0;
	uint64_t kernel_us = (rdtsc() - t0) / mhz;

	if (bi->video_base)
		kprintf("video: lfb %ux%u %ubpp pitch %u at 0x%lx\n", bi->video_x, bi->video_y,
			bi->video_bpp, bi->video_ppsl * (bi->video_bpp / 8), bi->video_base);
	kprintf("boot times: loader=%luus kernel=%luus\n", loader_us, kernel_us);
	kprintf("system ready: cores=%u ram=%u boot=%s kernel=%u\n", cores, bi->ram_mib,
		bi->flag_bootmode == BOOTMODE_UEFI ? "uefi" : "bios", kernel_bytes);

	if (bi->app_size)
		run_program();
	smp_idle();
}
