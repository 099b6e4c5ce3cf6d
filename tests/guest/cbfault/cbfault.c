// SPDX-License-Identifier: BSD-2-Clause
/* cbfault.c - callbacks and faults (issue 11, defects 1-3). The host picks the mode by
 * patching the marker's last letter (tests/system/test_cbfault.py):
 *  T  CALLBACK_TIMER at a 1 us period (the kernel's 50 us floor) switched 100,000 times
 *     between two functions and 100,000 times on and off, then CALLBACK_NETWORK
 *     switched between them (100,000 times and more) under a 50 us timer with a frame waiting: every tick calls one, never
 *     an address made of a mix of their bytes (landing pads in pads.S) or the
 *     program's entry (it counts its runs). Needs two NICs on one QEMU hub.
 *  F  a timer callback that faults, on an AP under SMP_SET code, then on the BSP under
 *     the program: each is reported and dropped, the loop it interrupted finishes, and
 *     the next CALLBACK_TIMER on that core gets ticks.
 *  G  a fault with GS_BASE corrupted, on the BSP (it points at a record whose self
 *     pointer is unmapped) and then on an AP (unmapped): both reports are complete and
 *     both cores go on, SMP_SET code runs on each afterwards.
 *  N  a fault inside the crash report: the BSP faults 384 bytes above its stack's
 *     guard page, so the report itself overflows into it (#PF, then #DF); that report
 *     is complete and ends the core, and the AP's fault after it is still reported.
 *  C  a fault inside a console write: SMP_SET code on the AP calls b_output with RSP 8 to
 *     1,024 bytes above its stack's guard page, so some of the writes overflow while they
 *     hold the console; the BSP can still print afterwards.
 *  I  a fault in an interrupt's entry: SMP_SET code on the AP registers a counting
 *     CALLBACK_TIMER, then spins with interrupts on and RSP 16 bytes above its stack's
 *     guard page, so the next tick's frame push faults (#PF, then #DF). The code is
 *     abandoned with that tick still in service; the AP's ticks must go on.
 *  J  the same with GS_BASE unmapped instead: the tick's handler faults reading it.
 * TAP on serial; the verdict through isa-debug-exit (tap.h). */
#include "baremetal.h"
#include "../tap.h"
#include "../mem.h"

#define SWITCHES      100000
#define NET_CALLS     2000
#define MSR_GS_BASE   0xC0000101
#define UNMAPPED      0x0000700000000000ULL   /* canonical, never mapped */
#define PROGRAM_VIRT  0xFFFF800000000000ULL
#define STACK_BOTTOM  0x4000   /* in a core's slot: guard, 8 KiB exception stack, guard (kernel/vm.c) */
#define SLOT_SIZE     0x14000  /* and the 64 KiB stack; the slots in core order */
#define WAIT_US       20000000

static volatile char mode[] = "CBFAULT-MODE:X";   /* the host patches the X */

/* Outside .bss: crt0 clears .bss, and a stray call of the entry would run it again. */
#define KEPT __attribute__((section(".data")))
KEPT volatile uint64_t runs, a_calls, b_calls, stray;
KEPT volatile uint64_t bad_self = UNMAPPED;   /* what a GS base aimed here reads as %gs:0 */
void cb_a(void), cb_b(void);                  /* pads.S */

static uint64_t bsp, ap;

static uint64_t now_us(void)
{
	return b_system(TIMECOUNTER, 0, 0) * 1000000 / b_system(TIMECOUNTER_HZ, 0, 0);
}

/* Waits up to us for cond() to hold; returns whether it did. */
static int wait_until(int (*cond)(void), uint64_t us)
{
	uint64_t t0 = now_us();
	while (!cond())
		if (now_us() - t0 > us)
			return 0;
	return 1;
}

static void divide_by_zero(void)
{
	uint64_t q = 1, r = 0, zero = 0;
	__asm__ volatile("divq %2" : "+a"(q), "+d"(r) : "r"(zero));
}

