/* SPDX-License-Identifier: BSD-2-Clause */
/* wq.h - the shared work queue: a bounded lock-free multi-producer multi-consumer ring of
 * (function, argument) tasks (D. Vyukov's bounded MPMC queue: one sequence number per
 * cell, 64-bit positions that may wrap). Pure code: the kernel and the host tests
 * (threads, ThreadSanitizer) build the same file. */
#ifndef WQ_H
#define WQ_H

#include <stdbool.h>
#include <stdint.h>

typedef void (*wq_fn)(uint64_t arg);

struct wq_cell {
	uint64_t seq;
	wq_fn fn;
	uint64_t arg;
	uint64_t pad;
};

struct wq {
	struct wq_cell *cells;
	uint64_t mask;                           /* capacity - 1 */
	uint64_t enq __attribute__((aligned(64)));
	uint64_t deq __attribute__((aligned(64)));
};

/* capacity must be a power of two, at least 2; start is the first position (tests start near 2^64
 * to cross the wrap). */
void wq_init(struct wq *q, struct wq_cell *cells, uint64_t capacity, uint64_t start);
/* Adds a task; 0, or -ENOSPC when the queue is full (it never waits). */
int wq_push(struct wq *q, wq_fn fn, uint64_t arg);
/* Takes the oldest task; false when the queue is empty. */
bool wq_pop(struct wq *q, wq_fn *fn, uint64_t *arg);
/* Tasks queued and not yet taken (a snapshot). */
uint64_t wq_size(const struct wq *q);

#endif
