// SPDX-License-Identifier: BSD-2-Clause
/* smp.c - the cores: taking the loader's parked APs into the kernel (one fixed IPI on
 * VEC_AP_WAKE each, as BareMetal's ap_reset), per-core set-up, the idle loop that runs
 * tasks and SMP_SET work, and waking halted cores with an IPI when work arrives. */
#include "kernel/kernel.h"
#include "kernel/apic.h"
#include "kernel/percpu.h"
#include "kernel/sched.h"
#include "common/fmt.h"
#include "common/gdt.h"
#include "common/x86.h"

#define AP_WAIT_US   2000000   /* TCG schedules many vCPUs slowly; real CPUs take microseconds */
#define IDLE_SPINS   100       /* pause loops before a core halts */
#define MSR_GS_BASE  0xC0000101

struct cpu cpus[MAX_CPUS];
uint32_t ncpus = 1;
volatile uint32_t smp_online = 1;   /* cores running; api/abi.asm reads it (SMP_NUMCORES) */
static volatile uint64_t idle_mask[MAX_CPUS / 64];   /* cores halted in the idle loop */
static volatile bool bsp_idle;                       /* the program has ended */

/* GDT: null, code, data, then one 16-byte TSS descriptor per core (common/gdt.h). */
static uint64_t gdt[3 + 2 * MAX_CPUS] __attribute__((aligned(16)));

static void gdt_init(void)
{
	gdt[GDT_SEL_CODE / 8] = GDT_CODE64;
	gdt[GDT_SEL_DATA / 8] = GDT_DATA;
	for (uint32_t i = 0; i < ncpus; i++) {
		uint64_t base = (uint64_t)(uintptr_t)&cpus[i].tss;
		gdt[3 + 2 * i] = gdt_tss_low(base, sizeof(struct tss) - 1);
		gdt[4 + 2 * i] = base >> 32;
	}
}

/* Everything a core needs before it runs anything: its GDT/TSS, GS, SSE, IDT, APIC. */
static void cpu_setup(struct cpu *c)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) gdtr = { sizeof(gdt) - 1, (uint64_t)(uintptr_t)gdt };
	uint16_t tr = (uint16_t)(GDT_SEL_TSS0 + 16 * c->index);

	c->self = c;
	c->tss.ist[0] = c->ist_top;
	/* IST2, for device interrupts only until they move to the interrupted stack
	 * (kernel/isr.asm irq_common): the bottom of the exception stack's slot */
	c->tss.ist[1] = c->ist_top - CORE_IST_SIZE + 128;
	/* ltr marks the descriptor busy and faults on a busy one: RESET runs this again. */
	gdt[3 + 2 * c->index] = (gdt[3 + 2 * c->index] & ~GDT_TYPE_MASK) | GDT_TYPE_TSS << GDT_TYPE_SHIFT;
	c->tss.iomap_base = sizeof(struct tss);
	__asm__ volatile("lgdt %0\n\tltr %1" : : "m"(gdtr), "r"(tr) : "memory");
	wrmsr(MSR_GS_BASE, (uint64_t)(uintptr_t)c);
	idt_load();
	cpu_init();
	lapic_enable();
}

struct cpu *cpu_by_apic_id(uint32_t id)
{
	for (uint32_t i = 0; i < ncpus; i++)
		if (cpus[i].apic_id == id)
			return &cpus[i];
	return 0;
}

/* The loader's list of cores, CORES_DETECT entries of 32 bits: ours lists those that
 * started, BSP first (zeros after them); Pure64 every core the MADT enables. */
static void cpus_enumerate(void)
{
	const struct bootinfo *bi = BOOTINFO;

	cpus[0].apic_id = bi->bsp_apic_id;
	for (uint32_t i = 0; i < bi->cores_detected && i < BOOTINFO_MAX_CPUS; i++) {
		uint32_t id = bi->apic_ids[i];
		if (cpu_by_apic_id(id))
			continue;
		cpus[ncpus].apic_id = id;
		cpus[ncpus].index = ncpus;
		ncpus++;
	}
}
_Static_assert(BOOTINFO_MAX_CPUS < MAX_CPUS, "every listed core and the BSP have a record");

int smp_init_bsp(void)
{
	cpus_enumerate();
	int r = vm_stacks_init(ncpus);
	if (r)
		return r;
	gdt_init();
	cpus[0].online = true;
	cpu_setup(&cpus[0]);
	return 0;
}

/* VEC_AP_WAKE lands here (kernel/isr.asm) on the interrupted stack: the core's own
 * stack top to switch to, found by APIC ID. */
uint64_t ap_stack_for_self(void);
uint64_t ap_stack_for_self(void)
{
	struct cpu *c = cpu_by_apic_id(lapic_id());
	return c ? c->stack_top : 0;
}

