// SPDX-License-Identifier: BSD-2-Clause
/* ptrs.c - the pointer rule (README "Pointers"). Every API entry and b_system function
 * that writes or calls through a program's pointer is aimed at kernel memory, MMIO, holes,
 * guard pages and wrapping ranges: each call must do nothing and return its failure value,
 * the machine must live on, and the tables at 0x0-0x8000 and the kernel's image must stay
 * byte-identical. The same calls with the program's own pointers (payload area, program
 * memory, its stack, identity RAM above 4 MiB) still work, and the kernel still reads
 * from anywhere mapped. SMP_SET aimed at the BSP while the program runs is refused.
 * Needs drive 0, interface 0 and two cores (tests/system/test_abi.py). The host patches
 * the mode letter of PTRS-MODE:X: B stops after the SMP_SET checks. TAP on serial. */
#include "baremetal.h"
#include "../tap.h"
#include "../mem.h"

#define PROGRAM_VIRT  0xFFFF800000000000ULL
#define KERNEL_ADDR   0x100000ULL
#define INFO_KSIZE    0x50B4      /* information table: bytes of kernel.sys */
#define LOW_END       0x8000      /* IDT, GDT, page tables, info table, memory map, trampoline */
#define PAYLOAD_END   0x1F0000ULL
#define SECTOR        4096
/* Per-core slot at the top of program memory (README): guard, 8 KiB exception stack,
 * guard, 64 KiB stack. */
#define GUARD         4096ULL
#define IST_SIZE      8192ULL
#define SLOT          0x14000ULL  /* guard, exception stack, guard, 64 KiB stack */

static volatile char mode[] = "PTRS-MODE:X";
extern char __bss_end[];

static uint8_t bss_buf[SECTOR] __attribute__((aligned(64)));
static volatile uint8_t bss_lock;
static volatile uint64_t task_runs, ticks, ap_runs, pfor_sum, pm_code_runs;
static volatile uint64_t ap_bsp_result = 1, ap_bsp_done;
static uint64_t bsp_id;

/* STDOUT_SET's test routine: BareMetal's b_output convention (RSI, RCX; every register
 * preserved). */
extern volatile uint64_t out_bytes;
void my_out(void);
__asm__(".text\n.globl my_out\nmy_out:\n\taddq %rcx, out_bytes(%rip)\n\tret\n"
	".data\n.globl out_bytes\n.balign 8\nout_bytes: .quad 0\n.text\n");

static void task_fn(uint64_t arg) { __atomic_add_fetch(&task_runs, arg, __ATOMIC_SEQ_CST); }
static void tick_fn(void) { __atomic_add_fetch(&ticks, 1, __ATOMIC_SEQ_CST); }
static void noop(void) { }
static void ap_fn(void) { __atomic_add_fetch(&ap_runs, 1, __ATOMIC_SEQ_CST); }
static void ap_try_bsp(void)
{
	ap_bsp_result = b_system(SMP_SET, (uint64_t)noop, bsp_id);
	ap_bsp_done = 1;
}
static void pfor_fn(uint64_t i, void *arg)
{
	(void)arg;
	__atomic_add_fetch(&pfor_sum, i, __ATOMIC_SEQ_CST);
}

/* Straight to COM1, not through the kernel: between the snapshot and the comparison the
 * kernel's console state (in its image's .data) must not change. */
static void raw_puts(const char *s)
{
	for (; *s; s++) {
		uint8_t lsr;
		do
			__asm__ volatile("inb %1, %0" : "=a"(lsr) : "Nd"((uint16_t)0x3FD));
		while (!(lsr & 0x20));
		__asm__ volatile("outb %0, %1" : : "a"(*s), "Nd"((uint16_t)0x3F8));
	}
}

static uint64_t now_us(void)
{
	return b_system(TIMECOUNTER, 0, 0) * 1000000 / b_system(TIMECOUNTER_HZ, 0, 0);
}

static int wait_for(volatile uint64_t *v, uint64_t want, uint64_t us)
{
	uint64_t t0 = now_us();
	while (*v < want && now_us() - t0 < us)
		__asm__ volatile("pause");
	return *v >= want;
}

static int same(const void *a, const void *b, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		if (((const uint8_t *)a)[i] != ((const uint8_t *)b)[i])
			return 0;
	return 1;
}

/* First differing offset, or n. */
static uint64_t diff_at(const uint8_t *a, const uint8_t *b, uint64_t n)
{
	uint64_t i = 0;
	while (i < n && a[i] == b[i])
		i++;
	return i;
}

