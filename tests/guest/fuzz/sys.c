// SPDX-License-Identifier: BSD-2-Clause
/* sys.c - b_system with every number 0..0xFF but RESET, REBOOT and SHUTDOWN (they end
 * the run) and hostile RAX/RDX. Each implemented function gets arguments it must refuse
 * or survive, and valid ones, and its result is checked against include/baremetal.h;
 * a number the kernel leaves empty must return RAX unchanged. Arguments that would make
 * a correct kernel wait for ever are not used (DELAY or DUMP_MEM of gigabytes, a held
 * lock), nor BUS_WRITE to a device that exists; CONSOLE_SET and STDOUT_SET are put back
 * at once, so the log stays readable. */
#include "fuzz.h"

#define EINVAL   22
#define ENOSPC   28
#define ETIMEDOUT 110
#define PFOR_MAGIC 0x9F0A5E5ULL

static volatile uint8_t locks[64];
static volatile uint64_t smp_ran, tasks_ran, task_bad, pfor_runs, pfor_isum, pfor_bad, runs_ran;
static volatile uint64_t cb_ticks, cb_net_runs, cb_key_runs;
static uint64_t smp_set_ok, tasks_pushed, last_tc, last_tsc, last_dropped;

static void ap_fn(uint64_t unused)
{
	(void)unused;
	if (b_system(NVS_INFO, ~0ULL, 0) != 0)
		task_bad++;
	__atomic_add_fetch(&smp_ran, 1, __ATOMIC_SEQ_CST);
}

static void task_fn(uint64_t arg)
{
	/* a hostile call from whichever core runs it, beside the program's */
	if (b_nvs_read(0, arg, 1, ~0ULL) != 0 || b_system(NET_STATUS, arg, ~0ULL) != 0)
		__atomic_add_fetch(&task_bad, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&tasks_ran, 1, __ATOMIC_SEQ_CST);
}

static void pfor_fn(uint64_t i, void *arg)
{
	if ((uint64_t)(uintptr_t)arg != PFOR_MAGIC)
		__atomic_add_fetch(&pfor_bad, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&pfor_runs, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&pfor_isum, i, __ATOMIC_SEQ_CST);
}

static void run_fn(void) { __atomic_add_fetch(&runs_ran, 1, __ATOMIC_SEQ_CST); }

static void cb_timer(void) { cb_ticks++; }
static void cb_net(void) { cb_net_runs++; }
static void cb_key(uint64_t key) { (void)key; cb_key_runs++; }

static int neg(uint64_t r) { return (int64_t)r < 0; }

/* A code address for fn under the class switches: kernel addresses only with FZ_KCODE. */
static uint64_t code(uint64_t good, int *ok)
{
	int kernel;
	uint64_t p = code_ptr(good, ok, &kernel);
	return kernel && !class_on(FZ_KCODE) ? bad_ptr(1) : p;
}

/* An output pointer for len bytes under the class switches; *usable: the call may
 * write there (K_OK), *any: whatever it does is fine (K_VOID). A kernel pointer whose
 * class is off comes back with *gate set: the caller makes the call fail otherwise. */
static uint64_t out(uint64_t len, int *usable, int *any, int *gate)
{
	enum kind k;
	uint64_t p = out_ptr(len, &k, PM_MISC + 256, 4096);
	*usable = k == K_OK;
	*any = k == K_VOID;
	*gate = (k == K_KERNEL && !class_on(FZ_KWRITE)) || (k == K_KSTACK && !class_on(FZ_KSTACK)) ||
		(k == K_APSTACK && !class_on(FZ_APSTACK));
	return p;
}

