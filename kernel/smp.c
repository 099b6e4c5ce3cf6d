// SPDX-License-Identifier: BSD-2-Clause
/* smp.c - bringing the loader's parked APs into the kernel. The loader (ours or Pure64)
 * leaves them halted in long mode with interrupts on and IDTR at 0x0; one fixed IPI on
 * VEC_AP_WAKE moves each onto its own kernel stack, as BareMetal's ap_reset does. */
#include "kernel/kernel.h"
#include "kernel/fmt.h"
#include "include/x86.h"

#define AP_WAIT_US 2000000   /* TCG schedules many vCPUs slowly; real CPUs take microseconds */

static volatile uint32_t online = 1;

/* Position of this core's APIC ID in the information table's list (the BSP is 0). */
static uint32_t core_index(uint32_t id)
{
	const struct bootinfo *bi = BOOTINFO;
	uint32_t n = bi->cores_active > bi->cores_detected ? bi->cores_active : bi->cores_detected;

	if (id == bi->bsp_apic_id)
		return 0;
	for (uint32_t i = 0, k = 1; i < n && i < BOOTINFO_MAX_CPUS; i++) {
		if (bi->apic_ids[i] == bi->bsp_apic_id)
			continue;
		if (bi->apic_ids[i] == id)
			return k;
		k++;
	}
	return BOOTINFO_MAX_CPUS - 1;   /* unknown: the last slot, never the BSP's */
}

uint64_t ap_stack_for_self(void);
uint64_t ap_stack_for_self(void)
{
	uint32_t i = core_index(lapic_id());
	return KERNEL_STACKS + (uint64_t)(i + 1) * KERNEL_STACK_SIZE;
}

void ap_main(void) __attribute__((noreturn));
void ap_main(void)
{
	idt_load();
	cpu_init();
	lapic_enable();
	lapic_eoi();
	__atomic_add_fetch(&online, 1, __ATOMIC_SEQ_CST);
	smp_idle();
}

void smp_idle(void)
{
	for (;;) {
		cpu_sti();
		cpu_hlt();
	}
}

uint32_t smp_start_aps(void)
{
	const struct bootinfo *bi = BOOTINFO;
	uint32_t n = bi->cores_active > bi->cores_detected ? bi->cores_active : bi->cores_detected;
	uint32_t sent = 0;

	for (uint32_t i = 0; i < n && i < BOOTINFO_MAX_CPUS; i++) {
		uint8_t id = bi->apic_ids[i];
		if (id == bi->bsp_apic_id)
			continue;
		if (lapic_send_ipi(id, VEC_AP_WAKE) == 0)
			sent++;
		else
			kprintf("smp: APIC ID %u did not take the wake-up IPI\n", id);
	}
	uint64_t start = time_us();
	while (online < 1 + sent && time_us() - start < AP_WAIT_US)
		cpu_pause();
	if (online < 1 + sent)
		kprintf("smp: %u of %u cores answered\n", online - 1, sent);
	return online;
}

uint32_t smp_cores(void)
{
	return online;
}