static void set_gs_base(uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(MSR_GS_BASE), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

/* ---- T: torn callback pointers ----------------------------------------------------- */
static volatile uint64_t ticks;
static void tick(void) { ticks++; }

/* CALLBACK_TIMER restarts the timer on every call, and QEMU (TCG) delivers a period
 * under about 20 us at some 500 Hz: ticks seldom come while it is switched. So the
 * second half switches CALLBACK_NETWORK, which leaves a running timer alone, under a
 * 50 us timer (QEMU's fastest) with a frame waiting: every tick calls it, until it ran
 * NET_CALLS times. */
static void mode_torn(void)
{
	uint64_t t0 = now_us(), refused = 0;

	for (uint64_t i = 0; i < SWITCHES; i++)
		refused += b_system(CALLBACK_TIMER, i & 1 ? (uint64_t)cb_b : (uint64_t)cb_a, 1) != 0;
	for (uint64_t i = 0; i < SWITCHES; i++)
		refused += b_system(CALLBACK_TIMER, i & 1 ? 0 : (uint64_t)cb_a, 1) != 0;
	b_system(CALLBACK_TIMER, 0, 0);
	uint64_t timer_calls = a_calls + b_calls;
	tap_diag("timer_switch_ms", (now_us() - t0) / 1000);
	tap_diag("timer_calls", timer_calls);
	tap_diag("timer_stray", stray);

	/* a frame from net0 waits on net1 (one QEMU hub): CALLBACK_NETWORK runs every tick */
	uint8_t frame[60] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 2, 0, 0, 0, 0, 1, 0x88, 0xB5 };
	b_net_tx(frame, sizeof(frame), 0);
	b_system(DELAY, 50000, 0);
	refused += b_system(CALLBACK_TIMER, (uint64_t)tick, 50) != 0;
	t0 = now_us();
	uint64_t i = 0;
	for (; i < SWITCHES || (a_calls + b_calls - timer_calls < NET_CALLS &&
				now_us() - t0 < WAIT_US); i++)
		refused += b_system(CALLBACK_NETWORK, i & 1 ? (uint64_t)cb_b : (uint64_t)cb_a, 0) != 0;
	b_system(CALLBACK_NETWORK, 0, 0);
	b_system(CALLBACK_TIMER, 0, 0);
	uint64_t net_calls = a_calls + b_calls - timer_calls;
	tap_diag("net_switch_ms", (now_us() - t0) / 1000);
	tap_diag("net_switches", i);
	tap_diag("net_ticks", ticks);
	tap_diag("net_calls", net_calls);
	tap_diag("stray", stray);
	tap_ok(!refused, "every callback registration accepted");
	tap_ok(net_calls >= NET_CALLS, "CALLBACK_NETWORK ran on 2,000 ticks while switched");
	tap_ok(stray == 0, "no tick called a mix of the two callbacks' addresses");
}

/* ---- F: a faulting timer callback -------------------------------------------------- */
struct round {
	uint64_t registered, loop_done, faults, ticks;
};
static volatile struct round rounds[2];   /* [0] the BSP, [1] the AP */
static volatile uint64_t fault_calls, good_ticks, ap_done;

static void cb_fault(void)
{
	fault_calls++;
	*(volatile uint64_t *)UNMAPPED = 1;   /* #PF */
}

static void cb_good(void) { good_ticks++; }
static int faulted(void) { return fault_calls != 0; }
static int ticked(void) { return good_ticks >= 3; }

static void callback_round(volatile struct round *r)
{
	fault_calls = good_ticks = 0;
	r->registered = b_system(CALLBACK_TIMER, (uint64_t)cb_fault, 1000) == 0;
	/* the loop the faulting tick interrupts, and 20 ms more of it */
	wait_until(faulted, WAIT_US);
	b_system(DELAY, 20000, 0);
	r->loop_done = 1;
	r->registered &= b_system(CALLBACK_TIMER, (uint64_t)cb_good, 1000) == 0;
	wait_until(ticked, 2000000);
	b_system(CALLBACK_TIMER, 0, 0);
	r->faults = fault_calls;
	r->ticks = good_ticks;
}

static void ap_round(void)
{
	callback_round(&rounds[1]);
	ap_done = 1;
}