static void smp_set(void)
{
	int ok;
	uint64_t c = code((uint64_t)(uintptr_t)ap_fn, &ok), id;
	unsigned r = (unsigned)rndn(10);
	int ap = 0;
	if (r < 4 && env.naps) {
		id = env.aps[rndn(env.naps)];
		ap = 1;
	} else if (r < 6) {
		id = env.bsp;             /* the program's core: refused while the program runs */
		ok = 0;
	} else {
		id = hostile_u64();       /* no core has it, or not in its low 32 bits */
		for (uint64_t i = 0; i <= env.naps; i++)
			if ((id & 0xFFFFFFFF) == (i < env.naps ? env.aps[i] : env.bsp))
				id |= 1ULL << (32 + rndn(32));
	}
	uint64_t got = sys(1, SMP_SET, c, id);
	if (ok && ap) {
		if (got == c)
			smp_set_ok++;
		else if (got)
			bad("SMP_SET returned neither the code nor 0");
	} else if (got) {
		bad("SMP_SET accepted a bad code address or core");
	}
}

static void smp_lock(uint64_t fn)
{
	static const uint64_t kernel[] = { 0x1000, 0x2000, 0x5000, 0x100000, 0x100010, 0x100040 };
	unsigned r = (unsigned)rndn(10);
	if (r < 4) {                          /* a free lock of the program's */
		volatile uint8_t *l = &locks[rndn(56)];
		if (sys(1, fn, (uint64_t)(uintptr_t)l, rnd()) != (uint64_t)(uintptr_t)l)
			bad("SMP_LOCK/UNLOCK did not return its address");
		if (fn == SMP_LOCK) {
			if (!*l)
				bad("SMP_LOCK did not take the lock");
			sys(0, SMP_UNLOCK, (uint64_t)(uintptr_t)l, rnd());
		}
		if (*l)
			bad("SMP_UNLOCK did not free the lock");
	} else if (r < 6 && class_on(FZ_KWRITE)) {
		uint64_t a = PICK(kernel) + rndn(8), before = *(volatile uint64_t *)a;
		sys(1, fn, a, rnd());
		if (*(volatile uint64_t *)a != before)
			bad("SMP_LOCK/UNLOCK wrote kernel memory");
	} else {
		uint64_t a = bad_ptr(1);      /* a lock is one byte */
		if (sys(1, fn, a, rnd()) != a)
			bad("SMP_LOCK/UNLOCK on a bad address did not return it");
	}
}

static void task_push(void)
{
	int ok;
	uint64_t c = code((uint64_t)(uintptr_t)task_fn, &ok);
	uint64_t got = sys(1, SMP_TASK_PUSH, c, rnd());
	if (ok) {
		if (got == 0)
			tasks_pushed++;
		else if (got != (uint64_t)-ENOSPC)
			bad("SMP_TASK_PUSH returned neither 0 nor -ENOSPC");
	} else if (!neg(got)) {
		bad("SMP_TASK_PUSH accepted a bad code address");
	}
}

/* PROGRAM_RUN: a program function runs and returns 0; anything else is refused. */
static void program_run(void)
{
	int ok;
	uint64_t c = code((uint64_t)(uintptr_t)run_fn, &ok), before = runs_ran;
	uint64_t got = sys(1, PROGRAM_RUN, c, rnd());
	if (ok ? got != 0 || runs_ran != before + 1 : got != (uint64_t)-EINVAL || runs_ran != before)
		bad("PROGRAM_RUN gave another result");
}

static void task_wait(void)
{
	static const uint64_t t[] = { 0, 1, 10, 100, 1000000, 1ULL << 32, ~0ULL };
	uint64_t timeout = pct(80) ? PICK(t) : hostile_u64();
	uint64_t got = sys(1, SMP_TASK_WAIT, timeout, rnd());
	if (got != 0 && (got != (uint64_t)-ETIMEDOUT || timeout == 0))
		bad("SMP_TASK_WAIT returned neither 0 nor -ETIMEDOUT");
}

