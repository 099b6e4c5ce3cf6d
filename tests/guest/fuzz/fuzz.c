// SPDX-License-Identifier: BSD-2-Clause
/* fuzz.c - the guest fuzz program (tests/system/test_fuzz.py runs it): fz_config.calls
 * hostile calls through every API entry and every b_system function, drawn from a
 * seeded PRNG, with valid reads, writes and frames among them; then every disk read
 * back, the network and SMP accounting, the kernel's own memory compared with what it
 * held before, and TAP on serial; the verdict leaves through isa-debug-exit. */
#include "fuzz.h"
#include "../tap.h"
#include "../mem.h"

/* The host patches this (after the magic) for each run. */
volatile struct fz_config fz_config __attribute__((used, aligned(8))) = {
	"BMC-FUZZ-CONFIG", 1, 100000, 64, 0, 0x1F, ~0ULL,
};

void rnd_seed(uint64_t seed);

/* Memory the kernel owns and no call may change: IDT, GDT, page tables, information
 * table, memory map, the kernel's header, API table and code (not its data). */
static const struct { uint64_t start, len; } owned[] = {
	{ 0x0, 0x1000 }, { 0x1000, 0x80 }, { 0x2000, 0x3000 }, { 0x5000, 0x800 },
	{ 0x6000, 0x1000 }, { 0x100000, 0x6000 },
};
#define NOWNED (sizeof(owned) / sizeof(owned[0]))

static uint64_t checksum(uint64_t start, uint64_t len)
{
	uint64_t h = 0;
	for (uint64_t i = 0; i < len; i += 8)
		h = mix(h ^ *(volatile uint64_t *)(start + i));
	return h;
}

/* Set in the image, cleared on entry: a second entry (a stray callback that jumped to
 * the program's first byte) finds it clear, even though crt0 clears .bss again. */
static volatile uint64_t first_entry = 0x600D;

static void one_call(void)
{
	unsigned r = (unsigned)rndn(1000);
	if (r < 190)
		nvs_read_call();
	else if (r < 380)
		nvs_write_call();
	else if (r < 700)
		sys_call();
	else if (r < 780)
		net_tx_call();
	else if (r < 840)
		net_rx_call();
	else if (r < 900) {
		/* b_output: unreadable, wrapping or over 1 GiB; rarely a few readable bytes */
		uint64_t n, p;
		int ok = 0;
		if (pct(3)) {
			p = in_ptr(8, &ok);
			n = ok ? rndn(9) : hostile_u64();
		} else {
			n = hostile_u64() | (pct(50) ? (1ULL << 30) + 1 : 0);
			p = pct(50) ? bad_ptr(n) : in_ptr(16, &ok);
			if (ok && n && n <= (1ULL << 30))
				n |= 1ULL << 40;
		}
		api(SLOT_OUTPUT, 0, 1, rnd(), n, rnd(), p, rnd());
	} else if (r < 950) {
		api(SLOT_INPUT, R(RAX), 1, rnd(), rnd(), rnd(), rnd(), rnd());
		if ((fz_out[RAX] & ~0xFFULL) != (fz_in[RAX] & ~0xFFULL))
			bad("b_input changed RAX above AL");
		if (fz_out[RAX] & 0xFF)
			bad("b_input returned a key nobody typed");
	} else if (r < 970) {
		api(SLOT_USER, 0, 1, rnd(), rnd(), rnd(), rnd(), rnd());
	} else {
		nvs_valid_read();
	}
}

int main(void)
{
	if (first_entry != 0x600D) {
		tap_puts("\nnot ok - the program was entered a second time\n");
		tap_failed++;
		tap_exit();
	}
	first_entry = 0;
	tap_puts("TAP version 13\n");
	rnd_seed(fz_config.seed);
	env_init();
	nvs_init();
	tap_diag("seed", fz_config.seed);
	tap_diag("calls", fz_config.calls);
	tap_diag("writes", fz_config.writes);
	tap_diag("flags", fz_config.flags);
	tap_diag("cores", env.cores);
	tap_diag("aps", env.naps);
	tap_diag("drives", env.ndrives);
	tap_diag("ifaces", env.nifaces);
	if (env.free < 2 * PM_NEEDED) {
		tap_ok(0, "program memory holds the fuzz's buffers");
		tap_exit();
	}
	uint64_t sums[NOWNED];
	for (unsigned i = 0; i < NOWNED; i++)
		sums[i] = checksum(owned[i].start, owned[i].len);

	tap_puts("# fuzz start\n");
	uint64_t next_report = 10000;
	while (hostile_calls < fz_config.calls) {
		nvs_valid_write_maybe();
		one_call();
		if (hostile_calls >= next_report) {
			tap_puts("\n# progress ");
			tap_putu(hostile_calls);
			tap_puts("\n");
			next_report += 10000;
		}
	}
	tap_puts("\n# fuzz end\n");
	uint64_t fuzz_fails = fails;

	nvs_finish();
	uint64_t disk_fails = fails - fuzz_fails;
	net_finish();
	uint64_t net_fails = fails - fuzz_fails - disk_fails;
	sys_finish();
	uint64_t smp_fails = fails - fuzz_fails - disk_fails - net_fails;

	int changed = 0;
	for (unsigned i = 0; i < NOWNED; i++) {
		if (checksum(owned[i].start, owned[i].len) != sums[i]) {
			tap_puts("# kernel memory changed at ");
			tap_puthex(owned[i].start);
			tap_puts("\n");
			changed = 1;
		}
	}
	int every = entry_calls[0] && entry_calls[1] && entry_calls[2] && entry_calls[3] &&
		    entry_calls[4] && entry_calls[5] && entry_calls[6] && entry_calls[7];
	for (unsigned fn = 0; fn < 256; fn++)
		if (!sys_calls[fn] && (fn < RESET || fn > SHUTDOWN))
			every = 0;

	tap_diag("hostile_calls", hostile_calls);
	tap_diag("total_calls", total_calls);
	tap_diag("failed_checks", fails);
	tap_ok(hostile_calls >= fz_config.calls, "the hostile calls were made");
	tap_ok(every, "every API entry and every b_system number but 0x7D-0x7F was called");
	tap_ok(fuzz_fails == 0, "every call returned what it documents and kept its registers");
	tap_ok(disk_fails == 0, "every drive reads back what the valid writes wrote");
	tap_ok(net_fails == 0, "NET_STATS accounts for every call and every frame");
	tap_ok(smp_fails == 0, "SMP_SET, tasks, parallel-for and callbacks ran as accepted and still work");
	tap_ok(!changed, "the kernel's tables and code are unchanged");
	tap_exit();
}