static int ap_finished(void) { return ap_done != 0; }

static void report_round(const char *core, volatile struct round *r)
{
	tap_puts("# ");
	tap_puts(core);
	tap_puts(":\n");
	tap_ok(r->loop_done, "the loop a faulting callback interrupted finished");
	tap_ok(r->faults == 1, "the faulting callback ran once: dropped after its fault");
	tap_ok(r->registered, "CALLBACK_TIMER accepted both callbacks");
	tap_ok(r->ticks >= 3, "the next callback gets ticks");
}

static void mode_fault(void)
{
	/* no output before both rounds are done: it would land inside a crash report */
	int set = b_system(SMP_SET, (uint64_t)ap_round, ap) != 0;
	wait_until(ap_finished, WAIT_US);
	callback_round(&rounds[0]);
	tap_ok(set, "SMP_SET starts the AP's round");
	report_round("AP, under SMP_SET code", &rounds[1]);
	report_round("BSP, under the program", &rounds[0]);
	tap_diag("ap_ticks", rounds[1].ticks);
	tap_diag("bsp_ticks", rounds[0].ticks);
}

/* ---- G: faults with a corrupted GS base -------------------------------------------- */
static volatile uint64_t bsp_idle, bsp_set, bsp_ran, ap_idle, ap_set, ap_alive;

static int others_idle(void) { return !b_system(SMP_BUSY, 0, 0); }
static int ap_is_alive(void) { return ap_alive != 0; }
static void g_ap_alive(void) { ap_alive = 1; }

static void g_bsp_step(void)   /* SMP_SET code on the BSP, after its program was dropped */
{
	bsp_ran = 1;
	ap_idle = wait_until(others_idle, WAIT_US);
	ap_set = b_system(SMP_SET, (uint64_t)g_ap_alive, ap) != 0;
	wait_until(ap_is_alive, WAIT_US);
	tap_ok(bsp_idle, "BSP: its program was abandoned after the report");
	tap_ok(bsp_set && bsp_ran, "BSP: SMP_SET code runs on it afterwards");
	tap_ok(ap_idle, "AP: its SMP_SET code was abandoned after the report");
	tap_ok(ap_set && ap_alive, "AP: SMP_SET code runs on it afterwards");
	tap_exit();
}

static void g_ap_step(void)
{
	bsp_idle = wait_until(others_idle, WAIT_US);
	bsp_set = b_system(SMP_SET, (uint64_t)g_bsp_step, bsp) != 0;
	tap_puts("# AP: GS base unmapped, then #DE\n");
	set_gs_base(UNMAPPED);
	divide_by_zero();
}

static void mode_gs(void)
{
	tap_ok(b_system(SMP_SET, (uint64_t)g_ap_step, ap) != 0, "SMP_SET on the AP");
	tap_puts("# BSP: GS base at a record whose self pointer is unmapped, then #UD\n");
	set_gs_base((uint64_t)&bad_self);
	__asm__ volatile("ud2");
}

/* ---- N: a fault inside the crash report --------------------------------------------- */
static volatile uint64_t n_go;
static int n_started(void) { return n_go != 0; }

static void n_ap_step(void)
{
	wait_until(n_started, WAIT_US);
	b_system(DELAY, 200000, 0);   /* while the BSP reports, or after: its report waits */
	divide_by_zero();
}

static void mode_nested(void)
{
	uint64_t bottom = guest_slots_base(b_system(FREE_MEMORY, 0, 0)) + STACK_BOTTOM, rsp;
	__asm__ volatile("mov %%rsp, %0" : "=r"(rsp));
	tap_ok(rsp > bottom && rsp <= bottom + 0x10000, "the program runs on the BSP's stack");
	tap_ok(b_system(SMP_SET, (uint64_t)n_ap_step, ap) != 0, "SMP_SET on the AP");
	tap_puts("# BSP: #UD 384 bytes above its stack's guard page\n");
	n_go = 1;
	__asm__ volatile("mov %0, %%rsp\n\tud2" : : "r"(bottom + 384));
}