static __attribute__((noinline)) void parallel_for(void)
{
	struct b_range on_stack;
	static struct b_range in_bss;
	struct b_range *rg = pct(50) ? &on_stack : pct(50) ? &in_bss :
			     (struct b_range *)(uintptr_t)(PM_MISC + 1024 + rndn(64));
	int ok = 1, fn_ok;
	uint64_t where = (uint64_t)(uintptr_t)rg;
	unsigned r = (unsigned)rndn(10);
	if (r == 0) {
		where = bad_ptr(sizeof(*rg));
		ok = 0;
	} else if (r == 1 && class_on(FZ_KCODE)) {
		int readable;
		where = in_ptr(sizeof(*rg), &readable);   /* a range read from anywhere */
		ok = 0;
	}
	uint64_t c = code((uint64_t)(uintptr_t)pfor_fn, &fn_ok);
	static const uint64_t begins[] = { 0, 1, 1000, 1ULL << 32, 1ULL << 62,
		0x7FFFFFFFFFFFFF00ULL };
	uint64_t b = pct(80) ? PICK(begins) : rnd() >> 2, e;
	switch (rndn(6)) {
	case 0:
		e = b ? b - 1 - rndn(b) : 0;       /* end before begin (or empty at 0) */
		if (b)
			ok = 0;
		break;
	case 1:
		e = 0x8000000000000000ULL + rndn(1 << 20);   /* past 2^63 */
		ok = 0;
		break;
	case 2:
		e = ~0ULL - rndn(16);
		ok = 0;
		break;
	default:
		e = b + rndn(65);
		if (e > 0x7FFFFFFFFFFFFFFFULL)
			e = 0x7FFFFFFFFFFFFFFFULL;
	}
	rg->fn = (void (*)(uint64_t, void *))(uintptr_t)c;
	rg->arg = (void *)(uintptr_t)PFOR_MAGIC;
	rg->begin = b;
	rg->end = e;
	ok = ok && fn_ok;
	uint64_t runs = pfor_runs, isum = pfor_isum, want = 0;
	for (uint64_t i = b; ok && i < e; i++)
		want += i;
	if (total_calls + 1 >= fz_config.trace_from) {
		say("# range fn=");
		sayx((uint64_t)(uintptr_t)rg->fn);
		say(" begin=");
		sayx(b);
		say(" end=");
		sayx(e);
		say(where == (uint64_t)(uintptr_t)rg ? "\n" : " (not passed)\n");
	}
	uint64_t got = sys(1, SMP_PARALLEL_FOR, where, rnd());
	if (ok) {
		if (got != 0)
			bad("SMP_PARALLEL_FOR refused a good range");
		else if (pfor_runs - runs != e - b || pfor_isum - isum != want)
			bad("SMP_PARALLEL_FOR did not run every index once");
	} else if (!neg(got) && !(where == (uint64_t)(uintptr_t)rg && fn_ok && e == b)) {
		bad("SMP_PARALLEL_FOR accepted a bad range");
	}
}

static uint64_t iface_arg(void)
{
	return pct(60) ? 0 : pct(50) ? env.nifaces + rndn(8) : hostile_u64() | 1ULL << 40;
}

static void net_stats(void)
{
	int usable, any, gate;
	uint64_t p = out(sizeof(struct b_net_stats), &usable, &any, &gate), iface = iface_arg();
	if (gate && iface < env.nifaces)
		iface = env.nifaces;
	uint64_t got = sys(1, NET_STATS, p, iface);
	if (iface < env.nifaces && usable) {
		const struct b_net_stats *st = (const struct b_net_stats *)(uintptr_t)p;
		if (got != 0)
			bad("NET_STATS refused a good buffer");
		else if (iface == 0 && (st->tx_frames + st->tx_errors != net_tx_calls0() ||
					st->rx_frames != net_rx_got()))
			bad("NET_STATS counters do not match the calls made");
	} else if (!any && !neg(got)) {
		bad("NET_STATS wrote where the program may not");
	}
}

static void nvs_info(void)
{
	int usable, any, gate;
	uint64_t p = out(sizeof(struct b_nvs_info), &usable, &any, &gate);
	uint64_t d = pct(60) && env.ndrives ? rndn(env.ndrives) : env.ndrives + rndn(4) + (pct(50) ? 1ULL << 32 : 0);
	if (gate && d < env.ndrives)
		d = env.ndrives;
	uint64_t got = sys(1, NVS_INFO, d, p);
	if (d < env.ndrives && usable) {
		if (got != env.sectors[d] || ((struct b_nvs_info *)(uintptr_t)p)->sectors != got)
			bad("NVS_INFO gave another size");
	} else if (!any && got != 0) {
		bad("NVS_INFO wrote where the program may not");
	}
}

