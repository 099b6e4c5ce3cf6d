/* SPDX-License-Identifier: BSD-2-Clause */
/* kernel.h - state and services the kernel's files share. */
#ifndef KERNEL_H
#define KERNEL_H

#include <stdbool.h>
#include <stdint.h>
#include "include/bootinfo.h"
#include "common/memlayout.h"
#include "kernel/time.h"
#include "kernel/memcheck.h"

#define BOOTINFO ((const struct bootinfo *)(uintptr_t)INFO_ADDR)

/* [0, identity_end()) is mapped 1:1: the loader's figure, or the 4 GiB Pure64 maps. */
static inline uint64_t identity_end(void)
{
	return BOOTINFO->identity_end ? BOOTINFO->identity_end : 4ULL << 30;
}

#define VEC_IOAPIC_TEST 0x30 /* ISA IRQ 0 during the boot check of the I/O APIC route */
#define VEC_KEYBOARD  0x31   /* ISA IRQ 1: the PS/2 keyboard */
#define VEC_TIMER     0x40   /* local APIC timer: CALLBACK_TIMER */
#define VEC_WAKE      0x80   /* work arrived: a halted core looks again */
#define VEC_AP_WAKE   0x81   /* BareMetal's ap_reset vector: into the idle loop */
#define VEC_SPURIOUS  0xFF

/* Frame built by kernel/isr.asm */
struct cpu_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};


/* handoff.c: fills in the table's additions another Pure64 leaves zero */
void handoff_complete(void);

/* cpu.c */
void cpu_init(void);
bool cpu_has_xsave(void);

/* idt.c */
void idt_init(bool with_ist);
void idt_load(void);
void exception_handler(struct cpu_frame *f) __attribute__((noreturn));

/* apic.c */
void lapic_init(uint64_t base);
void lapic_enable(void);
uint32_t lapic_id(void);
void lapic_eoi(void);
int lapic_send_ipi(uint32_t apic_id, uint8_t vector);

/* smp.c */
int smp_init_bsp(void);
uint32_t smp_start_aps(void);
uint32_t smp_cores(void);
void smp_idle(void) __attribute__((noreturn));
void smp_wake_one(void);
uint64_t smp_set(uint64_t code, uint64_t apic_id);
uint64_t smp_get(void);
uint64_t smp_busy(void);
void smp_reset_all(void) __attribute__((noreturn));

/* vm.c */
extern uint64_t program_free;
extern uint64_t stacks_phys_lo, stacks_phys_hi;
int vm_stacks_init(uint32_t n);
uint64_t vm_program_bytes(void);
/* DMA to a program's buffer: va's physical address into *phys and how many bytes from
 * there (at most len) are physically contiguous; 0 when va is in neither identity-mapped
 * memory nor program memory's runs. The caller checks the pointer rule first. */
uint64_t vm_phys(uint64_t va, uint64_t len, uint64_t *phys);
bool vm_stack_range_ok(uint64_t a, uint64_t end);   /* in a core's 64 KiB stack */
/* Program memory's first physical run below the stacks, for a fast path written in
 * assembly (drivers/net/tx_fast.asm): [PROGRAM_VIRT, + len) is [phys, + len), set by
 * vm_stacks_init; len 0 when there is none. */
struct vm_direct {
	uint64_t len, phys;
};
extern struct vm_direct vm_direct;

/* power.c */
int power_shutdown(void);
int power_reboot(void);

#endif
