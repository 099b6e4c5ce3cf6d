// SPDX-License-Identifier: BSD-2-Clause
/* api.c - one checked API call: random values in every register the entry does not
 * take, the call through fz_call, then every register that is not an output compared,
 * IF still set, DF clear, and the flags of TEST on the result where the entry returns
 * them. A failed check prints the call (first 20 only). Also the
 * PRNG and the output helpers the other parts share. */
#include "fuzz.h"

#define RFLAGS_CF 0x001ULL
#define RFLAGS_ZF 0x040ULL
#define RFLAGS_SF 0x080ULL
#define RFLAGS_IF 0x200ULL
#define RFLAGS_OF 0x800ULL
#define RFLAGS_DF 0x400ULL
#define MAX_REPORTS 20

uint64_t hostile_calls, total_calls, fails;
uint64_t entry_calls[8], sys_calls[256];
static uint64_t state, last_slot;

uint64_t mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

uint64_t rnd(void)
{
	state += 0x9E3779B97F4A7C15ULL;
	return mix(state);
}

void rnd_seed(uint64_t seed);
void rnd_seed(uint64_t seed)
{
	state = seed;
}

uint64_t pick(const uint64_t *v, unsigned n)
{
	return v[rndn(n)];
}

static uint64_t len(const char *s)
{
	uint64_t n = 0;
	while (s[n])
		n++;
	return n;
}

void say(const char *s) { b_output(s, len(s)); }

void sayu(uint64_t v)
{
	char b[24];
	int i = 23;
	b[i] = 0;
	do {
		b[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	say(b + i);
}

void sayx(uint64_t v)
{
	char b[19] = "0x";
	for (int i = 0; i < 16; i++)
		b[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
	b[18] = 0;
	say(b);
}

static const char *const names[NREGS] = { "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15" };

/* "# bad <call index> <why>: slot in(rax rcx rdx rsi rdi) out(rax rcx rdi)": with the seed
 * enough to find the call again (fz_config.trace_from prints every call from there). */
void bad(const char *why)
{
	if (++fails > MAX_REPORTS)
		return;
	say("\n# bad call ");
	sayu(total_calls);
	say(" ");
	say(why);
	say(": slot ");
	sayx(last_slot);
	static const int in[] = { RAX, RCX, RDX, RSI, RDI }, out[] = { RAX, RCX, RDI };
	for (unsigned i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		say(" ");
		say(names[in[i]]);
		say("=");
		sayx(fz_in[in[i]]);
	}
	say(" ->");
	for (unsigned i = 0; i < sizeof(out) / sizeof(out[0]); i++) {
		say(" ");
		say(names[out[i]]);
		say("=");
		sayx(fz_out[out[i]]);
	}
	say("\n");
}

static void trace(void)
{
	say("# call ");
	sayu(total_calls);
	say(" slot ");
	sayx(last_slot);
	static const int in[] = { RAX, RCX, RDX, RSI, RDI };
	for (unsigned i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		say(" ");
		sayx(fz_in[in[i]]);
	}
	say("\n");
}

void api(uint64_t slot, uint32_t outputs, int hostile, uint64_t rax, uint64_t rcx,
	 uint64_t rdx, uint64_t rsi, uint64_t rdi)
{
	for (int i = 0; i < NREGS; i++)
		fz_in[i] = rnd();
	fz_in[RAX] = rax;
	fz_in[RCX] = rcx;
	fz_in[RDX] = rdx;
	fz_in[RSI] = rsi;
	fz_in[RDI] = rdi;
	fz_skew = rnd() & 8;
	last_slot = slot;
	total_calls++;
	hostile_calls += hostile != 0;
	entry_calls[(slot - SLOT_INPUT) / 8 & 7]++;
	if (total_calls >= fz_config.trace_from)
		trace();
	fz_call(slot);
	for (int i = 0; i < NREGS; i++) {
		if (!(outputs & R(i)) && fz_out[i] != fz_in[i]) {
			char why[32] = "changed ";
			for (int k = 0; names[i][k]; k++)
				why[8 + k] = names[i][k];
			bad(why);
		}
	}
	if (!(fz_rflags & RFLAGS_IF))
		bad("returned with interrupts off");
	if (fz_rflags & RFLAGS_DF)
		bad("returned with DF set");
	/* b_input, b_net_rx, b_system: the flags of TEST on AL, RCX, RAX (baremetal.h) */
	uint64_t v, top;
	if (slot == SLOT_INPUT)
		v = fz_out[RAX] & 0xFF, top = 0x80;
	else if (slot == SLOT_NET_RX)
		v = fz_out[RCX], top = 1ULL << 63;
	else if (slot == SLOT_SYSTEM)
		v = fz_out[RAX], top = 1ULL << 63;
	else
		return;
	if (!(fz_rflags & RFLAGS_ZF) != !!v || !(fz_rflags & RFLAGS_SF) != !(v & top) ||
	    (fz_rflags & (RFLAGS_CF | RFLAGS_OF)))
		bad("returned flags that are not TEST's on the result");
}

uint64_t sys(int hostile, uint64_t fn, uint64_t a1, uint64_t a2)
{
	sys_calls[fn & 0xFF]++;
	api(SLOT_SYSTEM, R(RAX), hostile, a1, fn, a2, rnd(), rnd());
	return fz_out[RAX];
}
