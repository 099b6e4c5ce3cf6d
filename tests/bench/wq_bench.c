// SPDX-License-Identifier: BSD-2-Clause
/* wq_bench.c - host throughput of kernel/wq.c against Concurrency Kit's MPMC ring (ck_ring), side by side. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>
#include <ck_ring.h>

#include "kernel/wq.h"
#include "common/errno.h"

#define CAPACITY 1024           /* both rings; ck_ring keeps one slot free, so it holds 1023 */
#define ITEMS    (4u << 20)     /* pushed and popped per run */
#define RUNS     3              /* best of */

enum kind { OURS, CK };

static struct wq q;
static struct wq_cell cells[CAPACITY] __attribute__((aligned(64)));
static ck_ring_t ring __attribute__((aligned(64)));
static ck_ring_buffer_t ring_buf[CAPACITY] __attribute__((aligned(64)));

static pthread_barrier_t go;

static void task(uint64_t arg) { (void)arg; }

struct worker {
	enum kind kind;
	uint64_t first, count;   /* producer: values first..first+count-1; consumer: how many to take */
	uint64_t sum;            /* consumer: sum of the values taken */
	pthread_t th;
};

/* A failed push or pop waits a little, and gives the core away now and then (2 cores, 4 threads). */
static void backoff(unsigned *fails)
{
	if ((++*fails & 63) == 0)
		sched_yield();
	else
		__builtin_ia32_pause();
}

static bool push(enum kind k, uint64_t v)
{
	if (k == OURS)
		return wq_push(&q, task, v) == 0;
	return ck_ring_enqueue_mpmc(&ring, ring_buf, (void *)(uintptr_t)v);
}

static bool pop(enum kind k, uint64_t *v)
{
	if (k == OURS) {
		wq_fn fn;
		return wq_pop(&q, &fn, v);
	}
	void *p;
	if (!ck_ring_dequeue_mpmc(&ring, ring_buf, &p))
		return false;
	*v = (uint64_t)(uintptr_t)p;
	return true;
}

static void *producer(void *p)
{
	struct worker *w = p;
	unsigned fails = 0;

	pthread_barrier_wait(&go);
	for (uint64_t v = w->first; v < w->first + w->count; v++)
		while (!push(w->kind, v))
			backoff(&fails);
	return NULL;
}

static void *consumer(void *p)
{
	struct worker *w = p;
	unsigned fails = 0;
	uint64_t v, sum = 0;

	pthread_barrier_wait(&go);
	for (uint64_t i = 0; i < w->count; i++) {
		while (!pop(w->kind, &v))
			backoff(&fails);
		sum += v;
	}
	w->sum = sum;
	return NULL;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One run; returns push + pop operations per second. */
static double run(enum kind k, unsigned threads)
{
	uint64_t sum = 0, want = (uint64_t)ITEMS * (ITEMS + 1) / 2;   /* values 1..ITEMS */
	double t0, t1;

	wq_init(&q, cells, CAPACITY, 0);
	ck_ring_init(&ring, CAPACITY);

	if (threads == 1) {
		/* one thread alternates push and pop */
		t0 = now_s();
		for (uint64_t v = 1; v <= ITEMS; v++) {
			uint64_t got;
			if (!push(k, v) || !pop(k, &got)) {
				fprintf(stderr, "wq_bench: single-thread push/pop failed at %llu\n", (unsigned long long)v);
				exit(1);
			}
			sum += got;
		}
		t1 = now_s();
	} else {
		unsigned half = threads / 2;
		struct worker w[16];

		pthread_barrier_init(&go, NULL, threads + 1);
		for (unsigned i = 0; i < threads; i++) {
			unsigned j = i < half ? i : i - half;
			w[i].kind = k;
			w[i].count = ITEMS / half;
			w[i].first = 1 + (uint64_t)j * w[i].count;
			w[i].sum = 0;
			if (pthread_create(&w[i].th, NULL, i < half ? producer : consumer, &w[i])) {
				perror("wq_bench: pthread_create");
				exit(1);
			}
		}
		pthread_barrier_wait(&go);
		t0 = now_s();
		for (unsigned i = 0; i < threads; i++)
			pthread_join(w[i].th, NULL);
		t1 = now_s();
		pthread_barrier_destroy(&go);
		for (unsigned i = half; i < threads; i++)
			sum += w[i].sum;
	}
	if (sum != want) {
		fprintf(stderr, "wq_bench: %s with %u threads lost or duplicated items (sum %llu, want %llu)\n",
			k == OURS ? "wq" : "ck_ring", threads, (unsigned long long)sum, (unsigned long long)want);
		exit(1);
	}
	return 2.0 * ITEMS / (t1 - t0);
}

int main(void)
{
	static const unsigned threads[] = { 1, 2, 4 };

	printf("wq_bench: %u items pushed and popped per run, capacity %u, best of %d;\n"
	       "Mops/s counts pushes and pops (2 per item); 2 and 4 threads are half producers, half consumers.\n",
	       ITEMS, CAPACITY, RUNS);
	printf("%7s  %12s  %12s  %8s\n", "threads", "wq Mops/s", "ck Mops/s", "wq/ck");
	for (unsigned t = 0; t < sizeof(threads) / sizeof(threads[0]); t++) {
		double best[2] = { 0, 0 };
		for (int r = 0; r < RUNS; r++)          /* interleaved, so drift hits both alike */
			for (int k = OURS; k <= CK; k++) {
				double ops = run((enum kind)k, threads[t]);
				if (ops > best[k])
					best[k] = ops;
			}
		printf("%7u  %12.1f  %12.1f  %8.2f\n", threads[t], best[OURS] / 1e6, best[CK] / 1e6,
		       best[OURS] / best[CK]);
		fflush(stdout);
	}
	return 0;
}
