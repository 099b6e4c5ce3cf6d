// SPDX-License-Identifier: BSD-2-Clause
/* wq.c - bounded lock-free MPMC queue. A cell whose seq equals the enqueue position is
 * free for that producer; seq = position + 1 marks it full for the consumer of that
 * position, which hands it back with seq = position + capacity. Positions only ever
 * compare by signed difference, so they may wrap around 2^64. */
#include "kernel/wq.h"
#include "common/errno.h"

void wq_init(struct wq *q, struct wq_cell *cells, uint64_t capacity, uint64_t start)
{
	q->cells = cells;
	q->mask = capacity - 1;
	for (uint64_t i = 0; i < capacity; i++) {
		uint64_t pos = start + i;
		cells[pos & q->mask].seq = pos;
		cells[pos & q->mask].fn = 0;
	}
	__atomic_store_n(&q->enq, start, __ATOMIC_RELAXED);
	__atomic_store_n(&q->deq, start, __ATOMIC_RELEASE);
}

int wq_push(struct wq *q, wq_fn fn, uint64_t arg)
{
	uint64_t pos = __atomic_load_n(&q->enq, __ATOMIC_RELAXED);
	struct wq_cell *c;

	for (;;) {
		c = &q->cells[pos & q->mask];
		int64_t dif = (int64_t)(__atomic_load_n(&c->seq, __ATOMIC_ACQUIRE) - pos);
		if (dif == 0) {
			if (__atomic_compare_exchange_n(&q->enq, &pos, pos + 1, true, __ATOMIC_RELAXED,
							__ATOMIC_RELAXED))
				break;
		} else if (dif < 0) {
			return -ENOSPC;
		} else {
			pos = __atomic_load_n(&q->enq, __ATOMIC_RELAXED);
		}
	}
	c->fn = fn;
	c->arg = arg;
	__atomic_store_n(&c->seq, pos + 1, __ATOMIC_RELEASE);
	return 0;
}

bool wq_pop(struct wq *q, wq_fn *fn, uint64_t *arg)
{
	uint64_t pos = __atomic_load_n(&q->deq, __ATOMIC_RELAXED);
	struct wq_cell *c;

	for (;;) {
		c = &q->cells[pos & q->mask];
		int64_t dif = (int64_t)(__atomic_load_n(&c->seq, __ATOMIC_ACQUIRE) - (pos + 1));
		if (dif == 0) {
			if (__atomic_compare_exchange_n(&q->deq, &pos, pos + 1, true, __ATOMIC_RELAXED,
							__ATOMIC_RELAXED))
				break;
		} else if (dif < 0) {
			return false;
		} else {
			pos = __atomic_load_n(&q->deq, __ATOMIC_RELAXED);
		}
	}
	*fn = c->fn;
	*arg = c->arg;
	__atomic_store_n(&c->seq, pos + q->mask + 1, __ATOMIC_RELEASE);
	return true;
}

uint64_t wq_size(const struct wq *q)
{
	uint64_t d = __atomic_load_n(&q->deq, __ATOMIC_ACQUIRE);
	uint64_t e = __atomic_load_n(&q->enq, __ATOMIC_ACQUIRE);
	int64_t n = (int64_t)(e - d);
	if (n > (int64_t)(q->mask + 1))   /* enq moved on between the two loads */
		return q->mask + 1;
	return n > 0 ? (uint64_t)n : 0;
}
