// SPDX-License-Identifier: BSD-2-Clause
/* sched.c - the work queue's kernel side: pushing tasks (and waking a halted core),
 * running them to completion under a recovery point (a faulting task is reported and
 * abandoned, its core goes on), waiting for quiescence, and parallel-for. */
#include "kernel/kernel.h"
#include "kernel/outlock.h"
#include "kernel/percpu.h"
#include "kernel/sched.h"
#include "kernel/wq.h"
#include "common/errno.h"
#include "include/baremetal.h"
#include "common/x86.h"

#define PFOR_GRAIN_DIV 8    /* about 8 grabs per core: balance without contention */

static struct wq queue;
static struct wq_cell cells[WQ_CAPACITY];
static volatile uint64_t unfinished;   /* pushed and not yet completed */

void sched_init(void)
{
	wq_init(&queue, cells, WQ_CAPACITY, 0);
}

void sched_reset(void)
{
	wq_fn fn;
	uint64_t arg;
	while (wq_pop(&queue, &fn, &arg))
		;
	/* a core still finishing a task may count it out after this: sched_wait reads the
	 * count as signed */
	__atomic_store_n(&unfinished, 0, __ATOMIC_SEQ_CST);
}

int sched_push(uint64_t fn, uint64_t arg)
{
	__atomic_add_fetch(&unfinished, 1, __ATOMIC_SEQ_CST);
	int r = wq_push(&queue, (wq_fn)fn, arg);
	if (r) {
		__atomic_sub_fetch(&unfinished, 1, __ATOMIC_SEQ_CST);
		return r;
	}
	smp_wake_one();
	return 0;
}

int task_run(void (*fn)(uint64_t), uint64_t arg)
{
	struct cpu *c = this_cpu();
	struct recover r = { .prev = c->recover, .console = out_owner(),
			     .irq_depth = c->irq_depth };
	uint32_t was_busy = c->busy;

	c->busy = 1;
	c->recover = &r;
	int faulted = task_call(&r, fn, arg);
	if (faulted && r.cleanup)
		r.cleanup(r.cleanup_arg);   /* the code faulted: let it settle its accounts */
	c->recover = r.prev;
	c->busy = was_busy;
	return faulted;
}

bool sched_pending_tasks(void)
{
	return wq_size(&queue) != 0;
}

bool sched_run_one(void)
{
	wq_fn fn;
	uint64_t arg;

	if (!wq_pop(&queue, &fn, &arg))
		return false;
	struct cpu *c = this_cpu();
	c->in_task++;
	task_run(fn, arg);
	c->in_task--;
	__atomic_sub_fetch(&unfinished, 1, __ATOMIC_SEQ_CST);
	return true;
}

int sched_wait(uint64_t timeout_us)
{
	uint64_t start = time_us();

	if (this_cpu()->in_task)
		return -EBUSY;   /* a task waiting would count itself: it could never end */
	/* the clock read after a look, judged after the next (drivers/util.h) */
	for (bool late = false;; late = timeout_us && time_us() - start > timeout_us) {
		if ((int64_t)__atomic_load_n(&unfinished, __ATOMIC_SEQ_CST) <= 0)
			return 0;
		if (late)
			return -ETIMEDOUT;
		if (!sched_run_one())
			cpu_pause();
	}
}

struct pfor {
	struct b_range range;
	uint64_t next;               /* next index to hand out */
	uint64_t grain;
	volatile uint64_t helpers;   /* tasks queued for this loop and not yet done */
	volatile bool faulted;       /* fn faulted on a helper's core */
};

static void pfor_work(uint64_t p)
{
	struct pfor *pf = (struct pfor *)p;

	for (;;) {
		uint64_t i = __atomic_fetch_add(&pf->next, pf->grain, __ATOMIC_RELAXED);
		if (i >= pf->range.end)
			break;
		uint64_t end = pf->range.end - i > pf->grain ? i + pf->grain : pf->range.end;
		for (; i < end; i++)
			app_call((const void *)pf->range.fn, i, (uint64_t)(uintptr_t)pf->range.arg);
	}
}

static void pfor_helper_done(uint64_t p)
{
	__atomic_sub_fetch(&((struct pfor *)p)->helpers, 1, __ATOMIC_SEQ_CST);
}

static void pfor_helper_faulted(uint64_t p)
{
	((struct pfor *)p)->faulted = true;
	pfor_helper_done(p);
}

static void pfor_helper(uint64_t p)
{
	struct recover *r = this_cpu()->recover;
	r->cleanup = pfor_helper_faulted;  /* a fault in fn still counts the helper out */
	r->cleanup_arg = p;
	pfor_work(p);
	r->cleanup = 0;
	pfor_helper_done(p);
}

int sched_parallel_for(uint64_t range)
{
	const struct b_range *in = (const struct b_range *)range;

	/* end far below 2^64: the shared index overshoots end by up to a grain a core */
	if (!mem_range_ok(in, sizeof(*in)) || !mem_code_ok((uint64_t)(uintptr_t)in->fn) ||
	    in->end < in->begin || in->end > UINT64_MAX / 2)
		return -EINVAL;
	struct pfor pf = { *in, in->begin, 1, 0, false };
	uint64_t n = in->end - in->begin, cores = smp_cores();
	pf.grain = n / (cores * PFOR_GRAIN_DIV) ? n / (cores * PFOR_GRAIN_DIV) : 1;
	for (uint64_t k = 1; k < cores && k < n; k++) {
		__atomic_add_fetch(&pf.helpers, 1, __ATOMIC_SEQ_CST);
		if (sched_push((uint64_t)(uintptr_t)pfor_helper, (uint64_t)(uintptr_t)&pf)) {
			__atomic_sub_fetch(&pf.helpers, 1, __ATOMIC_SEQ_CST);
			break;   /* queue full: fewer helpers, the caller does the rest */
		}
	}
	/* The caller's share runs under its own recovery point: pf lives on this stack and
	 * must outlive every helper, even when fn faults here. */
	int faulted = task_run(pfor_work, (uint64_t)(uintptr_t)&pf);
	while (__atomic_load_n(&pf.helpers, __ATOMIC_SEQ_CST))
		if (!sched_run_one())
			cpu_pause();
	return faulted || pf.faulted ? -EFAULT : 0;
}

/* PROGRAM_RUN: entry() on this core as the kernel runs a program (kernel/task.asm
 * program_call: any register may change), under a recovery point of its own, so the
 * caller - a Monitor - survives a fault in it. program_call keeps one saved RSP: the
 * caller's own is put back whether entry returned or faulted. */
int sched_program_run(uint64_t entry)
{
	extern uint64_t program_rsp;

	if (!mem_code_ok(entry))
		return -EINVAL;
	uint64_t saved = program_rsp;
	int faulted = task_run(program_call, entry);
	program_rsp = saved;
	return faulted ? -EFAULT : 0;
}
