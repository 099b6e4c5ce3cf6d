// SPDX-License-Identifier: BSD-2-Clause
/* systest.c - guest checks of the boot foundation: b_output, the b_system calls the
 * boot issue names, program memory at 0xFFFF800000000000, and register preservation
 * across API calls. TAP on serial; the host compares the "# key=value" lines with the
 * QEMU configuration (tests/system/test_boot.py). */
#include "baremetal.h"
#include "../tap.h"

enum { RAX, RBX, RCX, RDX, RSI, RDI, RBP, R8, R9, R10, R11, R12, R13, R14, R15, NREGS };
extern uint64_t regs_before[NREGS], regs_after[NREGS];
void regs_call(uint64_t slot);

static const char probe[] = "# register probe\n";
static volatile uint64_t lock_word;
static void noop_task(uint64_t arg) { (void)arg; }
static void noop_index(uint64_t i, void *arg) { (void)i; (void)arg; }

/* Every b_system function that returns, with harmless arguments: only RAX may change. */
struct call {
	uint64_t fn, rax, rdx;
	const char *name;
};

/* Calls the API slot with distinctive values; returns a mask of registers that changed
 * other than those in `outputs`. */
static uint32_t changed_regs(uint64_t slot, uint64_t rax, uint64_t rcx, uint64_t rdx,
			     uint64_t rsi, uint64_t rdi, uint32_t outputs)
{
	for (int i = 0; i < NREGS; i++)
		regs_before[i] = 0x5A5A000000000000ULL | (uint64_t)(i + 1) << 8 | (uint64_t)(i + 1);
	regs_before[RAX] = rax;
	regs_before[RCX] = rcx;
	regs_before[RDX] = rdx;
	regs_before[RSI] = rsi;
	regs_before[RDI] = rdi;
	regs_call(slot);
	uint32_t mask = 0;
	for (int i = 0; i < NREGS; i++)
		if (!(outputs & (1u << i)) && regs_after[i] != regs_before[i])
			mask |= 1u << i;
	return mask;
}

