// SPDX-License-Identifier: BSD-2-Clause
/* stage.c - the shared 64-bit loader stage: the same object for the BIOS and UEFI paths.
 * Moves the kernel and program into place, sanitizes the memory map, builds the page
 * tables, reads ACPI, calibrates the TSC, parks the APs, fills the Pure64 information
 * table and jumps to the kernel at 0x100000. */
#include "boot/stage/stage.h"
#include "boot/stage/acpi.h"
#include "boot/stage/devmap.h"
#include "boot/stage/info.h"
#include "boot/stage/layout.h"
#include "boot/stage/memmap.h"
#include "boot/stage/paging.h"
#include "boot/stage/program.h"
#include "boot/stage/smp.h"
#include "common/uart16550.h"
#include "common/fmt.h"
#include "common/gdt.h"
#include "common/ioapic.h"
#include "common/lapic_regs.h"
#include "common/memlayout.h"
#include "common/timer.h"
#include "common/x86.h"

/* 1 in the test build that hands over exactly what Pure64 does (Makefile:
 * loader-pure64.sys): only the table fields Pure64 documents, as it fills them. */
#ifndef LOADER_PURE64
#define LOADER_PURE64 0
#endif
/* Pure64 copies this much of what follows it to 0x100000, whatever the kernel's size:
 * 32 KiB less its own 6 KiB (src/pure64.asm, PURE64SIZE). */
#define PURE64_KERNEL_COPY 26624u

void log_write(const char *s, size_t n)
{
	serial_write(s, n);
}

#define PIC1_DATA  0x21
#define PIC2_DATA  0xA1

static struct memmap_entry map[MEMMAP_MAX];
static struct acpi_info acpi;
static uint64_t mapped = 1ULL << 30;   /* until paging_build: what every entry path maps */

const void *acpi_map(uint64_t phys, uint64_t len)
{
	return phys + len >= phys && phys + len <= mapped ? (const void *)(uintptr_t)phys : 0;
}

static void __attribute__((noreturn)) halt(void)
{
	for (;;) {
		cpu_cli();
		cpu_hlt();
	}
}

void stage_panic(const char *why)
{
	kprintf("loader: %s\n", why);
	halt();
}

static uint64_t prog_size;   /* program memory the program takes, 4 KiB pages */

/* Halts, saying so, unless the kernel's RAM [KERNEL_ADDR, KERNEL_MEM_END) is usable and
 * program memory holds the program and every core's stack slot (one per core the MADT
 * lists). The RAM
 * named as needed is this machine's plus what is missing, rounded up to a MiB: the
 * firmware keeps the same at the top of a bigger machine. */
static void ram_check(const struct stage_args *a, int nmap, uint64_t program)
{
	uint64_t missing = memmap_missing(map, nmap, KERNEL_ADDR, KERNEL_MEM_END);
	uint64_t stacks = (acpi.cpu_count ? acpi.cpu_count : 1) * CORE_SLOT_SIZE + prog_size;

	if (missing)
		program = 0;          /* program memory lies above the kernel's */
	if (stacks > program)
		missing += stacks - program;
	if (missing) {
		uint32_t ram = memmap_ram_mib(map, nmap, a->firmware_ram);
		kprintf("loader: %u MiB of RAM, %u MiB needed: halted\n", ram,
			ram + (uint32_t)((missing + (1u << 20) - 1) >> 20));
		halt();
	}
}

/* GDT at 0x1000 (null, 64-bit code, data: common/gdt.h) and an IDT at 0x0 whose every
 * gate points at the trampoline's iretq until the kernel installs its own. The gate
 * types are Pure64's (src/pure64.asm): interrupt gates (0x8E) for the 32 exceptions, trap
 * gates (0x8F) above; BareMetal's kernel rewrites only the handler addresses, keeping them. */
static void load_descriptors(void)
{
	uint64_t *gdt = (uint64_t *)(uintptr_t)GDT_ADDR;
	uint64_t *idt = (uint64_t *)(uintptr_t)IDT_ADDR;
	uint64_t stub = AP_TRAMPOLINE + TRAMP_IRET_STUB;
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) gdtr = { 3 * 8 - 1, GDT_ADDR }, idtr = { 256 * 16 - 1, IDT_ADDR };

	gdt[0] = 0;
	gdt[GDT_SEL_CODE / 8] = GDT_CODE64;
	gdt[GDT_SEL_DATA / 8] = GDT_DATA;
	for (int v = 0; v < 256; v++) {
		idt[2 * v] = (stub & 0xFFFF) | (uint64_t)GDT_SEL_CODE << 16 |
			     (v < 32 ? 0x8E00ULL : 0x8F00ULL) << 32 | (stub >> 16 & 0xFFFF) << 48;
		idt[2 * v + 1] = stub >> 32;
	}
	__asm__ volatile("lgdt %0\n\t"
			 "lidt %1\n\t"
			 "pushq %2\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movl %3, %%eax\n\t"
			 "movl %%eax, %%ds\n\t"
			 "movl %%eax, %%es\n\t"
			 "movl %%eax, %%ss\n\t"
			 : : "m"(gdtr), "m"(idtr), "i"(GDT_SEL_CODE), "i"(GDT_SEL_DATA) : "rax", "memory");
}

