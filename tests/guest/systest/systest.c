// SPDX-License-Identifier: BSD-2-Clause
/* systest.c - guest checks of the boot foundation: b_output, the b_system calls the
 * boot issue names, program memory at 0xFFFF800000000000, register preservation across
 * API calls and the flags b_input, b_net_rx and b_system return. TAP on serial; the host
 * compares the "# key=value" lines with the QEMU configuration (tests/system/test_boot.py).
 * The host patches the mode letter of SYSTEST-MODE:X: K also reads three keys typed into
 * COM1 ('k', CR, 0x86) and checks b_input's flags with a key (test_input.py). */
#include "baremetal.h"
#include "../tap.h"

enum { RAX, RBX, RCX, RDX, RSI, RDI, RBP, R8, R9, R10, R11, R12, R13, R14, R15, NREGS,
       RFLAGS = NREGS };
extern uint64_t regs_before[NREGS + 1], regs_after[NREGS + 1];
void regs_call(uint64_t slot);

static volatile char mode[] = "SYSTEST-MODE:X";

#define F_CF 0x001
#define F_PF 0x004
#define F_ZF 0x040
#define F_SF 0x080
#define F_IF 0x200
#define F_DF 0x400
#define F_OF 0x800
#define F_TEST (F_CF | F_ZF | F_SF | F_OF)   /* what a TEST instruction sets */

/* The flags the next regs_call starts with: IF stays on, the others all set or clear. */
static uint64_t flags_in = F_IF;

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
	regs_before[RFLAGS] = flags_in;
	regs_call(slot);
	uint32_t mask = 0;
	for (int i = 0; i < NREGS; i++)
		if (!(outputs & (1u << i)) && regs_after[i] != regs_before[i])
			mask |= 1u << i;
	if ((regs_after[RFLAGS] & (F_IF | F_DF)) != F_IF)
		mask |= 1u << RFLAGS;   /* interrupts must stay on, DF clear */
	return mask;
}

/* The last call returned the flags of TEST on the low `bits` of register r, as
 * BareMetal's code leaves them: ZF=1 when 0, SF the top bit, CF=OF=0. */
static int test_flags(int r, int bits)
{
	uint64_t v = regs_after[r] & (bits == 64 ? ~0ULL : (1ULL << bits) - 1);
	uint64_t want = (v ? 0 : F_ZF) | (v >> (bits - 1) ? F_SF : 0);
	return (regs_after[RFLAGS] & F_TEST) == want;
}

/* The same call with every arithmetic flag set, then clear: unchanged registers other
 * than `outputs`, and TEST's flags of register r each time. */
static int call_flags(uint64_t slot, uint64_t rax, uint64_t rcx, uint64_t rdx, uint64_t rsi,
		      uint64_t rdi, uint32_t outputs, int r, int bits)
{
	int ok = 1;
	for (int pass = 0; pass < 2; pass++) {
		flags_in = F_IF | (pass ? 0 : F_TEST | F_PF);
		ok &= changed_regs(slot, rax, rcx, rdx, rsi, rdi, outputs) == 0 && test_flags(r, bits);
	}
	flags_in = F_IF;
	return ok;
}

/* Mode K: a key typed on COM1 comes back with ZF=0 (BareMetal's Monitor does
 * `call [b_input]` then `jz`), SF its bit 7. */
static void key_flags(void)
{
	static const uint8_t want[] = { 'k', 0x1C, 0x86 };
	uint64_t hz = b_system(TIMECOUNTER_HZ, 0, 0), t0 = b_system(TIMECOUNTER, 0, 0);
	unsigned got = 0, good = 0;

	tap_puts("# press keys\n");
	for (int pass = 0; got < sizeof(want) && b_system(TIMECOUNTER, 0, 0) - t0 < 60 * hz; pass ^= 1) {
		flags_in = F_IF | (pass ? 0 : F_TEST | F_PF);
		if (changed_regs(0x100010, 0, 1, 2, 3, 4, 1u << RAX) || !(uint8_t)regs_after[RAX])
			continue;
		good += (uint8_t)regs_after[RAX] == want[got] && test_flags(RAX, 8);
		got++;
	}
	flags_in = F_IF;
	tap_diag("keys_read", got);
	tap_ok(got == sizeof(want) && good == got, "b_input with a key: AL = key, ZF=0, SF = bit 7, CF=OF=0");
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

	/* Flags: TEST of the result, whatever the caller's flags were. */
	tap_ok(call_flags(0x100010, 0x1122334455667700ULL, 1, 2, 3, 4, 1u << RAX, RAX, 8),
	       "b_input without a key: flags of TEST AL (ZF=1)");
	tap_ok(call_flags(0x100028, 0, 1, 99, 4, 5, (1u << RCX) | (1u << RDI), RCX, 64),
	       "b_net_rx with nothing: flags of TEST RCX (ZF=1)");
	tap_ok(call_flags(0x100040, 0, SMP_NUMCORES, 7, 4, 5, 1u << RAX, RAX, 64),
	       "b_system SMP_NUMCORES: flags of TEST RAX (ZF=0)");
	tap_ok(call_flags(0x100040, 0, SMP_GET, 7, 4, 5, 1u << RAX, RAX, 64) && regs_after[RAX] == 0,
	       "b_system SMP_GET (0): flags of TEST RAX (ZF=1)");
	tap_ok(call_flags(0x100040, 0, SMP_TASK_PUSH, 7, 4, 5, 1u << RAX, RAX, 64) &&
	       regs_after[RAX] == (uint64_t)-22, "b_system SMP_TASK_PUSH(0) (-22): flags of TEST RAX (SF=1)");

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
		{ CONSOLE_GET, 0, 0, "CONSOLE_GET" }, { CONSOLE_DROPPED, 0, 0, "CONSOLE_DROPPED" },
		{ CALLBACK_MOUSE, 0, 0, "CALLBACK_MOUSE" },
		{ DUMP_MEM, (uint64_t)probe, 16, "DUMP_MEM" }, { DUMP_RAX, 0x1234, 0, "DUMP_RAX" },
		{ DELAY, 10, 0, "DELAY" },
		/* past api/abi.asm's table of function numbers: argument 1 back */
		{ 0x80, 0x55, 0, "0x80" }, { ~0ULL, 0x66, 0, "-1" },
	};
	uint32_t bad = 0, bad_flags = 0;
	for (int pass = 0; pass < 2; pass++) {
		for (unsigned i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
			flags_in = F_IF | (pass ? 0 : F_TEST | F_PF);
			if (changed_regs(0x100040, calls[i].rax, calls[i].fn, calls[i].rdx, 4, 5, 1u << RAX)) {
				bad++;
				tap_puts("# changed registers: b_system ");
				tap_puts(calls[i].name);
				tap_puts("\n");
			}
			if (!test_flags(RAX, 64)) {
				bad_flags++;
				tap_puts("# flags not those of TEST RAX: b_system ");
				tap_puts(calls[i].name);
				tap_puts("\n");
			}
		}
	}
	flags_in = F_IF;
	tap_puts("\n");
	tap_diag("system_calls_checked", sizeof(calls) / sizeof(calls[0]));
	tap_ok(bad == 0, "every b_system call that returns changes RAX only");
	tap_ok(bad_flags == 0, "every b_system call returns the flags of TEST RAX");

	if (mode[13] == 'K')
		key_flags();

	tap_exit();
}