/* ---- C: a fault inside a console write --------------------------------------------- */
static volatile uint64_t c_rsp;
static const char c_line[] = "# AP: a line written near the stack's end\n";

static void c_ap_step(void)
{
	__asm__ volatile("cli\n\t"   /* an interrupt this deep would fault in its entry */
			 "mov %%rsp, %%rbx\n\t"
			 "mov %0, %%rsp\n\t"
			 "mov $0x100018, %%rax\n\t"
			 "call *(%%rax)\n\t"
			 "mov %%rbx, %%rsp\n\t"
			 "sti"
			 : : "r"(c_rsp), "S"(c_line), "c"(sizeof(c_line) - 1) : "rax", "rbx", "memory");
}

static void mode_console(void)
{
	uint64_t bottom = guest_slots_base(b_system(FREE_MEMORY, 0, 0)) + SLOT_SIZE * ap +
			  STACK_BOTTOM;
	uint64_t set = 0;
	for (uint64_t d = 8; d <= 1024; d += 8) {
		c_rsp = bottom + d;
		set += b_system(SMP_SET, (uint64_t)c_ap_step, ap) != 0;
		wait_until(others_idle, WAIT_US);
	}
	tap_ok(set == 128, "SMP_SET ran the write 128 times, RSP 8 to 1024 bytes above the guard");
}

/* ---- I, J: a fault in an interrupt's entry or handler -------------------------------- */
static volatile uint64_t i_ticks, i_low, i_target = 3;
static void i_tick(void) { i_ticks++; }
static int i_ticking(void) { return i_ticks >= i_target; }
static int i_spinning(void) { return i_low && !b_system(SMP_BUSY, 0, 0); }

static void i_ap_step(void)
{
	uint64_t low = guest_slots_base(b_system(FREE_MEMORY, 0, 0)) + SLOT_SIZE * ap +
		       STACK_BOTTOM + 16;
	if (b_system(CALLBACK_TIMER, (uint64_t)i_tick, 1000) || !wait_until(i_ticking, WAIT_US))
		return;
	i_low = 1;
	if (mode[sizeof(mode) - 2] == 'J') {
		set_gs_base(UNMAPPED);   /* the next tick's handler reads %gs:0: #PF */
		__asm__ volatile("mov %%rsp, %0" : "=r"(low));   /* the stack as it is */
	}
	/* I: the 40-byte frame of the next tick crosses into the guard page */
	__asm__ volatile("mov %0, %%rsp\n\t"
			 "sti\n"
			 "1:\tjmp 1b" : : "r"(low));
}

static void mode_irq_entry(void)
{
	tap_ok(b_system(SMP_SET, (uint64_t)i_ap_step, ap) != 0, "SMP_SET on the AP");
	/* no output until the AP's report is over: it waits for the console */
	int abandoned = wait_until(i_spinning, WAIT_US);
	uint64_t before = i_ticks;
	i_target = before + 3;
	wait_until(i_ticking, 2000000);
	uint64_t after = i_ticks;
	tap_diag("ticks_before", before);
	tap_diag("ticks_after", after);
	tap_ok(abandoned, "the AP's code was abandoned after the fault in the tick");
	tap_ok(after >= before + 3, "the AP's CALLBACK_TIMER gets ticks afterwards");
}

int main(void)
{
	if (++runs != 1) {
		tap_ok(0, "the program's entry runs once (it ran again, from a tick)");
		tap_exit();
	}
	bsp = b_system(SMP_ID, 0, 0);
	ap = bsp ? 0 : 1;   /* q35 numbers two cores 0 and 1 */
	tap_puts("TAP version 13\n");
	b_output((const char *)mode, sizeof(mode) - 1);
	tap_puts("\n");
	switch (mode[sizeof(mode) - 2]) {
	case 'T':
		mode_torn();
		break;
	case 'F':
		mode_fault();
		break;
	case 'G':
		mode_gs();
		break;
	case 'N':
		mode_nested();
		break;
	case 'C':
		mode_console();
		break;
	case 'I':
	case 'J':
		mode_irq_entry();
		break;
	default:
		tap_ok(0, "a mode the host patched in");
	}
	tap_exit();
}
