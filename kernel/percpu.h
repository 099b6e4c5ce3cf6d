/* SPDX-License-Identifier: BSD-2-Clause */
/* percpu.h - one record per core, found through the GS base (its first field points at
 * itself, so %gs:0 is the record's address). */
#ifndef PERCPU_H
#define PERCPU_H

#include <stdbool.h>
#include <stdint.h>

#define MAX_CPUS 256
#define MSR_GS_BASE 0xC0000101   /* this_cpu()'s base: the core's struct cpu */

/* A point to return to when the code run under it faults (kernel/task.asm). */
struct recover {
	uint64_t rbx, rbp, r12, r13, r14, r15, rsp, rip;   /* task.asm: offsets 0-63 */
	uint64_t rflags;                                    /* task.asm: 64; IF comes back */
	struct recover *prev;
	void (*cleanup)(uint64_t arg);                      /* run when unwound, if set */
	uint64_t cleanup_arg;
	uint32_t console;                                   /* out_owner() when set */
	uint32_t irq_depth;                                 /* struct cpu's when set */
};

/* 64-bit TSS (Intel SDM vol. 3, 7.7): only the interrupt stack table is used. */
struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));
_Static_assert(sizeof(struct tss) == 104, "TSS");

struct cpu {
	struct cpu *self;            /* %gs:0 */
	uint32_t index;              /* 0 = BSP, in the information table's order */
	uint32_t apic_id;
	uint64_t stack_top;          /* 64 KiB, an unmapped guard page below */
	uint64_t ist_top;            /* exception stack for #DF, NMI, #MC */
	struct recover *recover;     /* innermost task or program running here, or NULL */
	volatile uint64_t smp_work;  /* SMP_SET: code to run, 0 when none */
	volatile uint32_t busy;      /* running a task, SMP_SET work or the program */
	volatile bool online;
	uint32_t in_task;            /* depth of queued tasks running here (SMP_TASK_WAIT refuses) */
	/* Program functions, 0 when off. Each is written and read as one aligned 8-byte
	 * value: this core's timer may tick between any two instructions that change them. */
	uint64_t timer_callback;     /* CALLBACK_TIMER: void f(void) */
	uint64_t timer_period;       /* CALLBACK_TIMER's, in us */
	uint64_t net_callback;       /* CALLBACK_NETWORK: void f(void), on this core's timer */
	uint64_t key_callback;       /* CALLBACK_KEYBOARD: void f(uint64_t key), likewise */
	volatile uint32_t in_driver; /* holding a NIC or drive lock (net.c, nvs.c): no callbacks */
	/* Interrupt handlers here running code under recovery points (api/callbacks.c); they
	 * send their own EOIs. A fault unwinding past one ends its interrupt (kernel/idt.c). */
	uint32_t irq_depth;
	/* The program's RSP at its latest b_nvs_read or b_system (api/abi.asm): from there
	 * up to its recovery point's RSP the stack holds its own frames (the pointer rule). */
	uint64_t api_rsp;
	struct tss tss __attribute__((aligned(16)));
} __attribute__((aligned(64)));
_Static_assert(__builtin_offsetof(struct cpu, api_rsp) == 104, "CPU_API_RSP in api/abi.asm");
_Static_assert(__builtin_offsetof(struct cpu, apic_id) == 12, "CPU_APIC_ID in api/abi.asm");

extern struct cpu cpus[MAX_CPUS];
extern uint32_t ncpus;           /* records in use: the cores the loader listed */

/* smp.c: the record of the core with that APIC ID, NULL if none (never through GS). */
struct cpu *cpu_by_apic_id(uint32_t id);

static inline struct cpu *this_cpu(void)
{
	struct cpu *c;
	__asm__ volatile("mov %%gs:0, %0" : "=r"(c));
	return c;
}

/* task.asm */
/* Runs fn(arg) under r: returns 0 when fn returns, 1 when task_abort(r) unwound it. */
int task_call(struct recover *r, void (*fn)(uint64_t), uint64_t arg);
/* fn(arg) on this core, marked busy, under a new recovery point (sched.c): 1 when it
 * faulted (after the cleanup it registered, if any), 0 when it returned. */
int task_run(void (*fn)(uint64_t), uint64_t arg);
/* Program code called from C: fn(a, b) on the 16-byte aligned stack the ABI promises
 * (the kernel itself is built for 8, -mpreferred-stack-boundary=3). */
void app_call(const void *fn, uint64_t a, uint64_t b);
/* The appended program: RAX = entry, IF=1, any register may change. */
void program_call(uint64_t entry);
void task_abort(struct recover *r) __attribute__((noreturn));

#endif