int main(void)
{
	tap_puts("TAP version 13\n");
	tap_ok(1, "b_output prints");

	uint64_t cores = b_system(SMP_NUMCORES, 0, 0);
	tap_diag("cores", cores);
	tap_ok(cores >= 1 && cores <= 256, "SMP_NUMCORES in 1..256");

	uint64_t free_mib = b_system(FREE_MEMORY, 0, 0);
	tap_diag("free_mib", free_mib);
	tap_ok(free_mib >= 16, "FREE_MEMORY reports program memory");

	/* The whole of it must be mapped and writable: first and last qword. */
	volatile uint64_t *first = (volatile uint64_t *)0xFFFF800000000000ULL;
	volatile uint64_t *last = (volatile uint64_t *)(0xFFFF800000000000ULL + (free_mib << 20) - 8);
	*first = 0x0123456789ABCDEFULL;
	*last = 0xFEDCBA9876543210ULL;
	tap_ok(*first == 0x0123456789ABCDEFULL && *last == 0xFEDCBA9876543210ULL,
	       "program memory is mapped from its first to its last byte");

	uint64_t t0 = b_system(TIMECOUNTER, 0, 0);
	b_system(DELAY, 2000, 0);
	uint64_t t1 = b_system(TIMECOUNTER, 0, 0);
	tap_diag("timecounter_delta", t1 - t0);
	tap_ok(t1 > t0, "TIMECOUNTER advances across DELAY(2000)");

	uint64_t c0 = b_system(TSC, 0, 0), c1 = b_system(TSC, 0, 0);
	tap_ok(c1 > c0, "TSC advances");

	tap_diag("smp_id", b_system(SMP_ID, 0, 0));
	uint64_t out = b_system(STDOUT_GET, 0, 0);
	tap_ok(out >= 0x100000 && out < 0x1E0000, "STDOUT_GET gives the kernel's b_output");

	uint64_t cons = b_system(CONSOLE_GET, 0, 0);
	tap_ok(cons & B_CONSOLE_SERIAL, "CONSOLE_GET: COM1 is on");
	tap_ok(b_system(CONSOLE_SET, 0xF0 | B_CONSOLE_SERIAL, 0) == B_CONSOLE_SERIAL,
	       "CONSOLE_SET keeps only outputs that exist");
	tap_ok(b_system(CONSOLE_SET, cons, 0) == cons && b_system(CONSOLE_GET, 0, 0) == cons,
	       "CONSOLE_SET restores the outputs");

	tap_ok(b_nvs_read((void *)0x300000, 0, 1, 99) == 0, "b_nvs_read on a missing drive does nothing");

	/* Register conventions: what each call may change, nothing else. */
	tap_ok(changed_regs(0x100018, 1, sizeof(probe) - 1, 2, (uint64_t)probe, 3, 0) == 0,
	       "b_output preserves every register");
	tap_ok(changed_regs(0x100040, 0, SMP_NUMCORES, 7, 4, 5, 1u << RAX) == 0 &&
	       regs_after[RAX] == cores, "b_system SMP_NUMCORES: only RAX changes");
	tap_ok(changed_regs(0x100040, 0, TIMECOUNTER, 7, 4, 5, 1u << RAX) == 0,
	       "b_system TIMECOUNTER: only RAX changes");
	tap_ok(changed_regs(0x100040, 0x77, 0x7C, 7, 4, 5, 0) == 0,
	       "b_system with an unknown function changes nothing");
	tap_ok(changed_regs(0x100010, 0x1122334455667700ULL, 1, 2, 3, 4, 1u << RAX) == 0 &&
	       (regs_after[RAX] & ~0xFFULL) == 0x1122334455667700ULL,
	       "b_input: only AL changes");
	tap_ok(changed_regs(0x100030, 0, 1, 99, 4, 0x300000, 1u << RCX) == 0 && regs_after[RCX] == 0,
	       "b_nvs_read: only RCX changes");
	tap_ok(changed_regs(0x100038, 0, 1, 99, 0x300000, 5, 1u << RCX) == 0 && regs_after[RCX] == 0,
	       "b_nvs_write: only RCX changes");
	tap_ok(changed_regs(0x100020, 0, 60, 99, 0x300000, 5, 0) == 0,
	       "b_net_tx preserves every register");
	tap_ok(changed_regs(0x100028, 0, 1, 99, 4, 5, (1u << RCX) | (1u << RDI)) == 0 &&
	       regs_after[RCX] == 0, "b_net_rx: only RCX and RDI change");
	tap_ok(changed_regs(0x100048, 1, 2, 3, 4, 5, 0) == 0, "b_user preserves every register");

	static struct b_range range = { noop_index, 0, 0, 64 };
	uint64_t out_now = b_system(STDOUT_GET, 0, 0);
	const struct call calls[] = {
		{ TIMECOUNTER, 0, 0, "TIMECOUNTER" }, { FREE_MEMORY, 0, 0, "FREE_MEMORY" },
		{ GET_MOUSE, 0, 0, "GET_MOUSE" }, { TIMECOUNTER_HZ, 0, 0, "TIMECOUNTER_HZ" },
		{ SMP_ID, 0, 0, "SMP_ID" }, { SMP_NUMCORES, 0, 0, "SMP_NUMCORES" },
		{ SMP_SET, (uint64_t)noop_task, 999, "SMP_SET" }, { SMP_GET, 0, 0, "SMP_GET" },
		{ SMP_LOCK, (uint64_t)&lock_word, 0, "SMP_LOCK" },
		{ SMP_UNLOCK, (uint64_t)&lock_word, 0, "SMP_UNLOCK" }, { SMP_BUSY, 0, 0, "SMP_BUSY" },
		{ SMP_TASK_PUSH, (uint64_t)noop_task, 7, "SMP_TASK_PUSH" },
		{ SMP_TASK_WAIT, 0, 0, "SMP_TASK_WAIT" },
		{ SMP_PARALLEL_FOR, (uint64_t)&range, 0, "SMP_PARALLEL_FOR" }, { TSC, 0, 0, "TSC" },
		{ SCREEN_LFB_GET, 0, 0, "SCREEN_LFB_GET" }, { SCREEN_X_GET, 0, 0, "SCREEN_X_GET" },
		{ SCREEN_Y_GET, 0, 0, "SCREEN_Y_GET" }, { SCREEN_PPSL_GET, 0, 0, "SCREEN_PPSL_GET" },
		{ SCREEN_BPP_GET, 0, 0, "SCREEN_BPP_GET" }, { MAC_GET, 0, 0, "NET_STATUS" },
		{ NET_CONFIG, 0, 0, "NET_CONFIG" }, { BUS_READ, 0, 0, "BUS_READ" },
		{ BUS_WRITE, 0xFFFFFFFF, 0, "BUS_WRITE (read-only vendor ID)" },
		{ STDOUT_SET, out_now, 0, "STDOUT_SET" }, { STDOUT_GET, 0, 0, "STDOUT_GET" },
		{ CALLBACK_TIMER, 0, 0, "CALLBACK_TIMER (off)" },
		{ CALLBACK_NETWORK, 0, 0, "CALLBACK_NETWORK" },
		{ CALLBACK_KEYBOARD, 0, 0, "CALLBACK_KEYBOARD" },
		{ CONSOLE_GET, 0, 0, "CONSOLE_GET" }, { CALLBACK_MOUSE, 0, 0, "CALLBACK_MOUSE" },
		{ DUMP_MEM, (uint64_t)probe, 16, "DUMP_MEM" }, { DUMP_RAX, 0x1234, 0, "DUMP_RAX" },
		{ DELAY, 10, 0, "DELAY" },
	};
	uint32_t bad = 0;
	for (unsigned i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		if (changed_regs(0x100040, calls[i].rax, calls[i].fn, calls[i].rdx, 4, 5, 1u << RAX)) {
			bad++;
			tap_puts("# changed registers: b_system ");
			tap_puts(calls[i].name);
			tap_puts("\n");
		}
	}
	tap_puts("\n");
	tap_diag("system_calls_checked", sizeof(calls) / sizeof(calls[0]));
	tap_ok(bad == 0, "every b_system call that returns changes RAX only");

	tap_exit();
}