void ap_main(void) __attribute__((noreturn));
void ap_main(void)
{
	struct cpu *c = cpu_by_apic_id(lapic_id());

	cpu_setup(c);
	/* the wake-up IPI, and whatever it interrupted (RESET may land inside a callback's
	 * tick): this core starts over with nothing in service */
	lapic_eoi_all_but(0);
	c->recover = 0;
	c->busy = 0;
	c->in_task = 0;
	c->in_driver = 0;
	c->smp_work = 0;
	if (!c->online) {
		c->online = true;
		__atomic_add_fetch(&smp_online, 1, __ATOMIC_SEQ_CST);
	}
	smp_idle();
}

uint32_t smp_start_aps(void)
{
	uint32_t sent = 0;

	for (uint32_t i = 1; i < ncpus; i++) {
		if (lapic_send_ipi(cpus[i].apic_id, VEC_AP_WAKE) == 0)
			sent++;
		else
			kprintf("smp: APIC ID %u did not take the wake-up IPI\n", cpus[i].apic_id);
	}
	uint64_t start = time_us();
	while (smp_online < 1 + sent && time_us() - start < AP_WAIT_US)
		cpu_pause();
	if (smp_online < 1 + sent)
		kprintf("smp: %u of %u cores answered\n", smp_online - 1, sent);
	return smp_online;
}

uint32_t smp_cores(void)
{
	return smp_online;
}

/* Wakes one halted core, if any, to look at the queue. */
void smp_wake_one(void)
{
	for (uint32_t w = 0; w < MAX_CPUS / 64; w++) {
		uint64_t m = idle_mask[w];
		while (m) {
			int b = __builtin_ctzll(m);
			uint64_t bit = 1ULL << b;
			if (__atomic_fetch_and(&idle_mask[w], ~bit, __ATOMIC_SEQ_CST) & bit) {
				lapic_send_ipi(cpus[w * 64 + (uint32_t)b].apic_id, VEC_WAKE);
				return;
			}
			m &= ~bit;
		}
	}
}

static void run_smp_work(struct cpu *c)
{
	c->busy = 1;
	task_run((void (*)(uint64_t))c->smp_work, 0);
	c->smp_work = 0;
	c->busy = 0;
}

/* The idle loop: SMP_SET work first, then tasks; spin a little, then halt with the
 * core's bit set in idle_mask. cli/sti;hlt closes the race with a waking IPI: one sent
 * after the check is delivered once hlt starts. */
void smp_idle(void)
{
	struct cpu *c = this_cpu();
	uint64_t bit = 1ULL << (c->index % 64);
	volatile uint64_t *word = &idle_mask[c->index / 64];

	if (c == cpus)
		bsp_idle = true;

	for (;;) {
		cpu_sti();
		if (c->smp_work) {
			run_smp_work(c);
			continue;
		}
		if (sched_run_one())
			continue;
		bool work = false;
		for (int i = 0; i < IDLE_SPINS && !work; i++) {
			cpu_pause();
			work = c->smp_work || sched_pending_tasks();
		}
		if (work)
			continue;
		cpu_cli();
		__atomic_fetch_or(word, bit, __ATOMIC_SEQ_CST);
		if (!c->smp_work && !sched_pending_tasks())
			__asm__ volatile("sti; hlt" ::: "memory");
		__atomic_fetch_and(word, ~bit, __ATOMIC_SEQ_CST);
	}
}

/* SMP_SET: run code on the core with APIC ID id. Returns code, or 0 when there is no
 * such core, it already has SMP_SET code or runs the program, or code is not the
 * program's. */
uint64_t smp_set(uint64_t code, uint64_t id)
{
	struct cpu *c = id < 0x100000000ULL ? cpu_by_apic_id((uint32_t)id) : 0;

	/* the BSP runs the program until it first idles: its slot is taken, as BareMetal's */
	if (!c || !c->online || !mem_code_ok(code) || (c == cpus && !bsp_idle))
		return 0;
	uint64_t none = 0;
	if (!__atomic_compare_exchange_n(&c->smp_work, &none, code, false, __ATOMIC_SEQ_CST,
					 __ATOMIC_SEQ_CST))
		return 0;
	if (c != this_cpu())
		lapic_send_ipi(c->apic_id, VEC_WAKE);
	return code;
}

uint64_t smp_get(void)
{
	return this_cpu()->smp_work;
}

/* SMP_BUSY: 1 while any other core runs a task, SMP_SET work or the program. */
uint64_t smp_busy(void)
{
	struct cpu *me = this_cpu();
	for (uint32_t i = 0; i < ncpus; i++)
		if (&cpus[i] != me && (cpus[i].busy || cpus[i].smp_work))
			return 1;
	return 0;
}

/* RESET: every other core is sent back to its idle loop (VEC_AP_WAKE, as BareMetal's
 * ap_reset), queued tasks are dropped, and this core follows: the program ends. */
void smp_reset_all(void)
{
	struct cpu *me = this_cpu();

	for (uint32_t i = 0; i < ncpus; i++)
		if (&cpus[i] != me && cpus[i].online)
			lapic_send_ipi(cpus[i].apic_id, VEC_AP_WAKE);
	sched_reset();
	__asm__ volatile("mov %0, %%rsp\n\t"
			 "xor %%ebp, %%ebp\n\t"
			 "call ap_main" : : "r"(me->stack_top) : "memory");
	__builtin_unreachable();
}
