/* SPDX-License-Identifier: BSD-2-Clause */
/* sched.h - tasks on the shared work queue, run to completion by any idle core. */
#ifndef SCHED_H
#define SCHED_H

#include <stdbool.h>
#include <stdint.h>

#define WQ_CAPACITY 4096   /* tasks waiting at once */

void sched_init(void);
/* Queues fn(arg) and wakes a halted core; 0, or -ENOSPC when the queue is full (it never
 * waits). A program's fn is checked by the caller (mem_code_ok). */
int sched_push(uint64_t fn, uint64_t arg);
/* Takes one task and runs it here; false when the queue was empty. */
bool sched_run_one(void);
bool sched_pending_tasks(void);
/* Helps with the queue until it is empty and no core runs a task, or timeout_us pass
 * (0: no limit). 0, or -ETIMEDOUT. */
int sched_wait(uint64_t timeout_us);
/* Runs r->fn(i, r->arg) for every i in [r->begin, r->end) on every core that is free,
 * the caller included; returns when all are done. 0, or -EINVAL. */
int sched_parallel_for(uint64_t range);
/* Runs entry() on this core under its own recovery point, as a program (PROGRAM_RUN):
 * 0 when it returned, -EFAULT when it faulted (reported), -EINVAL when it is not the
 * program's code. */
int sched_program_run(uint64_t entry);
/* Drops every queued task and forgets the ones in flight (RESET). */
void sched_reset(void);

#endif
