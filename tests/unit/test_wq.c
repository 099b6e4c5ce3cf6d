// SPDX-License-Identifier: BSD-2-Clause
/* test_wq.c - kernel/wq.c: FIFO, full/empty edges, the 2^64 wrap, and MPMC threads (no loss, no duplicates). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>
#include <sched.h>
#include <time.h>
#include <cmocka.h>

#include "kernel/wq.h"
#include "common/errno.h"

/* Push + pop operations over all the threaded cases; WQ_OPS in the environment overrides it
 * (the ThreadSanitizer build compiles a smaller default). */
#ifndef WQ_OPS_DEFAULT
#define WQ_OPS_DEFAULT 16000000ull
#endif
#define THREAD_CASES 8            /* the run_threads cases, which share WQ_OPS */
#define MAX_CAP 256
#define DEADLINE_S 60.0           /* a threaded case that stalls this long has lost items */
#ifndef WATCHDOG_S
#define WATCHDOG_S 90             /* per test; a livelocked pop or push never returns */
#endif
#define STR_(x) #x
#define STR(x) STR_(x)

static uint64_t total_ops;        /* every successful push and pop, single-threaded and threaded */

static void task_a(uint64_t arg) { (void)arg; }
static void task_b(uint64_t arg) { (void)arg; }