static void stdout_set(void)
{
	int ok;
	uint64_t c = code((uint64_t)(uintptr_t)fz_out_hook, &ok);
	sys(1, STDOUT_SET, c, rnd());
	uint64_t now = b_system(STDOUT_GET, 0, 0);
	if (!ok) {
		if (now != env.stdout) {
			b_system(STDOUT_SET, env.stdout, 0);
			bad("STDOUT_SET took a bad routine");
		}
		return;
	}
	if (now != c) {
		bad("STDOUT_SET refused a program routine");
		return;
	}
	uint64_t calls = hook_calls, bytes = hook_bytes, n = rndn(100);
	api(SLOT_OUTPUT, 0, 0, rnd(), n, rnd(), (uint64_t)(uintptr_t)"fuzz", rnd());
	calls = hook_calls - calls;
	bytes = hook_bytes - bytes;
	b_system(STDOUT_SET, env.stdout, 0);
	if (calls != 1 || bytes != n)
		bad("b_output did not go to the STDOUT_SET routine");
	if (b_system(STDOUT_GET, 0, 0) != env.stdout)
		bad("STDOUT_SET did not put b_output back");
}

static void callback(uint64_t fn)
{
	static void *const good[3] = { (void *)cb_timer, (void *)cb_net, (void *)cb_key };
	static const uint64_t huge[] = { (1ULL << 32) + 1, 1ULL << 40, 1ULL << 63, ~0ULL };
	unsigned i = (unsigned)(fn - CALLBACK_TIMER);
	int ok = 1;
	uint64_t c = 0, period = rnd();
	if (pct(75)) {
		c = code((uint64_t)(uintptr_t)good[i], &ok);
		if (ok && !class_on(FZ_CALLBACKS))
			c = 0;
	}
	int period_ok = 1;
	if (fn == CALLBACK_TIMER) {
		if (pct(80)) {
			period = class_on(FZ_CBFAST) && pct(30) ? 1 : pct(10) ? 0 : 100 + rndn(5000);
		} else {
			period = PICK(huge);
			period_ok = 0;
		}
	}
	uint64_t got = sys(1, fn, c, period);
	if (!c) {
		if (got != 0)
			bad("a callback could not be switched off");
	} else if (ok && period_ok) {
		if (got != 0)
			bad("a callback refused a program routine");
	} else {
		if (!neg(got))
			bad("a callback took a bad routine or period");
	}
}

static void dump_mem(void)
{
	uint64_t a, n;
	int ok;
	if (pct(20)) {
		a = in_ptr(16, &ok);
		n = ok ? rndn(17) : hostile_u64();
	} else {
		n = hostile_u64();
		a = bad_ptr(n);
	}
	if (sys(1, DUMP_MEM, a, n) != a)
		bad("DUMP_MEM did not return its address");
}