/* Masks every I/O APIC input and the local APIC timer: firmware (OVMF's timer) may
 * leave them armed, and nothing may interrupt the kernel before it routes them itself
 * (82093AA I/O APIC datasheet 3.2.4; SDM vol. 3 10.5.1). */
static void quiesce_interrupts(uint64_t lapic)
{
	for (uint32_t i = 0; i < acpi.ioapic_count; i++)
		ioapic_mask_all(acpi.ioapic[i].address);
	mmio_write32(lapic, LAPIC_LVT_TIMER, LAPIC_LVT_MASKED);
	mmio_write32(lapic, LAPIC_TIMER_INIT, 0);
}

/* Everything the table holds that comes from the CPU and the HPET, then the table. */
static void fill_info(struct info_in *in)
{
	uint32_t r[4];

	cpuid(0, 0, r);
	in->cpuid_max_std = r[0];
	cpuid(0x80000000, 0, r);
	in->cpuid_max_ext = r[0];
	if (in->cpuid_max_ext >= 0x80000008) {
		cpuid(0x80000008, 0, r);
		in->phys_bits = r[0] & 0xFF;
		in->virt_bits = (r[0] >> 8) & 0xFF;
	}
	cpuid(0x80000001, 0, r);
	in->gb_pages = (r[3] >> 26) & 1;
	cpuid(1, 0, r);
	in->x2apic = (r[2] >> 21) & 1;
	in->hpet_hz = hpet_start(acpi.hpet);
	if (acpi.hpet)
		in->hpet_counters = (uint8_t)(((mmio_read64(acpi.hpet, 0) >> 8) & 0x1F) + 1);
	info_fill((struct bootinfo *)(uintptr_t)INFO_ADDR, in);
}

