// SPDX-License-Identifier: BSD-2-Clause
/* idt.c - the kernel's IDT at 0x0 (where Pure64 and our loader point every core's IDTR),
 * device interrupt dispatch through the handler table (kernel/irq.h), and the crash report (Intel SDM vol. 3, 6.10-6.15). An
 * exception under a recovery point (a task, SMP_SET code, the program) is reported and
 * unwound there, so that core goes on; anywhere else the core halts. */
#include "kernel/kernel.h"
#include "kernel/irq.h"
#include "kernel/outlock.h"
#include "kernel/percpu.h"
#include "kernel/apic.h"
#include "common/fmt.h"
#include "common/x86.h"

struct idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;            /* 0x8E: present, DPL 0, 64-bit interrupt gate */
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct idt_gate) == 16, "IDT gate");

extern const uint64_t isr_table[32];
extern void ap_wake_isr(void), spurious_isr(void), irq0x30(void), irq0x31(void),
	irq0x40(void), irq0x80(void);

static irq_fn irq_fns[256];             /* irq_set: a vector's handler, 0 if none */
static volatile uint32_t report_owner;   /* APIC ID + 1 of the core reporting, 0 if none */

/* Mnemonics of vectors 0-21 (SDM vol. 3, table 6-1), two letters each. */
static const char mnemonics[] = "DEDBNIBPOFBRUDNMDFCOTSNPSSGPPF--MFACMCXMVECP";

static void set_gate(int v, uint64_t handler, uint8_t ist)
{
	struct idt_gate *g = (struct idt_gate *)(uintptr_t)IDT_ADDR + v;

	g->offset_lo = handler & 0xFFFF;
	g->selector = 0x08;
	g->ist = ist;
	g->type = 0x8E;
	g->offset_mid = (handler >> 16) & 0xFFFF;
	g->offset_hi = (uint32_t)(handler >> 32);
	g->reserved = 0;
}

/* Rewrites the gates in place: parked APs already point their IDTR here. The IST is
 * only used once the core has its TSS; before that the CPU ignores nothing - so the
 * BSP calls idt_init again after smp_init_bsp. */
void idt_init(bool with_ist)
{
	for (int v = 0; v < 256; v++)
		set_gate(v, (uint64_t)(uintptr_t)spurious_isr, 0);
	for (int v = 0; v < 32; v++)
		set_gate(v, isr_table[v], with_ist && (v == 2 || v == 8 || v == 18) ? 1 : 0);
	uint8_t irq_ist = with_ist ? 2 : 0;   /* kernel/isr.asm irq_common */
	set_gate(VEC_IOAPIC_TEST, (uint64_t)(uintptr_t)irq0x30, irq_ist);
	set_gate(VEC_KEYBOARD, (uint64_t)(uintptr_t)irq0x31, irq_ist);
	set_gate(VEC_TIMER, (uint64_t)(uintptr_t)irq0x40, irq_ist);
	set_gate(VEC_WAKE, (uint64_t)(uintptr_t)irq0x80, irq_ist);
	set_gate(VEC_AP_WAKE, (uint64_t)(uintptr_t)ap_wake_isr, 0);
	idt_load();
}

void idt_load(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) idtr = { 256 * 16 - 1, IDT_ADDR };
	__asm__ volatile("lidt %0" : : "m"(idtr));
}

void irq_set(uint8_t vector, irq_fn fn)
{
	irq_fns[vector] = fn;
}

void irq_handler(uint64_t vector);
void irq_handler(uint64_t vector)
{
	irq_fn fn = irq_fns[vector & 0xFF];

	if (fn)
		fn();
	lapic_eoi();
}

static const char gpr_names[] = "RAXRBXRCXRDXRSIRDIRBPR8 R9 R10R11R12R13R14R15";
_Static_assert(offsetof(struct cpu_frame, rax) == 14 * 8, "RAX is 14 registers above R15");

void exception_handler(struct cpu_frame *f)
{
	char name[4] = "#--";
	if (f->vector < sizeof(mnemonics) / 2) {
		name[1] = mnemonics[2 * f->vector];
		name[2] = mnemonics[2 * f->vector + 1];
	}
	uint32_t id = lapic_id();

	/* One report at a time: several cores may fault together. A fault inside this
	 * core's own report does not wait for itself: it reports, then halts the core. */
	bool nested = report_owner == id + 1;
	if (!nested)
		while (!__sync_bool_compare_and_swap(&report_owner, 0, id + 1))
			cpu_pause();
	kprintf("\n*** CPU exception %lu (%s) on APIC ID %u, error code 0x%lx\n",
		f->vector, name, id, f->error);
	kprintf("RIP %016lx RSP %016lx RFLAGS %016lx CR2 %016lx\n", f->rip, f->rsp, f->rflags,
		read_cr2());
	/* RAX..R15, four a line: the frame holds them from R15 up to RAX */
	const uint64_t *g = &f->r15;
	for (int i = 0; i < 15; i++)
		kprintf("%c%c%c %016lx%c", gpr_names[3 * i], gpr_names[3 * i + 1],
			gpr_names[3 * i + 2], g[14 - i], i % 4 == 3 || i == 14 ? '\n' : ' ');
	if (mem_range_ok((const void *)f->rsp, 32) && f->vector != 8) {
		const uint64_t *s = (const uint64_t *)f->rsp;
		kprintf("stack %016lx %016lx %016lx %016lx\n", s[0], s[1], s[2], s[3]);
	}
	/* This core's record by its APIC ID, not through GS: the program runs in ring 0 and
	 * may have moved GS_BASE anywhere. The base is put back for the code resumed. */
	struct recover *r = 0;
	struct cpu *c = cpu_by_apic_id(id);
	if (c) {
		wrmsr(MSR_GS_BASE, (uint64_t)(uintptr_t)c);
		r = nested || f->vector == 2 ? 0 : c->recover;
	}
	kprintf(r ? "*** task abandoned, core continues\n" : "*** core halted\n");
	out_abandon(id, r ? r->console : 0);
	__atomic_store_n(&report_owner, 0, __ATOMIC_RELEASE);
	if (r) {
		/* The fault may be in an interrupt's entry (its frame push hit the guard page)
		 * or handler: end those in service that r was made outside of, or this core
		 * never takes them, nor any of lower priority, again. */
		c->irq_depth = r->irq_depth;
		lapic_eoi_all_but(r->irq_depth);
		task_abort(r);
	}
	for (;;) {
		cpu_cli();
		cpu_hlt();
	}
}