/* The functions with their own arguments and checks; every other number is empty. */
static void one(uint64_t fn)
{
	uint64_t a1 = pct(50) ? hostile_u64() : rnd(), a2 = pct(50) ? hostile_u64() : rnd(), got;
	switch (fn) {
	case TIMECOUNTER:
		if ((got = sys(1, fn, a1, a2)) < last_tc)
			bad("TIMECOUNTER went back");
		last_tc = got;
		return;
	case TSC:
		if ((got = sys(1, fn, a1, a2)) < last_tsc)
			bad("TSC went back");
		last_tsc = got;
		return;
	case FREE_MEMORY:
		if (sys(1, fn, a1, a2) << 20 != env.free)
			bad("FREE_MEMORY changed");
		return;
	case TIMECOUNTER_HZ:
		if (sys(1, fn, a1, a2) != env.hz)
			bad("TIMECOUNTER_HZ changed");
		return;
	case SMP_ID:
		if (sys(1, fn, a1, a2) != env.bsp)
			bad("SMP_ID changed");
		return;
	case SMP_NUMCORES:
		if (sys(1, fn, a1, a2) != env.cores)
			bad("SMP_NUMCORES changed");
		return;
	case SMP_SET:
		smp_set();
		return;
	case SMP_GET:
		if (sys(1, fn, a1, a2) != 0)
			bad("SMP_GET on the program's core is not 0");
		return;
	case SMP_LOCK:
	case SMP_UNLOCK:
		smp_lock(fn);
		return;
	case SMP_BUSY:
		if (sys(1, fn, a1, a2) > 1)
			bad("SMP_BUSY is neither 0 nor 1");
		return;
	case SMP_TASK_PUSH:
		task_push();
		return;
	case SMP_TASK_WAIT:
		task_wait();
		return;
	case SMP_PARALLEL_FOR:
		parallel_for();
		return;
	case PROGRAM_RUN:
		program_run();
		return;
	case SCREEN_LFB_GET:
	case SCREEN_X_GET:
	case SCREEN_Y_GET:
	case SCREEN_PPSL_GET:
	case SCREEN_BPP_GET:
		if (sys(1, fn, a1, a2) != env.screen[fn - SCREEN_LFB_GET])
			bad("a SCREEN_*_GET value changed");
		return;
	case NET_STATUS:
		a2 = iface_arg();
		got = sys(1, fn, a1, a2);
		if (a2 == 0 ? got != env.mac : a2 < env.nifaces ? got == 0 : got != 0)
			bad("NET_STATUS gave another MAC");
		return;
	case NET_CONFIG:
		/* interface 0 rarely: it drops the frames waiting (counted, the host checks) */
		a2 = pct(10) ? 0 : (env.nifaces + rndn(8)) | (pct(50) ? 1ULL << (32 + rndn(32)) : 0);
		got = sys(1, fn, a1, a2);
		if (a2 < env.nifaces ? got != 0 : !neg(got))
			bad("NET_CONFIG gave another result");
		return;
	case NET_STATS:
		net_stats();
		return;
	case NVS_INFO:
		nvs_info();
		return;
	case BUS_READ:
		got = sys(1, fn, a1, a2);
		if (got > 0xFFFFFFFFULL || (((a2 >> 48) || (a2 & 0xFFFF) >= 1024) && got != 0xFFFFFFFFULL))
			bad("BUS_READ gave an impossible value");
		return;
	case BUS_WRITE:
		/* only writes the kernel refuses or that reach no device (buses 0xF0..0xFF) */
		switch (rndn(3)) {
		case 0:
			a2 |= 1ULL << (48 + rndn(16));
			break;
		case 1:
			a2 = (a2 & ~0xFFFFULL) | (1024 + rndn(64512));
			break;
		default:
			a2 = (a2 & 0xFFFF00FFFFFFULL & ~0xFFFF00000000ULL) | (0xF0 + rndn(16)) << 24;
		}
		if (sys(1, fn, a1, a2) != a1)
			bad("BUS_WRITE did not return its value");
		return;
	case STDOUT_SET:
		stdout_set();
		return;
	case STDOUT_GET:
		if (sys(1, fn, a1, a2) != env.stdout)
			bad("STDOUT_GET changed");
		return;
	case CONSOLE_SET:
		got = sys(1, fn, a1, a2);
		b_system(CONSOLE_SET, env.console, 0);
		if (got != ((uint32_t)a1 & env.present))
			bad("CONSOLE_SET did not keep only the outputs that exist");
		if (b_system(CONSOLE_GET, 0, 0) != env.console)
			bad("CONSOLE_SET did not put the outputs back");
		return;
	case CONSOLE_GET:
		if (sys(1, fn, a1, a2) != env.console)
			bad("CONSOLE_GET changed");
		return;
	case CONSOLE_DROPPED:
		if ((got = sys(1, fn, a1, a2)) < last_dropped)
			bad("CONSOLE_DROPPED went back");
		last_dropped = got;
		return;
	case CALLBACK_TIMER:
	case CALLBACK_NETWORK:
	case CALLBACK_KEYBOARD:
		callback(fn);
		return;
	case DUMP_MEM:
		dump_mem();
		return;
	case DUMP_RAX:
		if (pct(10) && sys(1, fn, a1, a2) != a1)
			bad("DUMP_RAX did not return its value");
		return;
	case DELAY:
		a1 = rndn(20);
		if (sys(1, fn, a1, a2) != a1)
			bad("DELAY did not return its value");
		return;
	default:                              /* GET_MOUSE, CALLBACK_MOUSE and the empty numbers */
		if (sys(1, fn, a1, a2) != a1)
			bad("an empty b_system number changed RAX");
	}
}