void stage_main(const struct stage_args *args)
{
	uint32_t r[4];
	static uint32_t active[BOOTINFO_MAX_CPUS];
	/* The front end's buffers may lie in program memory, which the program overwrites */
	static struct stage_args arg_copy;
	const struct stage_args *a = &arg_copy;

	arg_copy = *args;
	serial_init();
	kprintf("BareMetal-C loader (%s%s)\n", a->boot_mode == BOOTMODE_UEFI ? "uefi" : "bios",
		LOADER_PURE64 ? ", Pure64 table" : "");
	if (!a->kernel_size || a->kernel_size > KERNEL_MAX)
		stage_panic("no kernel in the payload, or one over 32 KiB");
	if (a->app_size > APP_MAX)
		stage_panic("the program is over 64 KiB");
	if (a->prog_file && (a->prog_mem < a->prog_file || a->prog_entry < PROGRAM_VIRT ||
			     a->prog_entry >= PROGRAM_VIRT + a->prog_file))
		stage_panic("the program's header is inconsistent");
	prog_size = a->prog_file ? (a->prog_mem + 4095) & ~4095ULL : 0;

	/* 1. Memory map, sanitized, at 0x6000 in Pure64's format, zero-terminated; the
	 * kernel's RAM checked before anything is written there (at 2 MiB the firmware's
	 * ACPI tables sit in the kernel's first 2 MiB). */
	int nmap = memmap_sanitize(a->memmap, (int)a->memmap_count, map, MEMMAP_MAX - 1);
	uint64_t rsdp = a->rsdp ? a->rsdp : acpi_find_rsdp_bios();
	if (rsdp && memmap_missing(map, nmap, KERNEL_ADDR, KERNEL_MEM_END))
		acpi_parse(rsdp, &acpi);   /* only to count the cores for ram_check's message */
	ram_check(a, nmap, ~0ULL);
	memset((void *)(uintptr_t)MEMMAP_ADDR, 0, 32 * (MEMMAP_MAX + 1));
	memcpy((void *)(uintptr_t)MEMMAP_ADDR, map, sizeof(map[0]) * (size_t)nmap);

	/* 2. Kernel and program to their places, before 0x10000+ becomes page tables: the
	 * program right after the kernel image, as Pure64 copies the kernel with what
	 * follows it in its file. The kernel moves it to APP_ADDR (kernel/handoff.c). */
	uint8_t *app = (uint8_t *)(uintptr_t)(KERNEL_ADDR + a->kernel_size);
	if (LOADER_PURE64 && a->kernel_size > PURE64_KERNEL_COPY)
		stage_panic("the kernel is over the 26,624 bytes Pure64 copies");
	/* the payload's kernel slot is 32 KiB (tools/mkimage.c), so this reads inside it */
	memmove((void *)(uintptr_t)KERNEL_ADDR, a->kernel,
		LOADER_PURE64 ? PURE64_KERNEL_COPY : a->kernel_size);
	memset(app, 0, APP_MAX);
	memmove(app, a->app, a->app_size);

	/* 3. Page tables. */
	cpuid(0x80000001, 0, r);
	bool gb = (r[3] >> 26) & 1;
	uint8_t phys_bits = 36;
	cpuid(0x80000000, 0, r);
	if (r[0] >= 0x80000008) {
		cpuid(0x80000008, 0, r);
		phys_bits = r[0] & 0xFF;
	}
	struct paging_result pg;
	paging_build(map, nmap, gb, phys_bits, &pg);
	mapped = pg.identity_end;
	if (pg.pool_exhausted)
		kprintf("loader: page table pool full: identity map ends at %lu MiB\n",
			pg.identity_end >> 20);
	load_descriptors();
	outb(PIC1_DATA, 0xFF);   /* the 8259s stay masked: the kernel uses the APICs */
	outb(PIC2_DATA, 0xFF);

	/* 4. ACPI, timers, APs. */
	if (!rsdp || acpi_parse(rsdp, &acpi) != 0)
		kprintf("loader: no valid ACPI tables: one core, no HPET\n");
	else if (acpi.tables_rejected)
		kprintf("loader: %u ACPI tables failed their checksum and were skipped\n",
			acpi.tables_rejected);
	ram_check(a, nmap, pg.program_bytes);
	if (a->prog_file)
		program_place(a->prog, a->prog_file, a->prog_mem);

	devmap_map(&acpi, a->fb_base, (uint64_t)a->fb_ppsl * a->fb_y * (a->fb_bpp / 8));

	uint64_t base = rdmsr(MSR_APIC_BASE);
	wrmsr(MSR_APIC_BASE, base | LAPIC_BASE_ENABLE);
	uint64_t lapic = base & LAPIC_BASE_MASK;
	mmio_write32(lapic, LAPIC_SVR, LAPIC_SVR_ENABLE | 0xFF);
	quiesce_interrupts(lapic);

	/* INIT first: the 10 ms the APs need before STARTUP are the TSC calibration. */
	if (acpi.cpu_count > 1)
		smp_send_init(lapic, acpi.apic_ids, acpi.cpu_count);
	uint64_t tsc_hz = tsc_calibrate(acpi.hpet);
	uint32_t ncores = 1;
	active[0] = smp_bsp_id(lapic);
	if (acpi.cpu_count > 1)
		ncores = smp_send_startup(lapic, acpi.apic_ids, acpi.cpu_count, tsc_hz, active,
					  BOOTINFO_MAX_CPUS);

	/* 5. Hand-off. */
	struct info_in in = {
		.acpi = &acpi, .map = map, .nmap = nmap, .firmware_ram = a->firmware_ram,
		.tsc_hz = tsc_hz, .tsc_start = a->tsc_start, .lapic = lapic,
		.active = active, .ncores = ncores,
		.fb_base = a->fb_base, .fb_x = a->fb_x, .fb_y = a->fb_y, .fb_ppsl = a->fb_ppsl,
		.fb_bpp = a->fb_bpp, .boot_mode = a->boot_mode,
		.kernel_size = a->kernel_size,
		.program_bytes = pg.program_bytes, .identity_end = pg.identity_end,
		.program_entry = a->prog_file ? a->prog_entry : 0, .program_size = prog_size,
		.pure64 = LOADER_PURE64,
	};
	fill_info(&in);
	((struct bootinfo *)(uintptr_t)INFO_ADDR)->tsc_loader_end = rdtsc();
	__asm__ volatile("cli\n\t"
			 "movq %0, %%rsp\n\t"
			 "movq %1, %%r8\n\t"
			 "xorl %%eax, %%eax\n\t"
			 "xorl %%ebx, %%ebx\n\t"
			 "xorl %%ecx, %%ecx\n\t"
			 "xorl %%edx, %%edx\n\t"
			 "xorl %%esi, %%esi\n\t"
			 "xorl %%edi, %%edi\n\t"
			 "xorl %%ebp, %%ebp\n\t"
			 "jmp *%%r8"
			 : : "i"(LOADER_STACK_TOP), "i"(KERNEL_ADDR) : "memory");
	__builtin_unreachable();
}
