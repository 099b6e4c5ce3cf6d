// SPDX-License-Identifier: BSD-2-Clause
/* main.c - the kernel's init sequence and the boot report (docs/boot.md "The serial boot
 * report"), then the appended program on the BSP. */
#include "kernel/kernel.h"
#include "kernel/ioapic.h"
#include "kernel/irq.h"
#include "kernel/percpu.h"
#include "kernel/sched.h"
#include "common/fmt.h"
#include "common/hpet_regs.h"
#include "common/uart16550.h"
#include "api/callbacks.h"
#include "drivers/console/console.h"
#include "drivers/init.h"
#include "common/x86.h"

#define PIT_CH0_DATA      0x40
#define PIT_CH0_MODE0     0x30   /* channel 0, lobyte/hibyte, interrupt on terminal count */
#define IOAPIC_CHECK_US   50000

static uint64_t t0;
static volatile bool ioapic_test_irq;   /* the boot check's interrupt arrived */

void kernel_main(void) __attribute__((noreturn));

static void __attribute__((noreturn)) panic(const char *why)
{
	kprintf("kernel: %s: halted\n", why);
	for (;;) {
		cpu_cli();
		cpu_hlt();
	}
}

static void ioapic_test_interrupt(void)
{
	ioapic_test_irq = true;
}

/* Proves the I/O APIC route with the MADT's override: one PIT interrupt on ISA IRQ 0,
 * which QEMU and most PCs deliver on GSI 2. */
static void ioapic_check(void)
{
	uint32_t gsi;
	uint8_t bsp = (uint8_t)cpus[0].apic_id;

	if (!BOOTINFO->ioapic_count || ioapic_route_isa(0, VEC_IOAPIC_TEST, bsp, &gsi)) {
		kprintf("ioapic: none usable\n");
		return;
	}
	irq_set(VEC_IOAPIC_TEST, ioapic_test_interrupt);
	outb(PIT_COMMAND, PIT_CH0_MODE0);
	outb(PIT_CH0_DATA, (PIT_HZ / 10000) & 0xFF);  /* 100 us */
	outb(PIT_CH0_DATA, (PIT_HZ / 10000) >> 8);
	cpu_sti();
	uint64_t start = time_us();
	while (!ioapic_test_irq && time_us() - start < IOAPIC_CHECK_US)
		cpu_pause();
	cpu_cli();
	ioapic_mask_gsi(gsi);
	kprintf("ioapic: %u I/O APIC(s), ISA IRQ 0 -> GSI %u %s\n", BOOTINFO->ioapic_count, gsi,
		ioapic_test_irq ? "ok" : "silent");
}

/* On the BSP's own stack from here. */
static void __attribute__((noreturn)) kernel_run(void)
{
	const struct bootinfo *bi = BOOTINFO;

	ioapic_check();
	drivers_init((uint8_t)cpus[0].apic_id);
	uint32_t cores = smp_start_aps();
	uint64_t mhz = tsc_hz / 1000000;
	uint64_t loader_us = bi->tsc_loader_end > bi->tsc_loader_start ?
		(bi->tsc_loader_end - bi->tsc_loader_start) / mhz : 0;
	uint64_t kernel_us = (rdtsc() - t0) / mhz;

	if (bi->video_base)
		kprintf("video: lfb %ux%u %ubpp pitch %u at 0x%lx\n", bi->video_x, bi->video_y,
			bi->video_bpp, bi->video_ppsl * (bi->video_bpp / 8), bi->video_base);
	kprintf("boot times: loader=%luus kernel=%luus\n", loader_us, kernel_us);
	/* ram=: the installed RAM; under another Pure64 only its RAMAMOUNT is known.
	 * kernel=: kernel.sys's bytes, from the loader or else kernel/unpack.asm's stub */
	kprintf("system ready: cores=%u ram=%u boot=%s kernel=%u\n", cores,
		bi->ram_total_mib ? bi->ram_total_mib : bi->ram_mib,
		bi->flag_bootmode == BOOTMODE_UEFI ? "uefi" : "bios", bi->kernel_size);

	/* BareMetal's start_payload (kernel/task.asm), under the task recovery point: the
	 * program the loader put in program memory, else the payload at APP_ADDR */
	uint64_t entry = bi->program_entry ? bi->program_entry : bi->app_size ? APP_ADDR : 0;
	if (entry)
		task_run(program_call, entry);
	smp_idle();
}

void kernel_main(void)
{
	const struct bootinfo *bi = BOOTINFO;

	t0 = rdtsc();
	handoff_complete();
	serial_init();
	console_init();
	kprintf("BareMetal-C kernel\n");
	cpu_init();
	idt_init(false);
	lapic_init(bi->lapic);
	lapic_enable();

	time_init();
	ioapic_init();
	irq_set(VEC_TIMER, callbacks_run);
	sched_init();
	if (smp_init_bsp())
		panic("no memory for the per-core stacks");
	idt_init(true);
	__asm__ volatile("mov %0, %%rsp\n\t"
			 "xor %%ebp, %%ebp\n\t"
			 "call *%1" : : "r"(cpus[0].stack_top), "r"(kernel_run) : "memory");
	__builtin_unreachable();
}
