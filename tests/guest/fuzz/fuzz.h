/* SPDX-License-Identifier: BSD-2-Clause */
/* fuzz.h - the guest fuzz program's shared state: the host-patched configuration, the
 * PRNG, the register-level call (call.S) and what each part of the program counts.
 * tests/system/test_fuzz.py documents the protocol with the host. */
#ifndef FUZZ_H
#define FUZZ_H

#include <stdint.h>
#include "baremetal.h"

/* Classes of hostile calls the host switches on in fz_config.flags (test_fuzz.py runs
 * 0x3F). Without a class its pointers still appear, but only in calls some other
 * argument already makes fail. */
#define FZ_KWRITE    0x01  /* kernel memory as the output of a call that would otherwise succeed */
#define FZ_KSTACK    0x02  /* another core's stack, an exception stack, a stack's identity alias */
#define FZ_KCODE     0x04  /* code addresses outside the program's regions */
#define FZ_CALLBACKS 0x08  /* valid callbacks switched on and off at random */
#define FZ_CBFAST    0x10  /* ... CALLBACK_TIMER among them with a 1 us period (run at 50) */
#define FZ_APSTACK   0x20  /* the live top of another core's stack as an output */

/* Patched by the host (test_fuzz.py finds the magic); the defaults are for make run. */
struct fz_config {
	char magic[16];
	uint64_t seed, calls, writes, rx_frames, flags, trace_from;
};
extern volatile struct fz_config fz_config;

/* fz_call: every register loaded from fz_in, every register after the call in fz_out,
 * RFLAGS after it in fz_rflags; the stack pointer lowered by fz_skew (0 or 8) first. */
enum { RAX, RBX, RCX, RDX, RSI, RDI, RBP, R8, R9, R10, R11, R12, R13, R14, R15, NREGS };
extern uint64_t fz_in[NREGS], fz_out[NREGS], fz_rflags, fz_skew;
void fz_call(uint64_t slot);
/* STDOUT_SET target: counts calls and bytes, changes no register. */
void fz_out_hook(void);
extern volatile uint64_t hook_calls, hook_bytes;

#define SLOT_INPUT  0x100010ULL
#define SLOT_OUTPUT 0x100018ULL
#define SLOT_NET_TX 0x100020ULL
#define SLOT_NET_RX 0x100028ULL
#define SLOT_READ   0x100030ULL
#define SLOT_WRITE  0x100038ULL
#define SLOT_SYSTEM 0x100040ULL
#define SLOT_USER   0x100048ULL

#define R(x) (1u << (x))

/* Makes one call with every register random but the given arguments; checks the
 * registers that are not outputs, IF and DF. hostile: counted as a hostile call. */
void api(uint64_t slot, uint32_t outputs, int hostile, uint64_t rax, uint64_t rcx,
	 uint64_t rdx, uint64_t rsi, uint64_t rdi);
uint64_t sys(int hostile, uint64_t fn, uint64_t a1, uint64_t a2);   /* RAX out */
void bad(const char *why);                                          /* a failed check */
void say(const char *s);
void sayu(uint64_t v);
void sayx(uint64_t v);

/* PRNG: splitmix64 (Steele, Lea, Flood 2014); mix() is its output function. */
uint64_t mix(uint64_t z);
uint64_t rnd(void);
static inline uint64_t rndn(uint64_t n) { return n ? rnd() % n : 0; }
static inline int pct(unsigned p) { return rndn(100) < p; }
uint64_t pick(const uint64_t *v, unsigned n);
#define PICK(a) pick(a, sizeof(a) / sizeof((a)[0]))

#define SECTOR      4096ULL
#define MAX_DRIVES  4
#define MAX_SECTORS 65536ULL
#define PM          0xFFFF800000000000ULL   /* program memory */
/* Program memory layout (the program needs 16 MiB of it). */
#define PM_SHADOW   (PM + 0x000000)   /* per drive, per sector: the write that last hit it */
#define PM_WRITE    (PM + 0x100000)   /* 4 MiB + slack: valid writes' data */
#define PM_READ     (PM + 0x600000)   /* 4 MiB + slack: reads */
#define PM_TX       (PM + 0xB00000)   /* tagged frames */
#define PM_MISC     (PM + 0xC00000)   /* structures handed to b_system */
#define PM_NEEDED   0x1000000ULL

/* What the program learnt about the machine before fuzzing. */
struct env {
	uint64_t free, id_end, ram_end, program_mem;
	uint64_t cores, bsp, aps[8], naps;
	uint64_t free_end;                /* PM + FREE_MEMORY (rounded down to a MiB) */
	uint64_t stacks;                  /* the per-core stack slots: the next unmapped page */
	uint64_t slot_size, stack_alias;  /* physical address of the stacks, 0 if unknown */
	uint64_t ndrives, sectors[MAX_DRIVES];
	uint64_t hz, mac, stdout, console, present, screen[5];
	uint64_t nifaces;
};
extern struct env env;
extern uint64_t hostile_calls, total_calls, fails;
extern uint64_t entry_calls[8], sys_calls[256];

/* Pointers by what the kernel may do with them. */
enum kind { K_OK, K_BAD, K_KERNEL, K_KSTACK, K_APSTACK, K_VOID };
uint64_t out_ptr(uint64_t len, enum kind *k, uint64_t ok_base, uint64_t ok_size);
uint64_t in_ptr(uint64_t len, int *ok);
uint64_t code_ptr(uint64_t good, int *ok, int *kernel);
uint64_t bad_ptr(uint64_t len);
uint64_t hostile_u64(void);
int class_on(uint64_t flag);
void env_init(void);

/* The parts of the fuzz loop. */
void nvs_init(void);
void nvs_read_call(void);
void nvs_write_call(void);
void nvs_valid_read(void);
void nvs_valid_write_maybe(void);
void nvs_finish(void);
void net_tx_call(void);
void net_rx_call(void);
void net_finish(void);
void sys_call(void);
void sys_finish(void);
uint64_t net_tx_calls0(void);
uint64_t net_rx_got(void);

#endif