static wq_fn fn_for(uint64_t arg)
{
	return (arg & 1) ? task_b : task_a;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- single thread ------------------------------------------------------------------- */

static struct wq_cell cells[MAX_CAP];

static void expect_pop(struct wq *q, uint64_t arg)
{
	wq_fn fn = 0;
	uint64_t got = ~0ull;
	if (!wq_pop(q, &fn, &got))
		fail_msg("pop of 0x%llx: queue empty", (unsigned long long)arg);
	if (got != arg)
		fail_msg("pop: got arg 0x%llx, want 0x%llx", (unsigned long long)got, (unsigned long long)arg);
	assert_ptr_equal(fn, fn_for(arg));
	total_ops++;
}

static void expect_empty(struct wq *q)
{
	wq_fn fn = task_a;
	uint64_t arg = 0x5A5A;
	assert_false(wq_pop(q, &fn, &arg));
	assert_ptr_equal(fn, task_a);        /* a failed pop writes nothing */
	assert_int_equal(arg, 0x5A5A);
	assert_int_equal(wq_size(q), 0);
}

static void expect_push(struct wq *q, uint64_t arg)
{
	assert_int_equal(wq_push(q, fn_for(arg), arg), 0);
	total_ops++;
}

/* Full and empty edges from start: exactly cap pushes fit, FIFO out, one slot freed takes one
 * push; each of the three rounds moves the positions two laps on. */
static void check_edges(uint64_t cap, uint64_t start)
{
	struct wq q;
	uint64_t arg = 1000, pos = start;

	memset(cells, 0xCC, sizeof(cells));
	wq_init(&q, cells, cap, start);
	expect_empty(&q);

	for (int round = 0; round < 3; round++) {
		uint64_t first = arg;
		for (uint64_t i = 0; i < cap; i++) {
			expect_push(&q, arg++);
			assert_int_equal(wq_size(&q), i + 1);
		}
		assert_int_equal(wq_push(&q, task_a, 1), -ENOSPC);
		assert_int_equal(wq_push(&q, task_a, 1), -28);
		assert_int_equal(wq_size(&q), cap);
		assert_int_equal(q.enq, pos + cap);
		assert_int_equal(q.deq, pos);

		expect_pop(&q, first++);
		expect_push(&q, arg++);                  /* the one freed slot */
		assert_int_equal(wq_push(&q, task_a, 1), -ENOSPC);
		assert_int_equal(wq_size(&q), cap);

		for (uint64_t i = 0; i < cap; i++)
			expect_pop(&q, first++);
		assert_int_equal(first, arg);
		expect_empty(&q);
		for (uint64_t i = 0; i < cap - 1; i++) {  /* one item at a time round the ring */
			expect_push(&q, arg);
			assert_int_equal(wq_size(&q), 1);
			expect_pop(&q, arg++);
		}
		expect_empty(&q);
		pos += 2 * cap;
		assert_int_equal(q.enq, pos);
		assert_int_equal(q.deq, pos);
	}
}

/* Random pushes and pops against a model ring; the bias drifts so both edges are hit. */
static void run_model(uint64_t cap, uint64_t start, uint64_t steps, uint64_t seed)
{
	struct wq q;
	uint64_t model[MAX_CAP];
	uint64_t head = 0, tail = 0, next = 0, x = seed | 1;

	memset(cells, 0xCC, sizeof(cells));
	wq_init(&q, cells, cap, start);
	for (uint64_t s = 0; s < steps; s++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		unsigned bias = (unsigned)((s >> 9) % 3);    /* 0: mostly push, 1: even, 2: mostly pop */
		unsigned roll = (unsigned)(x % 8);
		bool push = bias == 0 ? roll < 6 : bias == 1 ? roll < 4 : roll < 2;
		if (push) {
			int rc = wq_push(&q, fn_for(next), next);
			if (tail - head < cap) {
				assert_int_equal(rc, 0);
				model[tail++ % cap] = next++;
				total_ops++;
			} else {
				assert_int_equal(rc, -ENOSPC);
			}
		} else if (tail != head) {
			expect_pop(&q, model[head++ % cap]);
		} else {
			expect_empty(&q);
		}
		assert_int_equal(wq_size(&q), tail - head);
	}
	assert_int_equal(q.enq, start + tail);
	assert_int_equal(q.deq, start + head);
	while (head != tail)
		expect_pop(&q, model[head++ % cap]);
	expect_empty(&q);
}

static void test_empty(void **state)
{
	(void)state;
	struct wq q;
	wq_init(&q, cells, 8, 0);
	expect_empty(&q);
	expect_empty(&q);
	expect_push(&q, 7);
	assert_int_equal(wq_size(&q), 1);
	expect_pop(&q, 7);
	expect_empty(&q);
}

static void test_full_at_capacity(void **state)
{
	(void)state;
	struct wq q;
	wq_init(&q, cells, 8, 0);
	for (uint64_t i = 0; i < 8; i++)
		assert_int_equal(wq_push(&q, fn_for(i), i * 3), 0);
	assert_int_equal(wq_push(&q, task_a, 99), -28);
	assert_int_equal(wq_size(&q), 8);
	for (uint64_t i = 0; i < 8; i++) {
		wq_fn fn;
		uint64_t arg;
		assert_true(wq_pop(&q, &fn, &arg));
		assert_ptr_equal(fn, fn_for(i));
		assert_int_equal(arg, i * 3);
	}
	expect_empty(&q);
	total_ops += 16;
}

static void test_edges_from_zero(void **state)
{
	(void)state;
	check_edges(2, 0);
	check_edges(8, 0);
	check_edges(MAX_CAP, 0);
}

static void test_laps(void **state)
{
	(void)state;
	run_model(8, 0, 1000000, 0x9E3779B97F4A7C15ull);
	run_model(2, 0, 200000, 12345);
	run_model(64, 0, 200000, 777);
}

static void test_wrap_mid_fill(void **state)
{
	(void)state;
	check_edges(8, UINT64_MAX - 5);
	run_model(8, UINT64_MAX - 5, 20000, 1);
}

static void test_wrap_at_full_edge(void **state)
{
	(void)state;
	struct wq q;

	/* the first lap ends exactly at 2^64: full with enq == 0 */
	wq_init(&q, cells, 8, UINT64_MAX - 8 + 1);
	for (uint64_t i = 0; i < 8; i++)
		expect_push(&q, i);
	assert_int_equal(q.enq, 0);
	assert_int_equal(wq_push(&q, task_a, 99), -ENOSPC);
	assert_int_equal(wq_size(&q), 8);
	for (uint64_t i = 0; i < 8; i++)
		expect_pop(&q, i);
	assert_int_equal(q.deq, 0);
	expect_empty(&q);

	check_edges(8, UINT64_MAX - 8 + 1);
	check_edges(2, UINT64_MAX - 2 + 1);
	check_edges(MAX_CAP, UINT64_MAX - MAX_CAP + 1);
	run_model(8, UINT64_MAX - 8 + 1, 20000, 2);
}

static void test_wrap_signed_boundary(void **state)
{
	(void)state;
	check_edges(8, (1ull << 63) - 3);
	run_model(8, (1ull << 63) - 3, 20000, 3);
	run_model(8, (1ull << 63) - 8, 20000, 4);
}

/* Every position from 3 laps before around to 3 laps after: an empty pop there, and a full push
 * there (the edges compare positions across the boundary). */
static void sweep(uint64_t cap, uint64_t around)
{
	struct wq q;
	uint64_t start = around - 3 * cap, arg = 0;

	wq_init(&q, cells, cap, start);
	for (uint64_t i = 0; i < 6 * cap; i++) {
		assert_int_equal(q.deq, start + i);
		expect_empty(&q);
		expect_push(&q, arg);
		expect_pop(&q, arg++);
	}
	expect_empty(&q);

	wq_init(&q, cells, cap, start);
	uint64_t first = arg;
	for (uint64_t i = 0; i < cap; i++)
		expect_push(&q, arg++);
	for (uint64_t i = 0; i < 6 * cap; i++) {
		assert_int_equal(q.enq, start + cap + i);
		assert_int_equal(wq_push(&q, task_a, 1), -ENOSPC);
		assert_int_equal(wq_size(&q), cap);
		expect_pop(&q, first++);
		expect_push(&q, arg++);
	}
	while (first != arg)
		expect_pop(&q, first++);
	expect_empty(&q);
}

static void test_wrap_every_position(void **state)
{
	(void)state;
	for (uint64_t cap = 2; cap <= MAX_CAP; cap *= 2) {
		sweep(cap, 0);
		sweep(cap, 1ull << 63);
	}
}

/* ---- threads ------------------------------------------------------------------------- */

#define N_BITS 40
#define N_MASK ((1ull << N_BITS) - 1)

struct run {
	struct wq q;
	uint64_t cap, nprod, ncons, share, total;
	uint8_t *seen;                /* one counter per item: must end at exactly 1 */
	uint64_t popped;
	uint64_t max_size;            /* largest wq_size snapshot */
	int done;
	int failed;
	char msg[256];
	double deadline;
	pthread_barrier_t go;
};

struct worker {
	struct run *r;
	uint64_t id;
	pthread_t th;
};

static void run_fail(struct run *r, const char *fmt, ...)
{
	int zero = 0;
	if (!__atomic_compare_exchange_n(&r->failed, &zero, 1, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
	va_end(ap);
}

static bool run_stop(struct run *r)
{
	return __atomic_load_n(&r->failed, __ATOMIC_ACQUIRE) != 0;
}

/* After miss consecutive failed pushes or pops: spin, then yield, then sleep. There are more
 * threads than cores, and a yield alone may hand the core straight back when the machine is busy. */
static void backoff(unsigned miss)
{
	static const struct timespec nap = { .tv_sec = 0, .tv_nsec = 20000 };
	if (miss < 16)
		__builtin_ia32_pause();
	else if (miss < 64)
		sched_yield();
	else
		nanosleep(&nap, NULL);
}

static void *producer(void *p)
{
	struct worker *w = p;
	struct run *r = w->r;
	unsigned spins = 0;

	pthread_barrier_wait(&r->go);
	for (uint64_t n = 0; n < r->share; n++) {
		uint64_t arg = w->id << N_BITS | n;
		unsigned miss = 0;
		while (wq_push(&r->q, fn_for(arg), arg) == -ENOSPC) {
			if (run_stop(r))
				return NULL;
			if ((++spins & 1023) == 0 && now_s() > r->deadline) {
				run_fail(r, "producer %llu stuck at item %llu (queue full)",
					 (unsigned long long)w->id, (unsigned long long)n);
				return NULL;
			}
			backoff(miss++);
		}
	}
	return NULL;
}

static void *consumer(void *p)
{
	struct worker *w = p;
	struct run *r = w->r;
	int64_t last[8];
	unsigned spins = 0, miss = 0;

	for (int i = 0; i < 8; i++)
		last[i] = -1;
	pthread_barrier_wait(&r->go);
	while (__atomic_load_n(&r->popped, __ATOMIC_RELAXED) < r->total && !run_stop(r)) {
		wq_fn fn;
		uint64_t arg;
		if (!wq_pop(&r->q, &fn, &arg)) {
			if ((++spins & 1023) == 0 && now_s() > r->deadline) {
				run_fail(r, "consumers stuck: %llu of %llu items popped",
					 (unsigned long long)__atomic_load_n(&r->popped, __ATOMIC_RELAXED),
					 (unsigned long long)r->total);
				return NULL;
			}
			backoff(miss++);
			continue;
		}
		miss = 0;
		__atomic_fetch_add(&r->popped, 1, __ATOMIC_RELAXED);
		uint64_t pid = arg >> N_BITS, n = arg & N_MASK;
		if (pid >= r->nprod || n >= r->share) {
			run_fail(r, "consumer %llu: bogus item 0x%llx", (unsigned long long)w->id,
				 (unsigned long long)arg);
			return NULL;
		}
		if (fn != fn_for(arg)) {
			run_fail(r, "consumer %llu: item 0x%llx came with the wrong function",
				 (unsigned long long)w->id, (unsigned long long)arg);
			return NULL;
		}
		uint8_t before = __atomic_fetch_add(&r->seen[pid * r->share + n], 1, __ATOMIC_RELAXED);
		if (before != 0) {
			run_fail(r, "consumer %llu: item 0x%llx popped twice", (unsigned long long)w->id,
				 (unsigned long long)arg);
			return NULL;
		}
		if ((int64_t)n <= last[pid]) {
			run_fail(r, "consumer %llu: producer %llu item %llu after item %lld (FIFO broken)",
				 (unsigned long long)w->id, (unsigned long long)pid, (unsigned long long)n,
				 (long long)last[pid]);
			return NULL;
		}
		last[pid] = (int64_t)n;
	}
	return NULL;
}

/* Watches wq_size while the others run: a snapshot is never more than the capacity. */
static void *size_watcher(void *p)
{
	struct run *r = p;

	pthread_barrier_wait(&r->go);
	while (!__atomic_load_n(&r->done, __ATOMIC_ACQUIRE)) {
		uint64_t s = wq_size(&r->q);
		if (s > r->max_size)
			r->max_size = s;
		sched_yield();
	}
	return NULL;
}

static uint64_t items_per_case(void)
{
	uint64_t ops = WQ_OPS_DEFAULT;
	const char *env = getenv("WQ_OPS");
	if (env && *env)
		ops = strtoull(env, NULL, 0);
	uint64_t items = ops / 2 / THREAD_CASES;
	return items < 8 ? 8 : items;
}

/* wq_size against a ring that laps fast: 1 producer and 1 consumer on capacity 2 for SIZE_MS, and
 * spinning watchers (more threads than cores, so they get preempted between wq_size's two loads). */
#define SIZE_MS 500
#define SIZE_WATCHERS 2

struct size_run {
	struct wq q;
	int stop;                     /* set by the test: the producer finishes */
	uint64_t pushed;              /* the producer's count, -1 while it runs */
	uint64_t popped;
	int done;                     /* set once both are joined: the watchers finish */
	uint64_t over;                /* a wq_size snapshot above the capacity, or 0 */
	pthread_barrier_t go;
};

static void *size_producer(void *p)
{
	struct size_run *r = p;
	uint64_t n = 0;
	unsigned miss = 0;
	pthread_barrier_wait(&r->go);
	while (!__atomic_load_n(&r->stop, __ATOMIC_RELAXED)) {
		if (wq_push(&r->q, task_a, n) == 0) {
			n++;
			miss = 0;
		} else {
			backoff(miss++);
		}
	}
	__atomic_store_n(&r->pushed, n, __ATOMIC_RELEASE);
	return NULL;
}

static void *size_consumer(void *p)
{
	struct size_run *r = p;
	wq_fn fn;
	uint64_t arg, n = 0;
	unsigned miss = 0;
	pthread_barrier_wait(&r->go);
	while (n != __atomic_load_n(&r->pushed, __ATOMIC_ACQUIRE)) {
		if (wq_pop(&r->q, &fn, &arg)) {
			if (arg != n)
				__atomic_store_n(&r->over, ~0ull, __ATOMIC_RELAXED);
			n++;
			miss = 0;
		} else {
			backoff(miss++);
		}
	}
	r->popped = n;
	return NULL;
}

static void *size_spinner(void *p)
{
	struct size_run *r = p;
	pthread_barrier_wait(&r->go);
	while (!__atomic_load_n(&r->done, __ATOMIC_RELAXED)) {
		uint64_t s = wq_size(&r->q);
		if (s > 2)
			__atomic_store_n(&r->over, s, __ATOMIC_RELAXED);
	}
	return NULL;
}

static void test_size_never_over_capacity(void **state)
{
	(void)state;
	static struct wq_cell scells[2];
	struct size_run r = { .pushed = ~0ull };
	struct timespec ts = { .tv_sec = SIZE_MS / 1000, .tv_nsec = SIZE_MS % 1000 * 1000000L };
	pthread_t th[2 + SIZE_WATCHERS];

	wq_init(&r.q, scells, 2, UINT64_MAX - 1000);
	pthread_barrier_init(&r.go, NULL, 3 + SIZE_WATCHERS);
	assert_int_equal(pthread_create(&th[0], NULL, size_producer, &r), 0);
	assert_int_equal(pthread_create(&th[1], NULL, size_consumer, &r), 0);
	for (int i = 2; i < 2 + SIZE_WATCHERS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, size_spinner, &r), 0);
	pthread_barrier_wait(&r.go);
	nanosleep(&ts, NULL);
	__atomic_store_n(&r.stop, 1, __ATOMIC_RELAXED);
	pthread_join(th[0], NULL);
	pthread_join(th[1], NULL);
	__atomic_store_n(&r.done, 1, __ATOMIC_RELAXED);
	for (int i = 2; i < 2 + SIZE_WATCHERS; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&r.go);
	total_ops += 2 * r.popped;
	print_message("   wq_size watched by %d threads, capacity 2, 1 producer x 1 consumer: %llu items in %d ms\n",
		      SIZE_WATCHERS, (unsigned long long)r.popped, SIZE_MS);
	if (r.over == ~0ull)
		fail_msg("the consumer saw the items out of order");
	if (r.over)
		fail_msg("wq_size reported %llu with capacity 2", (unsigned long long)r.over);
	assert_int_equal(wq_size(&r.q), 0);
	assert_int_equal(r.q.enq, UINT64_MAX - 1000 + r.popped);
}

/* cross: start total/2 items before start, so the run crosses it halfway through. */
static void run_threads(uint64_t nprod, uint64_t ncons, uint64_t cap, bool cross, uint64_t start)
{
	static struct wq_cell tcells[MAX_CAP] __attribute__((aligned(64)));
	struct run *r = calloc(1, sizeof(*r));
	struct worker w[16];
	pthread_t watcher;
	uint64_t items = items_per_case();

	assert_non_null(r);
	assert_true(nprod <= 8 && ncons <= 8 && cap <= MAX_CAP);
	r->cap = cap;
	r->nprod = nprod;
	r->ncons = ncons;
	r->share = items / nprod;
	r->total = r->share * nprod;
	r->seen = calloc(r->total, 1);
	assert_non_null(r->seen);
	if (cross)
		start -= r->total / 2;
	wq_init(&r->q, tcells, cap, start);
	pthread_barrier_init(&r->go, NULL, (unsigned)(nprod + ncons + 2));

	double t0 = now_s();
	r->deadline = t0 + DEADLINE_S;
	for (uint64_t i = 0; i < nprod + ncons; i++) {
		w[i].r = r;
		w[i].id = i < nprod ? i : i - nprod;
		assert_int_equal(pthread_create(&w[i].th, NULL, i < nprod ? producer : consumer, &w[i]), 0);
	}
	assert_int_equal(pthread_create(&watcher, NULL, size_watcher, r), 0);
	pthread_barrier_wait(&r->go);
	for (uint64_t i = 0; i < nprod + ncons; i++)
		pthread_join(w[i].th, NULL);
	__atomic_store_n(&r->done, 1, __ATOMIC_RELEASE);
	pthread_join(watcher, NULL);
	double dt = now_s() - t0;

	if (r->failed)
		fail_msg("%llu producers, %llu consumers, capacity %llu: %s", (unsigned long long)nprod,
			 (unsigned long long)ncons, (unsigned long long)cap, r->msg);
	for (uint64_t i = 0; i < r->total; i++)
		if (r->seen[i] != 1)
			fail_msg("producer %llu item %llu seen %u times", (unsigned long long)(i / r->share),
				 (unsigned long long)(i % r->share), r->seen[i]);
	assert_int_equal(r->popped, r->total);
	assert_int_equal(wq_size(&r->q), 0);
	assert_int_equal(r->q.enq, start + r->total);
	assert_int_equal(r->q.deq, start + r->total);
	if (r->max_size > cap)
		fail_msg("wq_size reported %llu with capacity %llu", (unsigned long long)r->max_size,
			 (unsigned long long)cap);
	total_ops += 2 * r->total;
	print_message("   %llu producers x %llu consumers, capacity %llu, start 0x%016llx: %llu items, %.2f s\n",
		      (unsigned long long)nprod, (unsigned long long)ncons, (unsigned long long)cap,
		      (unsigned long long)start, (unsigned long long)r->total, dt);

	pthread_barrier_destroy(&r->go);
	free(r->seen);
	free(r);
}

static void test_threads_1x1(void **state) { (void)state; run_threads(1, 1, 64, false, 0); }
static void test_threads_1x4(void **state) { (void)state; run_threads(1, 4, 64, false, 0); }
static void test_threads_4x1(void **state) { (void)state; run_threads(4, 1, 64, false, 0); }
static void test_threads_2x2(void **state) { (void)state; run_threads(2, 2, 256, false, 0); }
static void test_threads_4x4(void **state) { (void)state; run_threads(4, 4, 64, false, 0); }
static void test_threads_8x8(void **state) { (void)state; run_threads(8, 8, 256, false, 0); }
/* halfway through, the positions cross 2^64 (the wrap) and 2^63 (the sign of the differences) */
static void test_threads_wrap(void **state) { (void)state; run_threads(4, 4, 64, true, 0); }
static void test_threads_sign(void **state) { (void)state; run_threads(2, 2, 8, true, 1ull << 63); }

static void watchdog(int sig)
{
	static const char msg[] = "test_wq: watchdog: the test ran " STR(WATCHDOG_S) " s (a push or pop livelocked?)\n";
	(void)sig;
	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(2);
	_exit(1);
}

static int arm_watchdog(void **state)
{
	(void)state;
	alarm(WATCHDOG_S);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_empty, arm_watchdog),
		cmocka_unit_test_setup(test_full_at_capacity, arm_watchdog),
		cmocka_unit_test_setup(test_edges_from_zero, arm_watchdog),
		cmocka_unit_test_setup(test_laps, arm_watchdog),
		cmocka_unit_test_setup(test_wrap_mid_fill, arm_watchdog),
		cmocka_unit_test_setup(test_wrap_at_full_edge, arm_watchdog),
		cmocka_unit_test_setup(test_wrap_signed_boundary, arm_watchdog),
		cmocka_unit_test_setup(test_wrap_every_position, arm_watchdog),
		cmocka_unit_test_setup(test_threads_1x1, arm_watchdog),
		cmocka_unit_test_setup(test_threads_1x4, arm_watchdog),
		cmocka_unit_test_setup(test_threads_4x1, arm_watchdog),
		cmocka_unit_test_setup(test_threads_2x2, arm_watchdog),
		cmocka_unit_test_setup(test_threads_4x4, arm_watchdog),
		cmocka_unit_test_setup(test_threads_8x8, arm_watchdog),
		cmocka_unit_test_setup(test_threads_wrap, arm_watchdog),
		cmocka_unit_test_setup(test_threads_sign, arm_watchdog),
		cmocka_unit_test_setup(test_size_never_over_capacity, arm_watchdog),
	};
	signal(SIGALRM, watchdog);
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	alarm(0);
	print_message("wq: %llu push+pop operations, %llu items per threaded case\n",
		      (unsigned long long)total_ops, (unsigned long long)items_per_case());
	return rc;
}