/* The physical address behind virt, from the page tables (4-level paging, 2 MiB and
 * 1 GiB pages too): the identity-mapped alias of program memory. */
static uint64_t virt_to_phys(uint64_t virt)
{
	uint64_t e;
	__asm__ volatile("mov %%cr3, %0" : "=r"(e));
	for (int level = 4; level >= 1; level--) {
		const uint64_t *t = (const uint64_t *)(e & 0x000FFFFFFFFFF000ULL);
		int shift = 12 + 9 * (level - 1);
		e = t[(virt >> shift) & 511];
		if (!(e & 1))
			return 0;
		if (level == 1 || (level <= 3 && (e & 0x80)))
			return (e & 0x000FFFFFFFFFF000ULL & ~((1ULL << shift) - 1)) |
			       (virt & ((1ULL << shift) - 1));
	}
	return 0;
}

struct target {
	uint64_t addr;
	const char *name;
	int byte_too;   /* a 1-byte write there is refused too (not a range that starts inside) */
};

static uint32_t failures;

static void expect(int cond, const char *call, const char *target)
{
	if (cond)
		return;
	failures++;
	raw_puts("# accepted: ");
	raw_puts(call);
	raw_puts(" at ");
	raw_puts(target);
	raw_puts("\n");
}

/* Until no other core runs anything, so that SMP_SET's 0 can only mean a refusal. */
static int wait_idle(void)
{
	uint64_t t0 = now_us();
	while (b_system(SMP_BUSY, 0, 0) && now_us() - t0 < 10000000)
		__asm__ volatile("pause");
	return !b_system(SMP_BUSY, 0, 0);
}

/* Item 6 of issue 11: the BSP's slot holds the program. */
static void smp_set_bsp(uint64_t ap, int have_ap)
{
	tap_ok(b_system(SMP_SET, (uint64_t)noop, bsp_id) == 0,
	       "SMP_SET aimed at the BSP while the program runs is refused (0)");
	tap_ok(b_system(SMP_GET, 0, 0) == 0, "SMP_GET on the BSP stays 0");
	if (have_ap) {
		tap_ok(b_system(SMP_SET, (uint64_t)ap_try_bsp, ap) == (uint64_t)ap_try_bsp &&
		       wait_for(&ap_bsp_done, 1, 10000000) && ap_bsp_result == 0,
		       "SMP_SET aimed at the BSP from another core is refused (0)");
		tap_ok(wait_idle() && b_system(SMP_SET, (uint64_t)ap_fn, ap) == (uint64_t)ap_fn &&
		       wait_for(&ap_runs, 1, 10000000), "SMP_SET on another core still runs");
	}
}