void sys_call(void)
{
	static const uint8_t implemented[] = {
		TIMECOUNTER, FREE_MEMORY, TIMECOUNTER_HZ, SMP_ID, SMP_NUMCORES, SMP_SET, SMP_GET,
		SMP_LOCK, SMP_UNLOCK, SMP_BUSY, SMP_TASK_PUSH, SMP_TASK_WAIT, SMP_PARALLEL_FOR,
		PROGRAM_RUN, TSC, SCREEN_LFB_GET, NET_STATUS, NET_CONFIG, NET_STATS, NVS_INFO, BUS_READ,
		BUS_WRITE, STDOUT_SET, STDOUT_GET, CONSOLE_SET, CONSOLE_GET, CONSOLE_DROPPED, CALLBACK_TIMER,
		CALLBACK_NETWORK, CALLBACK_KEYBOARD, DUMP_MEM, DELAY,
	};
	uint64_t fn;
	if (pct(50)) {
		fn = implemented[rndn(sizeof(implemented))];
	} else {
		do
			fn = rndn(256);
		while (fn >= RESET && fn <= SHUTDOWN);
	}
	one(fn);
}

static uint64_t now(void) { return b_system(TIMECOUNTER, 0, 0); }

/* Callbacks off, then each part checked once more: the machine still works. */
void sys_finish(void)
{
	for (unsigned i = 0; i < 3; i++)
		if (b_system(CALLBACK_TIMER + i, 0, 0) != 0)
			bad("a callback could not be switched off at the end");
	uint64_t t0 = now();
	while (smp_ran != smp_set_ok && now() - t0 < 2 * env.hz)
		__asm__ volatile("pause");
	if (b_system(SMP_TASK_WAIT, 0, 0) != 0)
		bad("SMP_TASK_WAIT at the end did not return 0");
	say("# smp_set=");
	sayu(smp_set_ok);
	say(" ran=");
	sayu(smp_ran);
	say(" tasks=");
	sayu(tasks_pushed);
	say(" ran=");
	sayu(tasks_ran);
	say(" pfor_runs=");
	sayu(pfor_runs);
	say(" ticks=");
	sayu(cb_ticks);
	say(" net_callbacks=");
	sayu(cb_net_runs);
	say("\n");
	if (smp_ran != smp_set_ok)
		bad("SMP_SET code did not run once per accepted call");
	if (tasks_ran != tasks_pushed)
		bad("tasks did not run once per accepted push");
	if (task_bad || pfor_bad)
		bad("a task, SMP_SET code or parallel-for body saw a wrong result");
	if (cb_key_runs)
		bad("CALLBACK_KEYBOARD ran without a key");
	/* the timer callback still works */
	uint64_t ticks = cb_ticks;
	if (b_system(CALLBACK_TIMER, (uint64_t)(uintptr_t)cb_timer, 1000) != 0)
		bad("CALLBACK_TIMER refused a program routine at the end");
	t0 = now();
	while (cb_ticks - ticks < 3 && now() - t0 < 2 * env.hz)
		__asm__ volatile("pause");
	b_system(CALLBACK_TIMER, 0, 0);
	if (cb_ticks - ticks < 3)
		bad("CALLBACK_TIMER does not tick any more");
	/* SMP_SET and tasks still work */
	uint64_t ran = smp_ran;
	if (env.naps && b_system(SMP_SET, (uint64_t)(uintptr_t)ap_fn, env.aps[0]) != (uint64_t)(uintptr_t)ap_fn)
		bad("SMP_SET refused good code at the end");
	t0 = now();
	while (env.naps && smp_ran == ran && now() - t0 < 2 * env.hz)
		__asm__ volatile("pause");
	if (env.naps && smp_ran == ran)
		bad("SMP_SET code does not run any more");
}