int main(void)
{
	tap_puts("TAP version 13\n");
	uint64_t free_mib = b_system(FREE_MEMORY, 0, 0), cores = b_system(SMP_NUMCORES, 0, 0);
	uint64_t stacks = guest_slots_base(free_mib), prog_end = stacks;
	uint64_t ksize = *(volatile uint32_t *)INFO_KSIZE, out0 = b_system(STDOUT_GET, 0, 0);
	uint64_t ap = 1;
	struct b_nvs_info info;
	bsp_id = b_system(SMP_ID, 0, 0);
	if (ap == bsp_id)
		ap = 0;
	tap_diag("cores", cores);
	tap_diag("kernel_size", ksize);
	tap_ok(ksize >= 0x1000 && ksize <= 32768, "the information table gives the kernel's size");
	uint64_t sectors = b_system(NVS_INFO, 0, (uint64_t)&info);
	tap_ok(sectors > 1 && b_system(MAC_GET, 0, 0) != 0, "drive 0 and interface 0 are there");

	smp_set_bsp(ap, cores >= 2);
	if (mode[10] == 'B')
		tap_exit();

	/* Kernel memory as it is now, kept in program memory; from here to the comparison
	 * nothing goes through the kernel's console. (low_mem is 0, hidden from the
	 * compiler, to which a null pointer means something else.) */
	tap_ok(wait_idle(), "the other cores are idle");
	static const uint8_t *volatile low_mem;
	const uint8_t *low_base = low_mem;
	uint8_t *snap_low = (uint8_t *)PROGRAM_VIRT, *snap_kernel = snap_low + LOW_END;
	memcpy(snap_low, low_base, LOW_END);
	memcpy(snap_kernel, (const void *)KERNEL_ADDR, ksize);

	const struct target w[] = {
		{ 0x1, "0x1 (IDT)", 1 }, { 0x1000, "0x1000 (GDT)", 1 }, { 0x2000, "0x2000 (PML4)", 1 },
		{ 0x3000, "0x3000 (PDPT)", 1 }, { 0x5000, "0x5000 (information table)", 1 },
		{ 0x6000, "0x6000 (memory map)", 1 }, { 0x7000, "0x7000 (AP trampoline)", 1 },
		{ 0xB8000, "0xB8000 (VGA text)", 1 }, { KERNEL_ADDR, "0x100000 (kernel code)", 1 },
		{ 0x100010, "0x100010 (API table)", 1 },
		{ KERNEL_ADDR + ksize + 0x1000, "the kernel's .bss", 1 },
		{ 0x1DF000, "below the payload area", 1 },
		{ PAYLOAD_END - 16, "across the payload area's end", 0 },
		{ PAYLOAD_END, "0x1F0000 (boot stack)", 1 }, { 0x204000, "0x204000 (kernel page tables)", 1 },
		{ 0x220000, "0x220000 (DMA rings)", 1 }, { 0x3FF000, "0x3FF000 (bounce buffers)", 1 },
		{ 0x400000 - 16, "across the kernel's 4 MiB", 0 },
		{ 0x80000000, "0x80000000 (no RAM)", 1 }, { 0xFEC00000, "0xFEC00000 (I/O APIC)", 1 },
		{ 0xFEE00000, "0xFEE00000 (local APIC)", 1 },
		{ 0x0000800000000000ULL, "a non-canonical address", 1 },
		{ prog_end - 16, "across program memory's end", 0 },
		{ stacks, "a guard page", 1 }, { stacks + GUARD + 64, "an exception stack", 1 },
		{ stacks + GUARD + IST_SIZE + 64, "the guard page below a stack", 1 },
		{ virt_to_phys(stacks + 2 * GUARD + IST_SIZE + 64), "a stack through its identity alias", 1 },
		{ virt_to_phys(stacks + GUARD + 64), "an exception stack through its identity alias", 1 },
		{ stacks + SLOT - 128, "the kernel's frames above the program's on its stack", 1 },
		{ stacks + 2 * SLOT - 128, "another core's live stack", 1 },
		{ 0xFFFFFFFFFFFFFFF0ULL, "a range that wraps", 0 },
	};
	const struct target c[] = {
		{ 0x1, "0x1", 1 }, { 0x5000, "0x5000", 1 }, { 0x7000, "0x7000", 1 },
		{ 0x8000, "0x8000 (loader)", 1 }, { KERNEL_ADDR, "0x100000", 1 },
		{ 0x100050, "0x100050 (kernel entry)", 1 }, { out0, "the kernel's b_output", 1 },
		{ PAYLOAD_END, "0x1F0000", 1 }, { 0x1000000, "identity RAM (data, not code)", 1 },
		{ 0x80000000, "0x80000000 (no RAM)", 1 }, { 0xFEE00000, "0xFEE00000", 1 },
		{ stacks, "a guard page", 1 }, { stacks + 2 * GUARD + IST_SIZE + 64, "a stack", 1 },
		{ 0x0000800000000000ULL, "a non-canonical address", 1 },
		{ ~0ULL, "0xFFFFFFFFFFFFFFFF", 1 },
	};
	const unsigned nw = sizeof(w) / sizeof(w[0]), nc = sizeof(c) / sizeof(c[0]);

	for (unsigned i = 0; i < nw; i++) {
		void *p = (void *)w[i].addr;
		expect(b_nvs_read(p, 0, 1, 0) == 0, "b_nvs_read", w[i].name);
		expect(b_system(NVS_INFO, 0, (uint64_t)p) == 0, "NVS_INFO", w[i].name);
		expect(b_system(NET_STATS, (uint64_t)p, 0) == (uint64_t)-22, "NET_STATS", w[i].name);
		if (w[i].byte_too) {
			b_system(SMP_LOCK, (uint64_t)p, 0);     /* returns at once, takes nothing */
			b_system(SMP_UNLOCK, (uint64_t)p, 0);   /* and clears nothing */
		}
	}
	static struct b_range bad_range = { 0, 0, 0, 1 };
	for (unsigned i = 0; i < nc; i++) {
		uint64_t f = c[i].addr;
		int kernel_output = f == out0;
		expect(b_system(CALLBACK_TIMER, f, 1000) == (uint64_t)-22, "CALLBACK_TIMER", c[i].name);
		expect(b_system(CALLBACK_NETWORK, f, 0) == (uint64_t)-22, "CALLBACK_NETWORK", c[i].name);
		expect(b_system(CALLBACK_KEYBOARD, f, 0) == (uint64_t)-22, "CALLBACK_KEYBOARD", c[i].name);
		expect(b_system(SMP_TASK_PUSH, f, 0) == (uint64_t)-22, "SMP_TASK_PUSH", c[i].name);
		bad_range.fn = (void (*)(uint64_t, void *))f;
		expect(b_system(SMP_PARALLEL_FOR, (uint64_t)&bad_range, 0) == (uint64_t)-22,
		       "SMP_PARALLEL_FOR", c[i].name);
		expect(cores < 2 || b_system(SMP_SET, f, ap) == 0, "SMP_SET", c[i].name);
		b_system(STDOUT_SET, f, 0);
		/* the kernel's own b_output is the one kernel routine STDOUT_SET takes back */
		expect(b_system(STDOUT_GET, 0, 0) == out0, kernel_output ? "STDOUT_SET (lost)" : "STDOUT_SET",
		       c[i].name);
		b_system(STDOUT_SET, out0, 0);
	}
	expect(b_system(SMP_PARALLEL_FOR, 0x2000, 0) == (uint64_t)-22, "SMP_PARALLEL_FOR", "a range at 0x2000");
	expect(b_system(SMP_PARALLEL_FOR, 0, 0) == (uint64_t)-22, "SMP_PARALLEL_FOR", "a range at 0");
	expect(b_system(SMP_PARALLEL_FOR, 0x0000800000000000ULL, 0) == (uint64_t)-22,
	       "SMP_PARALLEL_FOR", "a non-canonical range");
	/* Nothing was queued or registered: a few ticks and an idle queue prove it. */
	b_system(DELAY, 20000, 0);
	expect(b_system(SMP_TASK_WAIT, 1000000, 0) == 0, "a task", "the queue");

	uint64_t low = diff_at(snap_low, low_base, LOW_END);
	uint64_t kern = diff_at(snap_kernel, (const uint8_t *)KERNEL_ADDR, ksize);
	tap_diag("calls_refused_expected", 3 * nw + 7 * nc + 4);
	tap_ok(failures == 0, "every write or call through kernel memory, MMIO, holes and guards is refused");
	if (low != LOW_END)
		tap_diag("low_differs_at", low);
	if (kern != ksize)
		tap_diag("kernel_differs_at", KERNEL_ADDR + kern);
	tap_ok(low == LOW_END, "0x0-0x8000 (IDT, GDT, page tables, tables, trampoline) byte-identical");
	tap_ok(kern == ksize, "the kernel's image and API table byte-identical");

	/* The program's own pointers still work. */
	uint8_t stack_buf[SECTOR];
	uint8_t *pm = (uint8_t *)(PROGRAM_VIRT + (1 << 20)), *pm_last = (uint8_t *)(prog_end - SECTOR);
	uint8_t *ident = (uint8_t *)0x1000000, *payload_last = (uint8_t *)(PAYLOAD_END - SECTOR);
	int room = (uint64_t)__bss_end <= PAYLOAD_END - SECTOR;
	tap_ok(b_nvs_read(bss_buf, 0, 1, 0) == 1, "b_nvs_read into the program's .bss");
	tap_ok(b_nvs_read(pm, 0, 1, 0) == 1 && same(pm, bss_buf, SECTOR), "b_nvs_read into program memory");
	tap_ok(b_nvs_read(pm_last, 0, 1, 0) == 1 && same(pm_last, bss_buf, SECTOR),
	       "b_nvs_read into program memory's last page");
	tap_ok(b_nvs_read(stack_buf, 0, 1, 0) == 1 && same(stack_buf, bss_buf, SECTOR),
	       "b_nvs_read into a buffer on the program's stack");
	tap_ok(b_nvs_read(ident, 0, 1, 0) == 1 && same(ident, bss_buf, SECTOR),
	       "b_nvs_read into identity-mapped RAM above 4 MiB");
	tap_ok(!room || (b_nvs_read(payload_last, 0, 1, 0) == 1 && same(payload_last, bss_buf, SECTOR)),
	       "b_nvs_read into the payload area's last page");

	struct b_nvs_info *pm_info = (struct b_nvs_info *)(pm + SECTOR);
	tap_ok(b_system(NVS_INFO, 0, (uint64_t)pm_info) == sectors && same(pm_info, &info, sizeof(info)),
	       "NVS_INFO into program memory and onto the stack");
	struct b_net_stats st0, st1;
	tap_ok(b_system(NET_STATS, (uint64_t)&st0, 0) == 0, "NET_STATS onto the stack");
	b_net_tx((const void *)KERNEL_ADDR, 60, 0);   /* the kernel reads from anywhere mapped */
	b_net_tx((const void *)0x5000, 60, 0);
	tap_ok(b_system(NET_STATS, (uint64_t)&st1, 0) == 0 && st1.tx_frames == st0.tx_frames + 2 &&
	       st1.tx_errors == st0.tx_errors, "b_net_tx sends frames read from kernel memory");
	tap_ok(b_nvs_write((const void *)KERNEL_ADDR, sectors - 1, 1, 0) == 1 &&
	       b_nvs_read(bss_buf, sectors - 1, 1, 0) == 1 && same(bss_buf, (const void *)KERNEL_ADDR, SECTOR),
	       "b_nvs_write writes a sector read from kernel memory");
	tap_puts("# kernel says ");
	b_output((const char *)KERNEL_ADDR + 3, 9);
	tap_puts("\n");
	b_system(DUMP_MEM, KERNEL_ADDR, 16);

	uint8_t stack_lock = 0;
	volatile uint8_t *pm_lock = pm + 2 * SECTOR;
	*pm_lock = 0;
	b_system(SMP_LOCK, (uint64_t)&bss_lock, 0);
	b_system(SMP_LOCK, (uint64_t)&stack_lock, 0);
	b_system(SMP_LOCK, (uint64_t)pm_lock, 0);
	int taken = bss_lock && *(volatile uint8_t *)&stack_lock && *pm_lock;
	b_system(SMP_UNLOCK, (uint64_t)&bss_lock, 0);
	b_system(SMP_UNLOCK, (uint64_t)&stack_lock, 0);
	b_system(SMP_UNLOCK, (uint64_t)pm_lock, 0);
	tap_ok(taken && !bss_lock && !*(volatile uint8_t *)&stack_lock && !*pm_lock,
	       "SMP_LOCK/SMP_UNLOCK on the program's .bss, stack and program memory");

	b_system(STDOUT_SET, (uint64_t)my_out, 0);
	int set = b_system(STDOUT_GET, 0, 0) == (uint64_t)my_out;
	b_output("12345", 5);
	b_system(STDOUT_SET, out0, 0);
	tap_ok(set && out_bytes == 5 && b_system(STDOUT_GET, 0, 0) == out0,
	       "STDOUT_SET takes the program's routine, and the kernel's back");

	tap_ok(b_system(SMP_TASK_PUSH, (uint64_t)task_fn, 3) == 0 && b_system(SMP_TASK_WAIT, 5000000, 0) == 0 &&
	       task_runs == 3, "SMP_TASK_PUSH runs the program's function");
	tap_ok(b_system(CALLBACK_TIMER, (uint64_t)tick_fn, 1000) == 0 && wait_for(&ticks, 2, 5000000) &&
	       b_system(CALLBACK_TIMER, 0, 0) == 0, "CALLBACK_TIMER runs the program's function");
	tap_ok(b_system(CALLBACK_NETWORK, (uint64_t)noop, 0) == 0 && b_system(CALLBACK_NETWORK, 0, 0) == 0 &&
	       b_system(CALLBACK_KEYBOARD, (uint64_t)task_fn, 0) == 0 && b_system(CALLBACK_KEYBOARD, 0, 0) == 0,
	       "CALLBACK_NETWORK and CALLBACK_KEYBOARD take the program's functions");
	struct b_range range = { pfor_fn, 0, 0, 100 };
	tap_ok(b_system(SMP_PARALLEL_FOR, (uint64_t)&range, 0) == 0 && pfor_sum == 4950,
	       "SMP_PARALLEL_FOR with its range on the stack");

	/* Code in program memory: inc qword [abs32]; ret. */
	uint8_t *code = pm + 4 * SECTOR;
	uint32_t counter = (uint32_t)(uint64_t)&pm_code_runs;
	const uint8_t insn[] = { 0x48, 0xFF, 0x04, 0x25, (uint8_t)counter, (uint8_t)(counter >> 8),
				 (uint8_t)(counter >> 16), (uint8_t)(counter >> 24), 0xC3 };
	memcpy(code, insn, sizeof(insn));
	tap_ok(b_system(SMP_TASK_PUSH, (uint64_t)code, 0) == 0 && b_system(SMP_TASK_WAIT, 5000000, 0) == 0 &&
	       pm_code_runs == 1, "SMP_TASK_PUSH runs code in program memory");
	tap_ok(cores < 2 || (wait_idle() && b_system(SMP_SET, (uint64_t)code, ap) == (uint64_t)code &&
			     wait_for(&pm_code_runs, 2, 10000000)), "SMP_SET runs code in program memory");
	tap_exit();
}
